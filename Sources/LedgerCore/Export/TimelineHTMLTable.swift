import Checklist

extension HTMLTimelineRenderer {
    /// The actions whose start falls within the timeline.
    func shownActions() -> [ActionState] {
        guard let d = deployment, let first = entries.map(\.time).min(), let last = entries.map(\.time).max() else { return [] }
        return d.actions.filter { first <= $0.startedAt && $0.startedAt <= last }
    }

    /// Every action once: item, command, start, duration, outcome, who.
    func actionsTable() -> String {
        let actions = shownActions()
        guard let d = deployment, !actions.isEmpty else { return "" }
        var h = "<section class=\"actions\"><h2>Commands run</h2>\n<table class=\"acts\">\n"
        h +=
            "<thead><tr><th class=\"c-time\">Started</th><th>Item</th><th>Command</th><th class=\"c-dur\">Duration</th><th>Outcome</th><th>By</th></tr></thead>\n<tbody>\n"
        for a in actions {
            let (outcome, ok) = Self.outcome(a)
            let open = a.outcome == .interrupted || a.outcome == .unfinished
            let cmd = a.command.isEmpty ? (a.script ?? "") : a.command.joined(separator: " ")
            let p = parts(a.startedAt)
            h += "<tr class=\"\(ok ? "a-ok" : open ? "a-open" : "a-fail")\">"
            h += "<td class=\"c-time\" title=\"\(esc(local(a.startedAt)))\">\(esc(String(p.time.prefix(8))))</td>"
            h += "<td><b class=\"iid\">\(esc(a.item.rawValue))</b> \(esc(d.template.item(a.item)?.plainText ?? ""))</td>"
            h += "<td><code class=\"cmd\">\(a.command.isEmpty ? "<span class=\"dim\">checklist script:</span> " : "")\(esc(cmd))</code></td>"
            h += "<td class=\"c-dur\">\(esc(a.durationMs.map(Self.duration) ?? "—"))</td>"
            h += "<td><span class=\"outcome\">\(ok ? "✓" : "✗") \(esc(outcome))</span></td>"
            h += "<td class=\"actor\">\(esc(a.actor.name))" + (a.actor.role.map { "<span class=\"role\">\(esc($0))</span>" } ?? "") + "</td></tr>\n"
        }
        return h + "</tbody>\n</table></section>\n"
    }

    /// Every entry, grouped under a header wherever the phase (or deployment) changes.
    func entriesTable() -> String {
        var h = "<section class=\"entries\"><h2>Entries</h2>\n"
        guard !entries.isEmpty else { return h + "<p class=\"none\">No entries match.</p></section>\n" }
        let manyDeployments = Set(entries.filter { !$0.deployment.isNone }.map(\.deployment)).count > 1
        h += "<table class=\"log\">\n<colgroup><col class=\"c-time\"><col class=\"c-seq\"><col class=\"c-actor\"><col class=\"c-kind\">"
        h += "<col class=\"c-item\"><col class=\"c-details\"><col class=\"c-hash\"></colgroup>\n"
        // One offset for every row goes in the column header; otherwise each row shows its own.
        let zones = Set(entries.map { parts($0.time).zone })
        let zone = zones.count == 1 ? zones.first : nil
        h +=
            "<thead><tr><th>Time" + (zone.map { " <span class=\"tz\">\(esc($0 == "Z" ? "UTC" : $0))</span>" } ?? "")
            + "</th><th>Seq</th><th>Actor</th><th>Kind</th><th>Item</th><th>Details</th><th>Hash</th></tr></thead>\n<tbody>\n"
        var group: (DeploymentID, Phase)?
        var lastDate = ""
        for e in entries {
            if let phase = e.phase, group.map({ $0.0 != e.deployment || $0.1 != phase }) ?? true {
                group = (e.deployment, phase)
                let name = manyDeployments ? " <span class=\"dim\">\(esc(e.deploymentName ?? e.deployment.hex))</span>" : ""
                h += "<tr class=\"group\"><th colspan=\"7\"><span class=\"chip \(Self.phaseClass(phase))\">\(esc(phase.label))</span>"
                h += " <span class=\"dim\">from \(timeHTML(e.time))</span>\(name)</th></tr>\n"
            }
            h += row(e, zone: zone, showDate: &lastDate)
        }
        return h + "</tbody>\n</table></section>\n"
    }

    /// One entry as a table row.
    func row(_ e: TimelineEntry, zone: String?, showDate lastDate: inout String) -> String {
        let p = parts(e.time), cls = kindClass(e)
        let dateLine = p.date == lastDate ? "" : "<span class=\"date\">\(esc(p.date))</span>"
        lastDate = p.date
        var h = "<tr class=\"ev \(cls)\(header.verify.findings.contains { $0.seq == e.seq } ? " flagged" : "")\">"
        h += "<td class=\"time\" title=\"\(esc(local(e.time))) (\(esc(e.time.description)))\">\(dateLine)"
        h += "<span class=\"hms\">\(esc(String(p.time.prefix(8))))</span><span class=\"ms\">\(esc(String(p.time.dropFirst(8))))</span>"
        h += (p.zone == zone ? "" : "<span class=\"zone\">\(esc(p.zone))</span>") + "</td>"
        let findings = header.verify.findings.filter { $0.seq == e.seq }
        h +=
            findings.isEmpty
            ? "<td class=\"seq\">\(e.seq)</td>"
            : "<td class=\"seq\">\(e.seq) <span class=\"flag\" title=\"\(esc(findings.map(\.description).joined(separator: "\n")))\">!</span></td>"
        h += "<td class=\"actor\">\(esc(e.actor))" + (e.role.map { "<span class=\"role\">\(esc($0))</span>" } ?? "") + "</td>"
        h +=
            "<td class=\"kind\"><span class=\"badge \(cls)\">\(e.kind.split(separator: ".", omittingEmptySubsequences: false).map { esc(String($0)) }.joined(separator: ".<wbr>"))</span></td>"
        h += "<td class=\"item\">" + (e.item.map { "<b class=\"iid\">\(esc($0))</b> " } ?? "") + esc(e.itemText ?? "") + "</td>"
        h += "<td class=\"details\">\(details(e))</td>"
        let hex = Hex.encode(e.hash)
        h += "<td class=\"hash\"><code title=\"\(esc(hex))\">\(esc(String(hex.prefix(12))))</code></td>"
        return h + "</tr>\n"
    }

    /// The details cell: the summary, with an action's duration and outcome spelled out.
    func details(_ e: TimelineEntry) -> String {
        var h = esc(e.details)
        if e.kind == "action.finished", let a = action(for: e) {
            let (outcome, ok) = Self.outcome(a)
            let open = a.outcome == .interrupted || a.outcome == .unfinished
            h +=
                " <span class=\"pill \(ok ? "p-ok" : open ? "p-open" : "p-fail")\">\(ok ? "✓" : "✗") \(esc(outcome)) · \(esc(a.durationMs.map(Self.duration) ?? "—"))</span>"
        }
        return h + outputsHTML(e)
    }
}
