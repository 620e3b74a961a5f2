import Checklist

/// The annotated Markdown export (docs/CLI.md, "The filled-in checklist"): the template's bytes
/// filled in as `markdown` does, with what the log says about each item inserted as sub-lines
/// under it, a rollback banner at the top, and notes recorded after the first sign-off in a
/// dated part of their own at the end. Every recorded string is escaped for Markdown and HTML.
extension ChecklistExport {
    /// The default `ledger export checklist --format md`.
    public static func annotatedMarkdown(_ d: DeploymentView) -> [UInt8] {
        let cutoff = firstSignoff(d)?.seq ?? .max
        var f = ChecklistFill()
        f.ticked = Set(d.template.items.filter { d.state($0.id).status == .done }.map(\.id))
        // The renderer escapes `|` in cells itself; everything else is escaped here.
        f.contacts = d.contacts.mapValues {
            $0.mapValues { $0.split(separator: "|", omittingEmptySubsequences: false).map { esc(String($0)) }.joined(separator: "|") }
        }
        f.signatures = signatureFill(d, escape: esc)
        let signed = d.notes.filter { $0.seq < cutoff }
        let hasBlock = d.template.notes.map { !$0.openingFence.isEmpty } ?? false
        if hasBlock, !signed.isEmpty { f.notes = signed.map { "\($0.time) \($0.actor): \($0.text)" }.joined(separator: "\n") }
        var annotations = Annotations(d.template.source)
        for item in d.template.items {
            annotations.annotate(item, lines: itemLines(d, item, cutoff: cutoff), notApplicable: d.state(item.id).status == .notApplicable)
        }
        if let banner = rollbackBanner(d) { annotations.insertBanner(banner) }
        f.insertions = annotations.insertions
        var out = d.template.render(f)
        if !hasBlock, !signed.isEmpty {
            annotations.appendPart(to: &out, "## Deployment notes (from the ledger)", [], signed.map(noteLine))
        }
        if let s = firstSignoff(d) {
            let late = lateNotes(d, cutoff: cutoff)
            if !late.isEmpty {
                let who = s.statement.map { " by \(esc($0.signer)) as \(esc($0.role))" } ?? ""
                annotations.appendPart(
                    to: &out, "## Added after sign-off",
                    ["Recorded after the first sign-off (record \(s.seq), \(s.time)\(who)); not part of what was signed."], late)
            }
        }
        return out
    }

    /// The first sign-off that counts, if any: notes recorded after it were not seen by every signer.
    public static func firstSignoff(_ d: DeploymentView) -> Signoff? { d.signoffs.min { $0.seq < $1.seq } }

    /// An item's sub-lines: its status change, notes (up to `cutoff`), evidence and runs.
    static func itemLines(_ d: DeploymentView, _ item: Item, cutoff: Int64) -> [String] {
        let s = d.state(item.id)
        var lines: [String] = []
        // An item the template itself marks [x] shows that mark already; the export adds nothing,
        // so a deployment with nothing recorded after its start exports the template byte for byte.
        if !s.checkedInTemplate, let actor = s.actor, let time = s.time {
            let by = "(\(esc(actor)), \(time))"
            switch s.status {
            case .done: lines.append("_Done_ \(by)" + (s.comment.map { ": " + esc($0) } ?? ""))
            case .notApplicable: lines.append("_Not applicable_ \(by): " + esc(s.comment ?? ""))
            case .open: lines.append("_Unticked_ \(by)" + (s.comment.map { ": " + esc($0) } ?? ""))
            }
        }
        lines += s.notes.filter { $0.seq < cutoff }.map { "Note (\(esc($0.actor)), \($0.time)): " + esc($0.text) }
        lines += s.evidence.map {
            "Evidence: \(esc($0.name)), \($0.size) bytes, SHA-256 `\($0.sha256)`\($0.embedded ? ", content in the log" : "") (\(esc($0.actor)), \($0.time))"
        }
        lines += d.actions.filter { $0.item == item.id }.map(runLine)
        return lines
    }

    /// `Run: `cmd` exited 0 in 1.234 s (actor, time); stdout N bytes, stderr N bytes`.
    static func runLine(_ a: ActionState) -> String {
        let what = a.command.isEmpty ? "the checklist's commands" : codeSpan(a.command.joined(separator: " "))
        let how: String
        switch a.outcome {
        case .exited(let c): how = "exited \(c)"
        case .signalled(let s): how = "was killed by signal \(s)"
        case .interrupted: how = "was interrupted"
        case .unfinished: how = "did not finish"
        }
        let dur = a.durationMs.map { " in \(EventSummary.seconds($0)) s" } ?? ""
        let out = [("stdout", a.stdout), ("stderr", a.stderr)].compactMap { n, o in o.map { "\(n) \($0.size) byte\($0.size == 1 ? "" : "s")" } }
        return "Run: \(what) \(how)\(dur) (\(esc(a.actor.description)), \(a.startedAt))" + (out.isEmpty ? "" : "; " + out.joined(separator: ", "))
    }

    /// The banner of a rolled-back (or rolling-back) deployment.
    static func rollbackBanner(_ d: DeploymentView) -> String? {
        guard let r = d.rollback else { return nil }
        let head = r.completedAt == nil ? "**Rollback decided** (not completed)" : "**Rolled back**"
        let details = r.details.map { ": " + esc($0) } ?? ""
        let done = r.completedAt.map { " Rollback completed at \($0)." } ?? ""
        return
            "> \(head) — decided by \(esc(r.decidedBy.description)) at \(r.decidedAt) on \(esc(r.criterionID)) \(esc(r.criterionText))\(details) (record \(r.seq)).\(done)"
    }

    /// Notes (deployment and item) recorded after `cutoff`, in record order, as list lines.
    static func lateNotes(_ d: DeploymentView, cutoff: Int64) -> [String] {
        var notes = d.notes.filter { $0.seq > cutoff }.map { ($0.seq, noteLine($0)) }
        for item in d.template.items {
            notes += d.state(item.id).notes.filter { $0.seq > cutoff }.map { n in
                (n.seq, "\(n.time) \(esc(n.actor)), on \(item.id) \(esc(item.plainText)): \(esc(n.text))")
            }
        }
        return notes.sorted { $0.0 < $1.0 }.map(\.1)
    }

    static func noteLine(_ n: ItemNote) -> String { "\(n.time) \(esc(n.actor)): \(esc(n.text))" }

    /// Text safe in Markdown and HTML (TimelineFormats.md: markup backslash-escaped, `<>&` as references, line breaks as spaces).
    static func esc(_ s: String) -> String { TimelineFormats.md(s) }

    /// `s` as a code span whose backtick fence is longer than any run of backticks in it.
    static func codeSpan(_ s: String) -> String {
        let text = String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        let fence = String(repeating: "`", count: TimelineFormats.longestRun(of: "`", in: text) + 1)
        return fence + " " + text + " " + fence
    }
}
