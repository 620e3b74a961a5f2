import Checklist

/// The chart's linear time scale: instants to positions in thousandths of a percent.
struct TimelineScale {
    /// The left edge, milliseconds since the epoch.
    let start: Int64
    /// The width, milliseconds (at least 1).
    let span: Int64

    /// A scale over `first…last` with a margin of 2 % on each side (at least one second wide).
    init(first: Int64, last: Int64) {
        let raw = max(last - first, 1000)
        let pad = max(raw / 50, 1)
        start = first - pad - (raw - (last - first)) / 2
        span = raw + 2 * pad
    }

    /// The end of the scale.
    var end: Int64 { start + span }

    /// The position of `t`, 0…100 000 (clamped).
    func pos(_ t: Int64) -> Int64 { min(max((t - start) * 100_000 / span, 0), 100_000) }

    /// A position as CSS: `12.345%`.
    static func css(_ p: Int64) -> String {
        let f = String(p % 1000)
        return "\(p / 1000)." + String(repeating: "0", count: 3 - f.count) + f + "%"
    }

    /// Roughly how many pixels `p` spans on a chart about 1 000 px wide (for placing labels).
    static func pixels(_ p: Int64) -> Int64 { p / 100 }

    /// Roughly how many thousandths of a percent a label of `chars` characters takes.
    /// Generous, so that labels stay apart on A4 too (where the chart is about 600 px wide).
    static func labelWidth(_ chars: Int) -> Int64 { Int64(chars) * 800 + 1500 }
}

/// Places labelled marks in rows so that labels do not overlap.
struct RowPacker {
    private var ends: [Int64] = []

    /// The first row whose last use ends before `from`; records `from…to` in it.
    mutating func place(from: Int64, to: Int64) -> Int {
        for (i, e) in ends.enumerated() where e <= from {
            ends[i] = to
            return i
        }
        ends.append(to)
        return ends.count - 1
    }

    /// Rows used so far (at least one).
    var rows: Int { max(ends.count, 1) }
}

extension HTMLTimelineRenderer {
    /// The instants the chart spans: the entries, and the actions that start among them.
    func chartRange() -> (Int64, Int64)? {
        guard let first = entries.map(\.time).min(), let last = entries.map(\.time).max() else { return nil }
        var hi = last.millisecondsSinceEpoch
        for a in deployment?.actions ?? [] where first <= a.startedAt && a.startedAt <= last {
            hi = max(hi, a.startedAt.millisecondsSinceEpoch + (a.durationMs ?? 0))
        }
        return (first.millisecondsSinceEpoch, hi)
    }

    /// When each phase began: from the deployment's phase changes, else from the entries
    /// (when they all belong to one deployment).
    func phaseStarts() -> [(Phase, Int64)] {
        if let d = deployment {
            return [(.preparing, d.startedAt.millisecondsSinceEpoch)] + d.phaseChanges.map { ($0.phase, $0.time.millisecondsSinceEpoch) }
        }
        let ids = Set(entries.filter { !$0.deployment.isNone }.map(\.deployment))
        guard ids.count == 1 else { return [] }
        var out: [(Phase, Int64)] = []
        for e in entries {
            guard let p = e.phase, out.last?.0 != p else { continue }
            out.append((p, e.time.millisecondsSinceEpoch))
        }
        return out
    }

    /// The time chart: phase bands, checklist marks, action bars, decision flags and the axis.
    func chart() -> String {
        guard let (first, last) = chartRange() else { return "" }
        let scale = TimelineScale(first: first, last: last)
        let phases = phaseStarts()
        let grid = gridLines(scale)
        let (actionRows, actionsHTML) = actionBars(scale)
        let (markRows, marksHTML, markLines) = markers(scale)
        let f = parts(Timestamp(millisecondsSinceEpoch: first)), l = parts(Timestamp(millisecondsSinceEpoch: last))
        var h = "<section class=\"chart-wrap\"><h2>Timeline</h2>\n"
        h += "<p class=\"caption\">\(esc(f.date)) \(esc(String(f.time.prefix(8)))) → "
        h += (l.date == f.date ? "" : "\(esc(l.date)) ") + "\(esc(String(l.time.prefix(8)))) · \(esc(Self.duration(last - first))) · "
        h += "times in \(esc(header.zone))\(f.zone == "Z" ? "" : " (UTC\(esc(f.zone)))") · drawn to scale</p>\n"
        h += "<div class=\"chart\">\n<div class=\"overlay grid\">\(rollbackShade(scale))\(grid.lines)</div>\n"
        if !phases.isEmpty { h += lane("Phase", "t-phase", phaseBands(phases, scale)) }
        h += lane("Checklist", "t-ticks", ticks(scale))
        h += lane("Actions", "t-actions", actionsHTML, height: actionRows * 22 + 6)
        h += lane("Decisions", "t-marks", marksHTML, height: markRows * 22 + 6)
        h += "<div class=\"lane axis\"><div class=\"lab\"></div><div class=\"track t-axis\">\(grid.labels)</div></div>\n"
        h += "<div class=\"overlay marks\">\(markLines)</div>\n</div>\n"
        h += phaseLegend(phases, scale) + chartLegend()
        return h + "</section>\n"
    }

