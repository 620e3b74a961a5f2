import Checklist
import FoundationEssentials
import LedgerCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The label of the alternative `script` is, when the item's block offers several.
    public var variant: String?

    /// Creates a request.
    public init(
        item: String, command: [String], script: String? = nil, variant: String? = nil, recordOutput: Bool = false,
        tickOnSuccess: Bool = false
    ) {
        self.item = item
        self.command = command
        self.script = script
        self.variant = variant
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
    /// SIGHUP are passed to the command and the action is recorded as interrupted. Every record
    /// (and the tick of `--tick`) is signed with `signer` when one is given.
    /// - Throws: `LedgerError` when commands cannot be supervised here (`Supervision`), the item
    ///   is unknown or the phase refuses it; a failing command is not an error (its exit code is
    ///   in the result).
    public func run(_ request: RunRequest, in deployment: DeploymentID, actor: Actor, signer: Signer? = nil) throws(LedgerError) -> RunResult {
        try Supervision.require()
        let (item, startSeq) = try startAction(request, in: deployment, actor: actor, signer: signer)
        let argv = request.command.isEmpty ? ScriptShell.argv + [request.script ?? ""] : ["/usr/bin/env"] + request.command
        let outcome = ChildProcess.run(argv, keep: request.recordOutput ? DeploymentEvents.maxEmbeddedOutput : 0)
        let data = DeploymentEvents.finished(
            action: startSeq, item: item.id, exitCode: outcome.exitCode, signal: outcome.signal, durationMs: outcome.durationMs,
            interrupted: outcome.interrupted, stdout: outcome.stdout(request.recordOutput), stderr: outcome.stderr(request.recordOutput))
        try append([Event(kind: .actionFinished, deployment: deployment, by: actor, time: clock.now(), data: data)], signer: signer)
        var ticked = false
        if request.tickOnSuccess, outcome.exitCode == 0, !outcome.interrupted {
            ticked = try change(item.id.rawValue, in: deployment, actor: actor, .tick(note: "ran: \(Self.commandText(request))"), signer: signer).record != nil
        }
        let action = try view(of: deployment).actions.first { $0.seq == startSeq }!
        return RunResult(item: item, startSeq: startSeq, action: action, ticked: ticked)
    }

    static func commandText(_ r: RunRequest) -> String {
        r.command.isEmpty ? "the checklist's commands" : r.command.joined(separator: " ")
    }

    func startAction(_ request: RunRequest, in deployment: DeploymentID, actor: Actor, signer: Signer?) throws(LedgerError) -> (Item, Int64) {
        var item: Item?
        let records = try update(deployment, signer: signer) { (view) throws(LedgerError) -> [Event] in
            item = try view.template.resolveItem(request.item)
            if let refusal = view.refusal(.work(item!.id)) { throw refusal }
            let scripted = request.command.isEmpty
            let data = DeploymentEvents.started(
                item: item!.id, command: request.command, script: scripted ? request.script : nil,
                shell: scripted ? ScriptShell.argv : nil, variant: scripted ? request.variant : nil,
                runner: RunnerIdentity.current())
            return [Event(kind: .actionStarted, deployment: deployment, by: actor, time: clock.now(), data: data)]
        }
        return (item!, records[0].seq)
    }
}

/// How a checklist script runs: so that its first failing command fails the step.
///
/// bash with `-e` (stop at the first failing command), `-o pipefail` (a pipeline fails when any
/// of its commands does) and `-O inherit_errexit` (so do command substitutions) when
/// `/bin/bash` exists; POSIX `sh -e` otherwise. The script is the argument after `-c`.
public enum ScriptShell {
    /// The shell's argv before the script, as recorded in `action.started` (`shell`).
    public static var argv: [String] {
        FileManager.default.isExecutableFile(atPath: "/bin/bash")
            ? ["/bin/bash", "-e", "-o", "pipefail", "-O", "inherit_errexit", "-c"] : ["/bin/sh", "-e", "-c"]
    }
}

/// This process as a runner: host, boot id and pid (FORMAT.md §9, `action.started`).
public enum RunnerIdentity {
    /// The current process.
    public static func current() -> DeploymentEvents.Runner {
        DeploymentEvents.Runner(host: ProcessInfo.processInfo.hostName, boot: bootID, pid: Int64(getpid()))
    }

    static var bootID: String {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?.trimmingWhitespaceAndNewlines() ?? ""
    }

    /// Whether an unfinished action's runner is still alive: true or false when it ran on
    /// this machine since its last boot, nil when that cannot be known here.
    public static func isAlive(_ r: DeploymentEvents.Runner) -> Bool? {
        let here = current()
        guard r.host == here.host, !r.boot.isEmpty, r.boot == here.boot else { return nil }
        if r.pid == here.pid { return true }
        guard kill(pid_t(r.pid), 0) == 0 || errno == EPERM else { return false }
        return !isZombie(pid_t(r.pid))
    }

    /// True when `pid` has exited but was not reaped (state Z in /proc/PID/stat): not running.
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[close...].dropFirst(2).first == "Z"
    }
}
