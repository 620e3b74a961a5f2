import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger run ITEM [-- COMMAND...]`: runs a step and records what happened.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a command for a checklist item and record it.",
        discussion: """
            Records action.started, runs the command with its output streamed to the terminal, then records \
            action.finished: exit code, duration, size and SHA-256 of stdout and stderr (the output itself, up to \
            256 KiB per stream, with --record-output). Without a command, offers the item's own code block from the \
            checklist: shown first, run with bash only when confirmed (--yes for scripts). Exits with the command's \
            exit code (128+N when killed by signal N).
            """)

    @Argument(help: ArgumentHelp("The item: number, slug or unique text prefix.", valueName: "ITEM")) var item: String
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command to run, after --.", valueName: "COMMAND")) var command: [String] = []
    @Flag(help: "Run the checklist's code block without asking.") var yes = false
    @Flag(help: "Tick the item when the command exits 0.") var tick = false
    @Flag(help: "Encrypt the output into the log too (at most 256 KiB per stream).") var recordOutput = false
    @OptionGroup var writing: WritingContext

    func run() throws {
        let (ledger, summary) = try writing.open()
        let deployment = summary.id
        var request = RunRequest(item: item, command: command, recordOutput: recordOutput, tickOnSuccess: tick)
        if command.isEmpty { request.script = try confirmedScript(ledger.view(of: deployment)) }
        let result = try ledger.run(request, in: deployment, actor: writing.who)
        Console.printError(RunText.summary(result))
        switch result.action.outcome {
        case .exited(let code): if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        case .signalled(let sig): throw ExitCode(Int32(128 + sig))
        case .interrupted: throw ExitCode(130)
        case .unfinished: break
        }
    }

    /// The item's code block, shown and confirmed.
    func confirmedScript(_ view: DeploymentView) throws(LedgerError) -> String {
        let it = try view.template.resolveItem(item)
        guard !it.codeBlocks.isEmpty else {
            throw LedgerError(.usage, "\(it.id) \(it.plainText) has no commands in the checklist",
                              hint: "give the command after --: ledger run \(it.id) -- COMMAND ARGS")
        }
        let script = it.codeBlocks.map(\.code).joined(separator: "\n")
        Console.printError("\(it.id) \(it.plainText): the checklist's commands are:")
        Console.printError(script.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        if yes { return script }
        guard Confirm.ask("Run them now with bash? [y/N] ") else {
            throw LedgerError(.failure, "not run: not confirmed", hint: "answer y, or pass --yes in scripts; nothing was written")
        }
        return script
    }
}

/// How a run is reported.
enum RunText {
    static func summary(_ r: RunResult) -> String {
        let a = r.action
        let time = a.durationMs.map { String(format: "%.1f s", Double($0) / 1000) } ?? "?"
        let how: String
        switch a.outcome {
        case .exited(let c): how = "exited \(c)"
        case .signalled(let s): how = "killed by signal \(s)"
        case .interrupted: how = "interrupted"
        case .unfinished: how = "unfinished"
        }
        var line = "ledger: \(r.item.id) \(r.item.plainText): \(how) after \(time) (records \(a.seq)–\(a.finishSeq ?? a.seq))"
        if r.ticked { line += "; ticked" }
        return line
    }
}

/// A yes/no question on the terminal.
enum Confirm {
    /// Asks on /dev/tty when standard input is a terminal; false otherwise or when the
    /// answer is not yes.
    static func ask(_ question: String) -> Bool {
        guard isatty(STDIN_FILENO) == 1, let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return false }
        tty.write(Data(question.utf8))
        var answer: [UInt8] = []
        while let byte = try? tty.read(upToCount: 1), let b = byte.first, b != 10 { answer.append(b) }
        return ["y", "yes"].contains(String(decoding: answer, as: UTF8.self).lowercased().trimmingCharacters(in: .whitespaces))
    }
}