    /// One labelled row of the chart.
    func lane(_ label: String, _ cls: String, _ content: String, height: Int? = nil) -> String {
        let style = height.map { " style=\"height:\($0)px\"" } ?? ""
        return "<div class=\"lane\"><div class=\"lab\">\(esc(label))</div><div class=\"track \(cls)\"\(style)>\(content)</div></div>\n"
    }

    /// Each phase as a coloured band from its start to the next phase's.
    func phaseBands(_ phases: [(Phase, Int64)], _ scale: TimelineScale) -> String {
        var h = ""
        for (i, (phase, t)) in phases.enumerated() {
            let end = i + 1 < phases.count ? phases[i + 1].1 : scale.end
            guard end >= scale.start, t <= scale.end else { continue }
            let a = scale.pos(t), b = scale.pos(end)
            let label = TimelineScale.pixels(b - a) >= Int64(phase.label.count * 7 + 12) ? "<span>\(esc(phase.label))</span>" : ""
            let tip = "\(phase.label) from \(local(Timestamp(millisecondsSinceEpoch: t)))"
            h +=
                "<div class=\"band \(Self.phaseClass(phase))\" style=\"left:\(TimelineScale.css(a));width:\(TimelineScale.css(b - a))\" title=\"\(esc(tip))\">\(label)</div>"
        }
        return h
    }

    /// The phases in order with their start times (legible where bands are too narrow).
    func phaseLegend(_ phases: [(Phase, Int64)], _ scale: TimelineScale) -> String {
        guard !phases.isEmpty else { return "" }
        let chips = phases.map { p, t in
            let time = parts(Timestamp(millisecondsSinceEpoch: t)).time
            return
                "<span class=\"chip \(Self.phaseClass(p))\">\(esc(p.label))</span> <span class=\"dim\">\(esc(scale.span < 60_000 ? time : String(time.prefix(8))))</span>"
        }
        return "<p class=\"phases\">" + chips.joined(separator: " <span class=\"arrow\">→</span> ") + "</p>\n"
    }

    /// What the colours and patterns mean.
    func chartLegend() -> String {
        let keys: [(String, String)] = [
            ("lg-tick", "ticked"), ("lg-skip", "not applicable"), ("lg-note", "note / evidence"), ("lg-ok", "action succeeded"),
            ("lg-fail", "action failed"), ("lg-open", "interrupted / unfinished"), ("lg-rollback", "rollback"), ("lg-signoff", "sign-off"),
        ]
        return "<p class=\"legend\">" + keys.map { "<span><i class=\"\($0.0)\"></i>\($0.1)</span>" }.joined() + "</p>\n"
    }

    /// Entries as thin marks: checklist events (ticks, skips, notes, evidence), or with
    /// `actions` the `action.*` entries (when no deployment gives their durations).
    func ticks(_ scale: TimelineScale, actions: Bool = false) -> String {
        var h = ""
        for e in entries {
            let cls = kindClass(e)
            guard actions ? e.kind.hasPrefix("action.") : ["k-tick", "k-skip", "k-untick", "k-note", "k-evidence"].contains(cls) else { continue }
            let what = [e.item, e.itemText, e.details.isEmpty ? nil : "— " + e.details].compactMap { $0 }.joined(separator: " ")
            let tip = "\(String(parts(e.time).time.prefix(8))) \(e.kind) by \(Self.actorText(e)): \(what)"
            h += "<i class=\"tk \(cls)\" style=\"left:\(TimelineScale.css(scale.pos(e.time.millisecondsSinceEpoch)))\" title=\"\(esc(tip))\"></i>"
        }
        return h
    }

    /// Each action as a bar from its start for its duration, in rows that keep labels apart.
    func actionBars(_ scale: TimelineScale) -> (Int, String) {
        guard let d = deployment else {
            let marks = ticks(scale, actions: true)
            return (1, marks.isEmpty ? "<span class=\"none\">no commands run</span>" : marks)
        }
        var packer = RowPacker()
        var h = ""
        for a in d.actions {
            let s = a.startedAt.millisecondsSinceEpoch
            let e = a.durationMs.map { s + $0 } ?? (a.outcome == .unfinished ? scale.end : s)
            guard e >= scale.start, s <= scale.end else { continue }
            let (outcome, ok) = Self.outcome(a)
            let cls = ok ? "b-ok" : (a.outcome == .interrupted || a.outcome == .unfinished ? "b-open" : "b-fail")
            let dur = a.durationMs.map(Self.duration) ?? "unfinished"
            let label = "\(a.item.rawValue) · \(dur)" + (ok ? "" : " · \(outcome)")
            let x = scale.pos(s), w = scale.pos(e) - x
            let lw = TimelineScale.labelWidth(label.count)
            let inside = lw + 800 <= w, flip = !inside && x + w > 55_000
            let row =
                inside
                ? packer.place(from: x, to: x + w + 300)
                : flip
                    ? packer.place(from: x - lw, to: x + w + 300)
                    : packer.place(from: x, to: x + w + lw)
            let cmd = a.command.isEmpty ? (a.script.map { "checklist script: \($0)" } ?? "checklist commands") : a.command.joined(separator: " ")
            let tip =
                "\(a.item.rawValue) \(d.template.item(a.item)?.plainText ?? "")\n$ \(cmd)\n\(outcome) after \(dur), started \(local(a.startedAt)) by \(a.actor)"
            let pos = inside ? " in" : flip ? " flip" : ""
            h +=
                "<div class=\"bar \(cls)\(pos)\" style=\"left:\(TimelineScale.css(x));width:\(TimelineScale.css(w));top:\(row * 22 + 4)px\" title=\"\(esc(tip))\">"
            h += "<span class=\"bl\">\(esc(label))</span></div>"
        }
        if h.isEmpty { h = "<span class=\"none\">no commands run</span>" }
        return (packer.rows, h)
    }

