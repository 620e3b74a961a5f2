import ArgumentParser
import LedgerCore
import LedgerStore

/// A command whose output can be JSON: when it is, a failure is also printed as one JSON
/// object on standard output (`ErrorText.json`), so that `jq` never reads nothing.
protocol JSONRequesting {
    /// True when this command line asked for JSON output.
    var jsonRequested: Bool { get }
}

/// Whether a failure is reported as JSON too (docs/CLI.md §Errors as JSON).
enum JSONErrors {
    /// True when `command` (the parsed command line) asked for JSON on standard output; when
    /// the command line did not parse, true when its arguments (before any `--`) hold
    /// `--json`, or `--format json|jsonl` without `--output`, or are the `prove` command.
    static func requested(by command: (any ParsableCommand)?, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Bool {
        if let command { return (command as? any JSONRequesting)?.jsonRequested ?? false }
        let words = Array(arguments.prefix { $0 != "--" })
        if words.contains("--json") || words.first == "prove" { return true }
        let toFile = words.contains { $0 == "--output" || $0.hasPrefix("--output=") }
        for (i, w) in words.enumerated() where !toFile {
            if w == "--format=json" || w == "--format=jsonl" { return true }
            if w == "--format", i + 1 < words.count, ["json", "jsonl"].contains(words[i + 1]) { return true }
        }
        return false
    }
}

extension Status: JSONRequesting { var jsonRequested: Bool { output.json } }
extension Show: JSONRequesting { var jsonRequested: Bool { format.json } }
extension Deploy.List: JSONRequesting { var jsonRequested: Bool { output.json } }
extension RosterCommand.List: JSONRequesting { var jsonRequested: Bool { output.json } }
extension Key.Show: JSONRequesting { var jsonRequested: Bool { output.json } }
extension Verify: JSONRequesting { var jsonRequested: Bool { output.json } }
extension VerifyExport: JSONRequesting { var jsonRequested: Bool { output.json } }
extension Log: JSONRequesting { var jsonRequested: Bool { output.json } }
extension ExportChecklist: JSONRequesting { var jsonRequested: Bool { format == .json && output == nil } }
extension ExportTimeline: JSONRequesting { var jsonRequested: Bool { format == .jsonl && output == nil } }
extension Prove: JSONRequesting { var jsonRequested: Bool { true } }

extension LedgerFile {
    /// The head as the JSON documents state it (a ledger always has record 1).
    /// - Throws: `LedgerError`.
    func jsonHead() throws(LedgerError) -> DeploymentJSON.Head {
        let h = try head()
        return DeploymentJSON.Head(seq: h?.seq ?? 0, hash: h?.hash ?? [])
    }
}
