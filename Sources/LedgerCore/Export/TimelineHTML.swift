import Checklist

/// The timeline as one self-contained HTML document that a reviewer reads in a browser or
/// prints on A4.
///
/// The document has no script and loads nothing: one inline `<style>`, the system font stack,
/// no images, fonts or links to fetch. From top to bottom it shows the verification result
/// (a green or red banner, with every finding), where the timeline came from (ledger, head,
/// generation time, display zone, filters), the deployment's facts, a time chart (phase bands,
/// checklist ticks, each `ledger run` action drawn as a bar as long as it ran, the rollback
/// decision and sign-offs as markers), the actions in a table, and every entry grouped by phase.
///
/// Every text that comes from data (entries, header, deployment, template, commands, findings)
/// is escaped, in element content and in attribute values alike. The output depends only on
/// the arguments (times are shown with `offsetMinutes`), so the same input gives the same bytes.
public enum TimelineHTML {
    /// One self-contained HTML document.
    ///
    /// - Parameters:
    ///   - header: where the timeline comes from and how it verified.
    ///   - entries: the events to show, in ledger order.
    ///   - deployment: the deployment the entries belong to, when one was chosen: it supplies
    ///     phase changes, action durations and outcomes, and the rollback decision. Without it
    ///     phases come from the entries and actions appear as marks, not bars.
    ///   - offsetMinutes: the display zone's offset from UTC at an instant.
    public static func render(
        header: TimelineHeader, entries: [TimelineEntry], deployment: DeploymentView?,
        offsetMinutes: (Timestamp) -> Int
    ) -> String {
        withoutActuallyEscaping(offsetMinutes) { offset in
            HTMLTimelineRenderer(header: header, entries: entries, deployment: deployment, offset: offset).document()
        }
    }

    /// `s` with `& < > " '` replaced by character references, control characters other
    /// than tab, line feed and carriage return replaced by U+FFFD, and bidirectional controls
    /// and line separators shown as `\u{…}` (a U+202E in a note cannot reorder the page):
    /// safe in element content and in quoted attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                    out += "\u{FFFD}"
                } else if isInvisibleControl(u) {
                    out += "\\u{\(String(u.value, radix: 16))}"
                }  // shown, not obeyed
                else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// C0 and C1 controls, bidirectional embeddings, overrides, isolates and marks, and the
    /// line and paragraph separators: characters that change how text around them shows.
    public static func isInvisibleControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x061C || (0x200E...0x200F).contains(v) || (0x2028...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }
}

/// Builds the document; one instance per `render` call.
struct HTMLTimelineRenderer {
    let header: TimelineHeader
    let entries: [TimelineEntry]
    let deployment: DeploymentView?
    let offset: (Timestamp) -> Int

    /// Escapes data for element content and attribute values.
    func esc(_ s: String) -> String { TimelineHTML.escape(s) }

    /// `t` in the display zone, RFC 3339.
    func local(_ t: Timestamp) -> String { t.rfc3339(offsetMinutes: offset(t)) }

    /// The date (`YYYY-MM-DD`), the time (`HH:MM:SS.mmm`) and the zone (`Z`, `+01:00`) of `t`.
    func parts(_ t: Timestamp) -> (date: String, time: String, zone: String) {
        let s = Array(local(t))
        return (String(s[0..<10]), String(s[11..<23]), String(s[23...]))
    }

    /// `t` for people: `2026-11-26 21:45:12 +01:00` (the full RFC 3339 form goes in titles).
    func human(_ t: Timestamp) -> String {
        let p = parts(t)
        return "\(p.date) \(p.time.prefix(8)) \(p.zone == "Z" ? "UTC" : p.zone)"
    }

    /// `t` as a `<time>` element: readable text, the RFC 3339 form in its title.
    func timeHTML(_ t: Timestamp) -> String { "<time title=\"\(esc(local(t)))\">\(esc(human(t)))</time>" }

    /// The document's title.
    var title: String { header.deploymentName ?? deployment?.name ?? "Ledger timeline" }

    /// The whole document: head with the style sheet, banner, summary, chart and tables.
    func document() -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"ledger\">\n"
        h += "<title>\(esc(title)) — ledger timeline</title>\n<style>\n\(TimelineHTMLStyle.css)</style>\n</head>\n<body>\n"
        h += "<header class=\"top\">\n<p class=\"eyebrow\">Deployment ledger · timeline</p>\n<h1>\(esc(title))</h1>\n"
        h += banner() + "</header>\n"
        let f = facts()
        h += "<div class=\"summary\(f.isEmpty ? " single" : "")\">\n" + f + provenance() + "</div>\n"
        h += chart()
        h += actionsTable()
        h += entriesTable()
        h += "<footer>Generated by <b>ledger</b> from ledger \(esc(header.ledger.hex)) at head \(header.headSeq). "
        h += "Each row's hash is the record hash; <code>ledger verify</code> checks the chain.</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    // MARK: top

