import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger status`: progress by section and what blocks sign-off.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the deployment's progress and what blocks sign-off.")
    @OptionGroup var context: DeploymentContext
    @Flag(help: "Show subsections too (the JSON always has every section).") var all = false
    @OptionGroup var output: OutputOptions
    @OptionGroup var style: ColorOptions

    func run() throws {
        let (ledger, summary) = try context.open(readOnly: true)
        let d = try ledger.view(of: summary.id)
        if output.json { return Console.json(DeploymentJSON.status(d, ledger: ledger.id, head: try ledger.jsonHead()).canonicalString) }
        Console.block(StatusText.render(d, depth: all ? .max : 1)) { Highlight.status($0, phase: d.phase) }
    }
}

/// The text of `ledger status`.
enum StatusText {
    static func render(_ d: DeploymentView, depth: Int) -> String {
        var lines =
            FailureText.lines(d) + [
                "deployment '\(d.name)' (\(d.id.hex.prefix(8))), started \(d.startedAt) by \(d.startedBy)",
                "template \(d.templateName), sha256 \(d.templateSHA256.prefix(16))…",
                "phase: \(d.phase.label)" + (d.phaseChanges.last.map { " (since \($0.time), record \($0.seq))" } ?? ""),
            ]
        if let r = d.rollback {
            lines.append("rollback decided by \(r.decidedBy) at \(r.decidedAt): \(r.criterionID) \(r.criterionText)" + (r.details.map { " — \($0)" } ?? ""))
        }
        if let c = d.closure {
            let accepted =
                c.acceptedOpen.isEmpty
                ? "" : ", \(c.acceptedOpen.count) required item\(c.acceptedOpen.count == 1 ? "" : "s") accepted open: \(TerminalText.safe(c.reason ?? ""))"
            lines.append("closed by its lead \(TerminalText.safe(c.actor)) at \(c.time) (record \(c.seq))\(accepted)")
        }
        lines += d.actions.suffix(5).map { "  ran \($0.item) \(ActionText.describe($0))" }
        lines.append("")
        let sections = d.sectionProgress(maxDepth: depth)
        let labels = sections.map { s -> String in String(repeating: "  ", count: max(0, s.level - 2)) + s.number + " " + s.displayTitle }
        let width = min(44, labels.map(\.count).max() ?? 20)
        for (s, label) in zip(sections, labels) {
            let p = s.progress
            let count = String(p.done + p.notApplicable).leftPadded(3) + "/" + String(p.total).leftPadded(3)
            lines.append("  " + label.fitted(width).padded(width) + "  " + bar(p.fraction) + "  " + count)
        }
        let p = d.progress
        lines.append("")
        lines.append("overall: \(p.done) done, \(p.notApplicable) not applicable, \(p.open) open of \(p.total)")
        lines.append(contentsOf: blockers(d))
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }

    static func blockers(_ d: DeploymentView) -> [String] {
        let open = d.openItems
        var out: [String] = []
        if open.isEmpty {
            out.append("every item is settled")
        } else {
            out.append("blocks sign-off: \(open.count) open item\(open.count == 1 ? "" : "s"), first:")
            out += open.prefix(5).map { "  \($0.id) \($0.plainText)" }
        }
        let next = PhaseText.next(d)
        if !next.isEmpty { out.append("next: \(next)") }
        return out + signoffLines(d)
    }

    /// Each role: signed (by whom, when, which key), stale, or still to sign.
    static func signoffLines(_ d: DeploymentView) -> [String] {
        let roles = d.roleSignoffs
        guard !roles.isEmpty else { return [] }
        var out = ["sign-offs (\(roles.filter(\.isSigned).count) of \(roles.count)):"]
        for r in roles {
            let role = r.role
            guard let s = r.signoff, let st = s.statement else { out.append("  \(role): not signed"); continue }
            let state = r.stale ? "STALE (the checklist changed since; sign again)" : "signed"
            let accepted = st.acceptedOpen.isEmpty ? "" : ", \(st.acceptedOpen.count) item\(st.acceptedOpen.count == 1 ? "" : "s") accepted open"
            out.append("  \(role): \(state) by \(st.signer) at \(st.time), key \(st.keyID), record \(s.seq)\(accepted)")
        }
        return out
    }

    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let n = Int((fraction * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: n) + String(repeating: ".", count: width - n) + "]"
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}

/// Words about phases and actions.
enum PhaseText {
    /// What would move the deployment on.
    static func next(_ d: DeploymentView) -> String {
        if d.phaseAllowsSignoff, d.signerRoles.isEmpty {
            return "when every required item is settled, close it: 'ledger deploy close' (it has no sign-off roles)"
        }
        if d.isPhaseless, d.phaseAllowsSignoff {
            return d.signoffs.isEmpty
                ? "settle every required item, then sign off: 'ledger sign --role ROLE --key FILE'"
                : "still to sign: \(d.missingSignoffs.joined(separator: ", "))"
        }
        switch d.phase {
        case .preparing: return "tick or run an execution step (\(stageTitles(d, .execution))) to start executing"
        case .executing: return "tick or run a verification item (\(stageTitles(d, .verification))) to start verifying"
        case .verifying:
            return d.signoffs.isEmpty
                ? "sign off when verification is done: 'ledger sign --role ROLE --key FILE'"
                : "still to sign: \(d.missingSignoffs.joined(separator: ", "))"
        case .rollbackDecided, .rollingBack: return "work the rollback steps, then 'ledger rollback complete'"
        case .signedOff, .rolledBack, .closed: return ""
        }
    }

    /// The numbers of the sections whose items are of `stage` (at most four), or "none".
    static func stageTitles(_ d: DeploymentView, _ stage: Stage) -> String {
        var seen: [String] = []
        for item in d.items(in: stage) {
            let section = item.sectionNumber.map { "section \($0)" } ?? "item \(item.id)"
            if !seen.contains(section) { seen.append(section) }
        }
        return seen.isEmpty ? "the checklist has none" : seen.prefix(4).joined(separator: ", ") + (seen.count > 4 ? ", …" : "")
    }
}

/// What `ledger status` says first after a failed step: which step, how it failed, and the
/// ways on (retry it, or decide a rollback on one of the template's criteria).
enum FailureText {
    /// The lines (empty when nothing failed, or the deployment is closed).
    static func lines(_ d: DeploymentView) -> [String] {
        let failures = d.failedSteps
        guard !failures.isEmpty else { return [] }
        var out: [String] = []
        for a in failures {
            let text = d.template.item(a.item)?.plainText ?? ""
            let after = a.durationMs.map { " after \(EventSummary.seconds($0)) s" } ?? ""
            out.append(
                TerminalText.safe("step \(a.item) \(text) failed: \(outcome(a))\(after), run by \(a.actor) at \(a.startedAt) (record \(a.finishSeq ?? a.seq))"))
            out.append(
                TerminalText.safe("  retry it: ledger run \(a.item)" + (a.command.isEmpty ? "" : " -- " + a.command.map(shellQuoted).joined(separator: " "))))
        }
        if d.rollback == nil {
            let criteria = d.template.rollbackCriteria
            out.append(
                "  or decide a rollback: ledger rollback decide --reason CRITERION [--details TEXT]"
                    + (criteria.isEmpty ? "" : ", CRITERION one of:"))
            out += criteria.map { TerminalText.safe("    \($0.id) \($0.text)") }
        }
        return out + [""]
    }

    /// `word` as one shell word: as it is when it is plain, otherwise in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0))
            }
        return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// `exited 3`, `killed by signal 9`, `interrupted`.
    static func outcome(_ a: ActionState) -> String {
        switch a.outcome {
        case .exited(let c): "exited \(c)"
        case .signalled(let s): "killed by signal \(s)"
        case .interrupted: "interrupted"
        case .unfinished: "unfinished"
        }
    }
}

/// How an action prints.
enum ActionText {
    static func describe(_ a: ActionState) -> String {
        let cmd = a.command.isEmpty ? "(checklist commands)" : a.command.joined(separator: " ")
        let dur = a.durationMs.map { " in " + Printf.fixed(Double($0) / 1000, places: 1) + " s" } ?? ""
        return "\(cmd): \(outcome(a))\(dur), by \(a.actor) at \(a.startedAt)"
    }

    static func outcome(_ a: ActionState) -> String {
        switch a.outcome {
        case .exited(let c): return "exit \(c)"
        case .signalled(let s): return "killed by signal \(s)"
        case .interrupted: return "interrupted"
        case .unfinished:
            guard let r = a.runner, let alive = RunnerIdentity.isAlive(r) else { return "interrupted (no finish recorded)" }
            return alive ? "running (pid \(r.pid))" : "interrupted (its runner, pid \(r.pid), is gone)"
        }
    }
}
