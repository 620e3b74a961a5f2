import Checklist
import Foundation
import LedgerCore
import Synchronization

/// What to run for an item.
public struct RunRequest: Sendable {
    /// The item (number, slug or text prefix).
    public var item: String
    /// The command line; empty means: the item's own code block (`script`).
    public var command: [String]
    /// The checklist script to run with the shell, when `command` is empty.
    public var script: String?
    /// Encrypt up to 256 KiB of each output stream into the log.
    public var recordOutput: Bool
    /// Tick the item when the command exits 0.
    public var tickOnSuccess: Bool

    /// Creates a request.
    public init(item: String, command: [String], script: String? = nil, recordOutput: Bool = false, tickOnSuccess: Bool = false) {
        self.item = item
        self.command = command
        self.script = script
        self.recordOutput = recordOutput
        self.tickOnSuccess = tickOnSuccess
    }
}

/// What a run did.
public struct RunResult: Sendable {
    /// The item.
    public let item: Item
    /// The `action.started` record.
    public let startSeq: Int64
    /// The action as the log now shows it.
    public let action: ActionState
    /// True when `--tick` ticked the item.
    public let ticked: Bool
}

extension LedgerFile {
    /// Runs a command for an item: records `action.started`, runs it with its output echoed
    /// to ours, then records `action.finished` (exit code or signal, duration, size and
    /// SHA-256 of both streams, and the streams themselves when asked). SIGINT, SIGTERM and
    /// SIGHUP are passed to the command and the action is recorded as interrupted.
    /// - Throws: `LedgerError` when the item is unknown or the phase refuses it; a failing
    ///   command is not an error (its exit code is in the result).
    public func run(_ request: RunRequest, in deployment: DeploymentID, actor: Actor) throws(LedgerError) -> RunResult {
        let (item, startSeq) = try startAction(request, in: deployment, actor: actor)
        let outcome = ChildProcess.run(request.command.isEmpty ? ["/bin/bash", "-c", request.script ?? ""] : ["/usr/bin/env"] + request.command,
                                       keep: request.recordOutput ? DeploymentEvents.maxEmbeddedOutput : 0)
        let data = DeploymentEvents.finished(
            action: startSeq, item: item.id, exitCode: outcome.exitCode, signal: outcome.signal, durationMs: outcome.durationMs,
            interrupted: outcome.interrupted, stdout: outcome.stdout(request.recordOutput), stderr: outcome.stderr(request.recordOutput))
        try append([Event(kind: .actionFinished, deployment: deployment, by: actor, time: clock.now(), data: data)])
        var ticked = false
        if request.tickOnSuccess, outcome.exitCode == 0, !outcome.interrupted {
            ticked = try change(item.id.rawValue, in: deployment, actor: actor, .tick(note: "ran: \(Self.commandText(request))")).record != nil
        }
        let action = try view(of: deployment).actions.first { $0.seq == startSeq }!
        return RunResult(item: item, startSeq: startSeq, action: action, ticked: ticked)
    }

    static func commandText(_ r: RunRequest) -> String {
        r.command.isEmpty ? "the checklist's commands" : r.command.joined(separator: " ")
    }

    func startAction(_ request: RunRequest, in deployment: DeploymentID, actor: Actor) throws(LedgerError) -> (Item, Int64) {
        var item: Item?
        let records = try update(deployment) { (view) throws(LedgerError) -> [Event] in
            item = try view.template.resolveItem(request.item)
            if let refusal = view.refusal(.work(item!.id)) { throw refusal }
            let data = DeploymentEvents.started(item: item!.id, command: request.command, script: request.command.isEmpty ? request.script : nil,
                                                runner: RunnerIdentity.current())
            return [Event(kind: .actionStarted, deployment: deployment, by: actor, time: clock.now(), data: data)]
        }
        return (item!, records[0].seq)
    }
}

/// This process as a runner: host, boot id and pid (FORMAT.md §9, `action.started`).
public enum RunnerIdentity {
    /// The current process.
    public static func current() -> DeploymentEvents.Runner {
        DeploymentEvents.Runner(host: ProcessInfo.processInfo.hostName, boot: bootID, pid: Int64(getpid()))
    }

    static var bootID: String {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Whether an unfinished action's runner is still alive: true or false when it ran on
    /// this machine since its last boot, nil when that cannot be known here.
    public static func isAlive(_ r: DeploymentEvents.Runner) -> Bool? {
        let here = current()
        guard r.host == here.host, !r.boot.isEmpty, r.boot == here.boot else { return nil }
        if r.pid == here.pid { return true }
        return kill(pid_t(r.pid), 0) == 0 || errno == EPERM
    }
}