    /// The verification result: green when intact, red with every finding otherwise.
    func banner() -> String {
        let v = header.verify
        let how = v.decrypted ? "with the key: hashes, links, sequence, tags and payloads" : "without the key: hashes, links and sequence"
        if v.intact, !v.findings.isEmpty { return staleBanner(v, how: how) }
        if v.intact {
            return "<section class=\"verify ok\" role=\"status\"><div class=\"sign\">✓</div><div>"
                + "<p class=\"headline\">Verified intact</p>"
                + "<p>\(v.records) record\(v.records == 1 ? "" : "s") verified \(how). Nothing was changed, removed, inserted or reordered.</p>"
                + "</div></section>\n"
        }
        var h = "<section class=\"verify bad\" role=\"alert\"><div class=\"sign\">!</div><div>"
        h += "<p class=\"headline\">NOT INTACT: \(v.findings.count) finding\(v.findings.count == 1 ? "" : "s")</p>"
        h += "<p>\(v.records) record\(v.records == 1 ? "" : "s") checked \(how). Do not trust this timeline without investigating:</p><ol class=\"findings\">"
        for f in v.findings {
            h += "<li><span class=\"fk\">\(esc(f.kind.rawValue))</span> at seq \(f.seq): \(esc(f.message))</li>"
        }
        return h + "</ol></div></section>\n"
    }

    /// Intact, but sign-offs the checklist changed after (exit 7 of `ledger verify`): not the
    /// green banner, since those sign-offs no longer count.
    func staleBanner(_ v: VerifySummary, how: String) -> String {
        let n = v.findings.count
        var h = "<section class=\"verify bad\" role=\"alert\"><div class=\"sign\">!</div><div>"
        h += "<p class=\"headline\">Intact; \(n) stale sign-off\(n == 1 ? "" : "s")</p>"
        h += "<p>\(v.records) record\(v.records == 1 ? "" : "s") verified \(how). Nothing was changed, removed, inserted or reordered, "
        h += "but the checklist changed after \(n == 1 ? "this sign-off" : "these sign-offs"), which no longer count:</p><ol class=\"findings\">"
        for f in v.findings {
            h += "<li><span class=\"fk\">\(esc(f.kind.rawValue))</span> at seq \(f.seq): \(esc(f.message))</li>"
        }
        return h + "</ol></div></section>\n"
    }

    /// Where the timeline comes from: ledger, head, generation time, zone, filters.
    func provenance() -> String {
        var rows: [(String, String)] = [
            ("Ledger", "<code>\(esc(header.ledger.hex))</code>"),
            ("Head", "seq \(header.headSeq)<br><code class=\"hash\">\(esc(Hex.encode(header.headHash)))</code>"),
            ("Generated", timeHTML(header.generatedAt)),
            ("Display zone", esc(header.zone)),
            ("Filters", header.filters.isEmpty ? "none" : header.filters.map { "<code>\(esc($0))</code>" }.joined(separator: " ")),
            ("Entries", "\(entries.count)"),
        ]
        if let d = header.deployment { rows.insert(("Deployment", "<code>\(esc(d.hex))</code>"), at: 1) }
        return "<section class=\"prov\"><h2>Source</h2>\n" + definitionList(rows, class: "kv") + "</section>\n"
    }