    /// The rollback decision, its completion and the sign-offs: flags in their lane and lines
    /// across the whole chart.
    func markers(_ scale: TimelineScale) -> (Int, String, String) {
        var marks: [(Int64, String, String)] = []  // time, class, label
        if let r = deployment?.rollback {
            marks.append((r.decidedAt.millisecondsSinceEpoch, "m-rollback", "Rollback decided: \(r.criterionID) \(r.criterionText)"))
            if let c = r.completedAt { marks.append((c.millisecondsSinceEpoch, "m-done", "Rolled back")) }
        } else {
            for e in entries where e.kind == "rollback.decided" {
                let criterion = e.details.split(separator: " — ", maxSplits: 1).first.map(String.init) ?? e.details
                marks.append((e.time.millisecondsSinceEpoch, "m-rollback", "Rollback decided: \(criterion)"))
            }
            for e in entries where e.kind == "rollback.completed" { marks.append((e.time.millisecondsSinceEpoch, "m-done", "Rolled back")) }
        }
        for e in signoffEntries {
            marks.append((e.time.millisecondsSinceEpoch, "m-signoff", "Signed off: \(Self.actorText(e))"))
        }
        marks.sort { $0.0 < $1.0 }
        var packer = RowPacker()
        var flags = "", lines = ""
        for (t, cls, label) in marks where scale.start <= t && t <= scale.end {
            let x = scale.pos(t), lw = TimelineScale.labelWidth(label.count)
            let flip = x > 55_000
            let row = flip ? packer.place(from: x - lw, to: x + 300) : packer.place(from: x, to: x + lw)
            let tip = "\(local(Timestamp(millisecondsSinceEpoch: t))) \(label)"
            flags +=
                "<div class=\"mk \(cls)\(flip ? " flip" : "")\" style=\"left:\(TimelineScale.css(x));top:\(row * 22 + 4)px\" title=\"\(esc(tip))\"><span>\(esc(label))</span></div>"
            lines += "<b class=\"ml \(cls)\" style=\"left:\(TimelineScale.css(x))\"></b>"
        }
        if flags.isEmpty { flags = "<span class=\"none\">no rollback or sign-off recorded</span>" }
        return (packer.rows, flags, lines)
    }

    /// A tint behind the chart from the rollback decision to its completion (or the end).
    func rollbackShade(_ scale: TimelineScale) -> String {
        let decided = deployment.map { $0.rollback?.decidedAt } ?? entries.first { $0.kind == "rollback.decided" }?.time
        let completed = deployment.map { $0.rollback?.completedAt } ?? entries.first { $0.kind == "rollback.completed" }?.time
        guard let decided else { return "" }
        let a = scale.pos(decided.millisecondsSinceEpoch), b = scale.pos(completed?.millisecondsSinceEpoch ?? scale.end)
        guard b > a else { return "" }
        return "<b class=\"shade\" style=\"left:\(TimelineScale.css(a));width:\(TimelineScale.css(b - a))\"></b>"
    }

    /// Vertical grid lines at round local times, and their labels.
    func gridLines(_ scale: TimelineScale) -> (lines: String, labels: String) {
        let steps: [Int64] = [
            1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
            600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
        ]
        let step = steps.first { scale.span / $0 <= 9 } ?? 86_400_000 * (scale.span / (86_400_000 * 9) + 1)
        let off = Int64(offset(Timestamp(millisecondsSinceEpoch: scale.start))) * 60_000
        let localStart = scale.start + off
        var t = localStart.floorDivMod(step).0 * step + (localStart.floorDivMod(step).1 == 0 ? 0 : step)
        var lines = "", labels = "", lastDate = ""
        while t - off <= scale.end {
            let at = Timestamp(millisecondsSinceEpoch: t - off), p = parts(at)
            let x = TimelineScale.css(scale.pos(t - off))
            var text = step < 1000 ? p.time : step < 60_000 ? String(p.time.prefix(8)) : String(p.time.prefix(5))
            if !lastDate.isEmpty, p.date != lastDate { text = String(p.date.dropFirst(5)) + " " + text }
            lastDate = p.date
            lines += "<b class=\"gl\" style=\"left:\(x)\"></b>"
            labels += "<span style=\"left:\(x)\">\(esc(text))</span>"
            t += step
        }
        return (lines, labels)
    }
}
