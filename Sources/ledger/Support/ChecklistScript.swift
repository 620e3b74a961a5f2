import Checklist
import FoundationEssentials
import LedgerCore
import LedgerStore

/// `ledger run ITEM` without a command: the item's own code block, shown, its alternative
/// chosen when it offers several (docs/CLI.md §ledger run), and confirmed.
struct ChecklistScript {
    let item: String
    let variant: String?
    let yes: Bool

    /// The text to run and the label of the alternative it is (nil when the block runs whole).
    /// - Throws: `LedgerError`: `.usage` when the item has no commands, when `--variant` names no
    ///   alternative (or the block has none), or when one must be chosen and there is no
    ///   terminal; `.failure` when not confirmed. Nothing is written in any case.
    func confirmed(_ view: DeploymentView) throws(LedgerError) -> (code: String, variant: String?) {
        let it = try view.template.resolveItem(item)
        let name = TerminalText.safe("\(it.id) \(it.plainText)")
        guard !it.codeBlocks.isEmpty else {
            throw LedgerError(
                .usage, "\(name) has no commands in the checklist",
                hint: "give the command after --: ledger run \(it.id) -- COMMAND ARGS")
        }
        let alternatives = it.alternatives
        var chosen: (code: String, variant: String?) = (it.script, nil)
        if alternatives.isEmpty {
            if variant != nil {
                throw LedgerError(
                    .usage, "\(name): its commands offer no alternatives, so --variant does not apply",
                    hint: "run it without --variant: ledger run \(it.id)")
            }
        } else {
            let a = try choose(alternatives, name: name, id: it.id.rawValue)
            chosen = (a.code, a.label)
        }
        let what = chosen.variant.map { "alternative \"\(TerminalText.safe($0))\" of the checklist's commands" } ?? "the checklist's commands"
        Console.printError("\(name): \(what) \(chosen.variant == nil ? "are" : "is"):")
        Console.printError(Self.indented(chosen.code))
        if yes { return chosen }
        guard Confirm.ask("Run \(chosen.variant == nil ? "them" : "it") now, stopping at the first failing command? [y/N] ") else {
            throw LedgerError(.failure, "not run: not confirmed", hint: "answer y, or pass --yes in scripts; nothing was written")
        }
        return chosen
    }

    /// The alternative `--variant` names, else the one chosen on the terminal.
    func choose(_ alternatives: [CommandAlternative], name: String, id: String) throws(LedgerError) -> CommandAlternative {
        let choices = alternatives.map { "\($0.number) \(TerminalText.safe($0.label))" }.joined(separator: ", ")
        let hint = "pass --variant N|LABEL: \(choices) (e.g. ledger run \(id) --variant \(alternatives[0].number))"
        guard let choice = variant ?? askOnTerminal(alternatives, name: name) else {
            if variant == nil { Self.list(alternatives, name: name) }
            throw LedgerError(.usage, "\(name): its commands offer \(alternatives.count) alternatives; choose one", hint: hint)
        }
        switch Alternatives.choose(choice, from: alternatives) {
        case .success(let a): return a
        case .failure(let m):
            let what =
                m.candidates.isEmpty
                ? "names none of them"
                : "matches several: " + m.candidates.map { "\($0.number) \(TerminalText.safe($0.label))" }.joined(separator: ", ")
            throw LedgerError(.usage, "\(name): '\(TerminalText.safe(choice))' \(what)", hint: hint)
        }
    }

    /// On a terminal: lists the alternatives and asks for one; nil when there is no terminal
    /// or the answer is empty.
    func askOnTerminal(_ alternatives: [CommandAlternative], name: String) -> String? {
        guard Confirm.isTerminal else { return nil }
        Self.list(alternatives, name: name)
        let answer = Confirm.line("Which one? [1-\(alternatives.count) or a label; empty: none] ")
        return answer?.isEmpty == false ? answer : nil
    }

    static func list(_ alternatives: [CommandAlternative], name: String) {
        Console.printError("\(name): the checklist's commands offer \(alternatives.count) alternatives (only one is run):")
        for a in alternatives {
            Console.printError("  \(a.number)  \(TerminalText.safe(a.label))")
            Console.printError(indented(a.code, by: "       "))
        }
    }

    static func indented(_ code: String, by prefix: String = "    ") -> String {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last == "" { lines.removeLast() }  // the newline that ends the last line
        return lines.map { prefix + TerminalText.safe(String($0)) }.joined(separator: "\n")
    }
}