    /// Label/value rows; values are markup (already escaped), labels are escaped here.
    func definitionList(_ rows: [(String, String)], class cls: String) -> String {
        "<dl class=\"\(cls)\">" + rows.map { "<div><dt>\(esc($0.0))</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>\n"
    }

    /// The deployment at a glance: template, who started it, where it stands, progress, actions,
    /// the rollback decision and sign-offs.
    func facts() -> String {
        var rows: [(String, String)] = []
        if let d = deployment {
            rows.append(("Template", "\(esc(d.templateName)) <span class=\"dim\">sha256 \(esc(String(d.templateSHA256.prefix(16))))…</span>"))
            rows.append(("Started", "\(timeHTML(d.startedAt)) by \(esc(d.startedBy))"))
            rows.append(("Phase now", "<span class=\"chip \(Self.phaseClass(d.phase))\">\(esc(d.phase.label))</span>"))
            let p = d.progress
            rows.append(("Checklist", "\(p.done) done · \(p.notApplicable) not applicable · \(p.open) open of \(p.total)"))
            let failed = d.actions.filter { !$0.succeeded }.count
            rows.append(("Actions", "\(d.actions.count) run" + (failed > 0 ? " · <b class=\"bad\">\(failed) not successful</b>" : "")))
            if let r = d.rollback {
                var s = "<b>\(esc(r.criterionID)) \(esc(r.criterionText))</b> — decided by \(esc(r.decidedBy.description)) at \(timeHTML(r.decidedAt))"
                if let details = r.details { s += "<br><span class=\"quote\">\(esc(details))</span>" }
                s += "<br>" + (r.completedAt.map { "completed at \(timeHTML($0))" } ?? "<b>not completed</b>")
                rows.append(("Rollback", s))
            }
        }
        if let d = deployment, !d.signerRoles.isEmpty {
            rows.append(
                (
                    "Sign-offs",
                    d.roleSignoffs.map { r in
                        guard let s = r.signoff else { return "\(esc(r.role)): <span class=\"dim\">not signed</span>" }
                        let stale = r.stale ? " <b class=\"bad\">STALE: the checklist changed since</b>" : ""
                        return "\(esc(r.role)): \(esc(s.actor)) <span class=\"dim\">\(timeHTML(s.time))</span>\(stale)"
                    }.joined(separator: "<br>")
                ))
        } else if !signoffEntries.isEmpty {
            rows.append(
                (
                    "Sign-offs",
                    signoffEntries.map { "\(esc(Self.actorText($0))) <span class=\"dim\">\(timeHTML($0.time))</span>" }
                        .joined(separator: "<br>")
                ))
        }
        guard !rows.isEmpty else { return "" }
        return "<section class=\"facts\"><h2>Deployment</h2>\n" + definitionList(rows, class: "kv") + "</section>\n"
    }

    // MARK: shared helpers

    /// The sign-off entries to mark: with a deployment, only the sign-offs that count in its
    /// view (signed by a key holding the role, within the rules); without one, every entry
    /// of a sign-off kind.
    var signoffEntries: [TimelineEntry] {
        let counted = deployment.map { Set($0.signoffs.map(\.seq)) }
        return entries.filter { Self.isSignoff($0.kind) && (counted?.contains($0.seq) ?? true) }
    }

    /// True for sign-off kinds (`signoff…`, whatever follows), so later kinds are marked too.
    static func isSignoff(_ kind: String) -> Bool { kind.hasPrefix("signoff") || kind.hasPrefix("sign_off") || kind.hasPrefix("sign-off") }

    /// `name (role)`, or the name alone.
    static func actorText(_ e: TimelineEntry) -> String { e.role.map { "\(e.actor) (\($0))" } ?? e.actor }

    /// The CSS class of a phase's colour: `ph-rolling-back`.
    static func phaseClass(_ p: Phase) -> String { "ph-" + String(p.rawValue.map { $0 == "_" ? "-" : $0 }) }

    /// The action an `action.started` or `action.finished` entry belongs to.
    func action(for e: TimelineEntry) -> ActionState? {
        guard let d = deployment, e.deployment == d.id else { return nil }
        return d.actions.first { $0.seq == e.seq || $0.finishSeq == e.seq }
    }

    /// A CSS class for the entry's kind: the row colour and the badge.
    func kindClass(_ e: TimelineEntry) -> String {
        switch e.kind {
        case "item.ticked": return "k-tick"
        case "item.skipped": return "k-skip"
        case "item.unticked": return "k-untick"
        case "item.noted", "note": return "k-note"
        case "evidence.attached": return "k-evidence"
        case "action.started": return "k-action"
        case "action.finished":
            if let a = action(for: e) {
                return a.succeeded ? "k-action-ok" : a.outcome == .interrupted || a.outcome == .unfinished ? "k-action-open" : "k-action-fail"
            }
            return e.details.hasPrefix("exit 0 ") ? "k-action-ok" : e.details.hasPrefix("interrupted") ? "k-action-open" : "k-action-fail"
        case "rollback.decided", "rollback.completed": return "k-rollback"
        case "deployment.started", "ledger.created": return "k-lifecycle"
        case "contact.set": return "k-contact"
        default: return Self.isSignoff(e.kind) ? "k-signoff" : "k-other"
        }
    }

    /// An action's outcome in words, and whether it succeeded.
    static func outcome(_ a: ActionState) -> (text: String, ok: Bool) {
        switch a.outcome {
        case .exited(0): ("exit 0", true)
        case .exited(let c): ("exit \(c)", false)
        case .signalled(let s): ("killed by signal \(s)", false)
        case .interrupted: ("interrupted", false)
        case .unfinished: ("no finish recorded", false)
        }
    }

    /// A duration for people: `850 ms`, `2.4 s`, `1 min 12 s`, `1 h 05 min`.
    static func duration(_ ms: Int64) -> String {
        if ms < 1000 { return "\(ms) ms" }
        if ms < 10_000 { return "\(ms / 1000).\(ms % 1000 / 100) s" }
        let s = ms / 1000
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        let m = s / 60
        return "\(m / 60) h " + (m % 60 < 10 ? "0" : "") + "\(m % 60) min"
    }
}
