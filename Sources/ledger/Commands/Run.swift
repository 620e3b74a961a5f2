import ArgumentParser
import Checklist
import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ledger run ITEM [-- COMMAND...]`: runs a step and records what happened.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command for a checklist item and record it.",
        discussion: """
            Records action.started, runs the command with its output streamed to the terminal, then records \
            action.finished: exit code, duration, size and SHA-256 of stdout and stderr (the output itself, up to \
            256 KiB per stream, with --record-output). Without a command, offers the item's own code block from the \
            checklist: shown first, run with bash -e -o pipefail (the first failing command ends it) only when \
            confirmed (--yes for scripts). A block that offers alternatives (# Using systemd / # Using Docker, \
            # In development / # In production) is never run whole: choose one with --variant N|LABEL, or on a \
            terminal when asked. Exits with the command's exit code (128+N when killed by signal N).
            """)

    @Argument(help: ArgumentHelp("The item: number, slug or unique text prefix.", valueName: "ITEM"), completion: Completions.items) var item: String
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command to run, after --.", valueName: "COMMAND")) var command: [String] = []
    @Flag(help: "Run the checklist's code block without asking.") var yes = false
    @Option(
        help: ArgumentHelp(
            "The alternative of the item's code block to run: its number or label (a unique prefix will do).",
            valueName: "N|LABEL")) var variant: String?
    @Flag(help: "Tick the item when the command exits 0.") var tick = false
    @Flag(help: "Encrypt the output into the log too (at most 256 KiB per stream).") var recordOutput = false
    @OptionGroup var writing: WritingContext

    func validate() throws {
        if variant != nil, !command.isEmpty { throw ValidationError("--variant chooses among the item's own commands; it cannot go with a command after --") }
    }

    func run() throws {
        guard Supervision.isAvailable else { throw Self.needsLinux }  // before any passphrase is asked for
        let (ledger, summary, signer) = try writing.open()
        let deployment = summary.id
        var request = RunRequest(item: item, command: command, recordOutput: recordOutput, tickOnSuccess: tick)
        if command.isEmpty {
            let chosen = try ChecklistScript(item: item, variant: variant, yes: yes).confirmed(ledger.view(of: deployment))
            request.script = chosen.code
            request.variant = chosen.variant
        }
        let result = try ledger.run(request, in: deployment, actor: writing.who, signer: signer)
        Console.printError(RunText.summary(result))
        switch result.action.outcome {
        case .exited(let code): if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        case .signalled(let sig): throw ExitCode(Int32(128 + sig))
        case .interrupted: throw ExitCode(130)
        case .unfinished: break
        }
    }
}

extension Run {
    /// The refusal off Linux (docs/CLI.md §ledger run): exit 1, nothing asked or recorded.
    static let needsLinux = LedgerError(
        .failure, "ledger run needs Linux: it binds the command and every process it starts to ledger's life with prctl and /proc",
        hint: "run the step on a Linux machine, or run it by hand and record it with ledger note / ledger tick")
}

/// How a run is reported.
enum RunText {
    static func summary(_ r: RunResult) -> String {
        let a = r.action
        let time = a.durationMs.map { Printf.fixed(Double($0) / 1000, places: 1) + " s" } ?? "?"
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

/// Questions on the terminal.
enum Confirm {
    /// True when standard input is a terminal.
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks a yes/no question on /dev/tty when standard input is a terminal; false otherwise
    /// or when the answer is not yes.
    static func ask(_ question: String) -> Bool {
        guard let answer = line(question) else { return false }
        return ["y", "yes"].contains(answer.lowercased())
    }

    /// Asks on /dev/tty and returns the line answered (trimmed); nil without a terminal.
    static func line(_ question: String) -> String? {
        guard isTerminal, let tty = try? Descriptor.open("/dev/tty", O_RDWR) else { return nil }
        tty.write(question)
        var answer: [UInt8] = []
        while let byte = try? tty.read(upTo: 1), let b = byte.first, b != 10 { answer.append(b) }
        return String(decoding: answer, as: UTF8.self).trimmingWhitespace()
    }
}
