import LedgerCore

/// Parses `--since`/`--until`, the one reader of times on the command line. Accepted, and
/// nothing else (the whole text must match):
///
/// - a date, `2026-12-02`: the start of that day in `--tz` (for `--until`: its end);
/// - a date and time, `2026-12-02 14:50`, `2026-12-02T14:50:48`, `…T14:50:48.250`, read in
///   `--tz`; with `Z` or an offset (`+01:00`, `+0100`) read in that offset instead;
/// - a time relative to now: `-30s`, `-30m`, `-2h`, `-7d`, `-2w`.
///
/// Months, days, hours (00–23), minutes and seconds (00–59) are checked; at most three
/// fractional digits (the ledger keeps milliseconds). A local time that does not exist in
/// the zone (a daylight-saving gap) or exists twice (an overlap) is refused: give an offset.
enum TimeArgument {
    /// Which end of a range a time bounds: a date-only `--until` includes its whole day.
    enum Bound { case since, until }

    /// The instant `text` names.
    /// - Throws: `LedgerError` (usage) naming the option and the text.
    static func parse(_ text: String, option: String, bound: Bound = .since, zone: DisplayZone, now: Timestamp) throws(LedgerError) -> Timestamp {
        let b = Array(text.utf8)
        if b.first == UInt8(ascii: "-") { return try relative(b, text: text, option: option, now: now) }
        var p = Scanner(bytes: b)
        guard let y = p.digits(4), p.take("-"), let mo = p.digits(2), p.take("-"), let d = p.digits(2) else { throw notATime(text, option) }
        guard (1...12).contains(mo), d >= 1, d <= Timestamp.daysIn(month: mo, year: y) else {
            throw LedgerError(
                .usage, "\(option) '\(TerminalText.safe(text))' is not a date: \(y)-\(pad(mo))-\(pad(d)) does not exist",
                hint: "months are 01-12 and days 01 to the month's last day")
        }
        let days = Timestamp.days(fromCivil: y, mo, d)
        if p.atEnd {
            let next = bound == .until ? days + 1 : days
            let start = zone.startOfDay(localMidnight: next * 86_400_000)
            return Timestamp(millisecondsSinceEpoch: bound == .until ? start - 1 : start)
        }
        guard p.take("T") || p.take("t") || p.take(" "), let h = p.digits(2), p.take(":"), let mi = p.digits(2) else { throw notATime(text, option) }
        var se = 0, ms = 0
        if p.take(":") {
            guard let s = p.digits(2) else { throw notATime(text, option) }
            se = s
            if p.take(".") {
                let f = p.run(of: 1...9)
                guard (1...3).contains(f.count) else {
                    throw LedgerError(
                        .usage, "\(option) '\(TerminalText.safe(text))' has \(f.count == 0 ? "no" : "more than three") fractional digits",
                        hint: "the ledger keeps milliseconds: give at most three digits after the point, e.g. 14:50:48.250")
                }
                ms = Int(String(decoding: f + Array(repeating: UInt8(ascii: "0"), count: 3 - f.count), as: UTF8.self)) ?? 0
            }
        }
        guard h < 24, mi < 60, se < 60 else {
            throw LedgerError(
                .usage, "\(option) '\(TerminalText.safe(text))' is not a time of day: hours are 00-23, minutes and seconds 00-59",
                hint: "midnight at the end of a day is 00:00 of the next day")
        }
        let local = days * 86_400_000 + Int64(((h * 60 + mi) * 60 + se) * 1000 + ms)
        if p.atEnd { return try inZone(local, text: text, option: option, zone: zone) }
        guard let offset = p.offset(), p.atEnd else { throw notATime(text, option) }
        return Timestamp(millisecondsSinceEpoch: local - Int64(offset) * 1000)
    }

    /// `-N` and a unit, back from `now`.
    static func relative(_ b: [UInt8], text: String, option: String, now: Timestamp) throws(LedgerError) -> Timestamp {
        let units: [UInt8: Int64] = [
            UInt8(ascii: "s"): 1000, UInt8(ascii: "m"): 60_000, UInt8(ascii: "h"): 3_600_000,
            UInt8(ascii: "d"): 86_400_000, UInt8(ascii: "w"): 604_800_000,
        ]
        let digits = b.dropFirst().dropLast()
        guard b.count >= 3, b.count <= 14, let unit = units[b[b.count - 1]], digits.allSatisfy({ (48...57).contains($0) }),
            let n = Int64(String(decoding: digits, as: UTF8.self))
        else { throw notATime(text, option) }
        let (span, o1) = n.multipliedReportingOverflow(by: unit)
        let (t, o2) = now.millisecondsSinceEpoch.subtractingReportingOverflow(span)
        guard !o1, !o2, t >= -62_135_596_800_000 else {
            throw LedgerError(.usage, "\(option) '\(TerminalText.safe(text))' reaches before the year 1", hint: "give a shorter span, or a date")
        }
        return Timestamp(millisecondsSinceEpoch: t)
    }

    /// A wall-clock time read in `zone`.
    static func inZone(_ local: Int64, text: String, option: String, zone: DisplayZone) throws(LedgerError) -> Timestamp {
        let hits = zone.instants(ofLocal: local)
        if hits.count == 1 { return Timestamp(millisecondsSinceEpoch: hits[0]) }
        let t = TerminalText.safe(text)
        if hits.isEmpty {
            throw LedgerError(
                .usage, "\(option) '\(t)' does not exist in \(TerminalText.safe(zone.name)): the clocks skip it (daylight saving)",
                hint: "give the time with an offset, e.g. \(t)+01:00, or choose the zone with --tz")
        }
        let offsets = hits.map { Timestamp(millisecondsSinceEpoch: $0).rfc3339(offsetMinutes: zone.offsetMinutes(Timestamp(millisecondsSinceEpoch: $0))) }
        throw LedgerError(
            .usage, "\(option) '\(t)' happens twice in \(TerminalText.safe(zone.name)) (daylight saving ends): \(offsets.joined(separator: " or "))",
            hint: "give the time with its offset, e.g. \(offsets[0])")
    }

    static func notATime(_ text: String, _ option: String) -> LedgerError {
        LedgerError(
            .usage, "\(option) '\(TerminalText.safe(text))' is not a time",
            hint:
                "use a date (2026-11-26), a date and time (2026-11-26 21:00, 2026-11-26T21:00:00Z, 2026-11-26T22:00:00+01:00) or a relative time (-2h, -30m, -7d)"
        )
    }

    static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// A cursor over the argument's bytes.
    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var atEnd: Bool { i == bytes.count }

        mutating func take(_ c: Character) -> Bool {
            guard i < bytes.count, let a = c.asciiValue, bytes[i] == a else { return false }
            i += 1
            return true
        }

        /// The decimal digits at the cursor, `range` of them at most (as many as there are).
        mutating func run(of range: ClosedRange<Int>) -> [UInt8] {
            var out: [UInt8] = []
            while i < bytes.count, (48...57).contains(bytes[i]), out.count < range.upperBound + 1 { out.append(bytes[i]); i += 1 }
            return out
        }

        /// Exactly `n` decimal digits.
        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count, bytes[i..<i + n].allSatisfy({ (48...57).contains($0) }) else { return nil }
            defer { i += n }
            return Int(String(decoding: bytes[i..<i + n], as: UTF8.self))
        }

        /// `Z`, `z`, `±HH:MM` or `±HHMM` as seconds east of UTC (at most ±18:00).
        mutating func offset() -> Int? {
            if take("Z") || take("z") { return 0 }
            let sign = take("+") ? 1 : take("-") ? -1 : 0
            guard sign != 0, let h = digits(2) else { return nil }
            _ = take(":")
            guard let m = digits(2), m < 60, h * 3600 + m * 60 <= DisplayZone.maxOffsetSeconds else { return nil }
            return sign * (h * 3600 + m * 60)
        }
    }
}

/// Parses `--kind`: a kind this version writes (`item.ticked`), or a prefix of kinds ending
/// in `.` (`item.`). Anything else matches nothing and is refused, naming the kinds.
enum KindArgument {
    /// The kinds and prefixes as given, checked.
    /// - Throws: `LedgerError` (usage) for the first that matches no kind.
    static func check(_ kinds: [String]) throws(LedgerError) -> Set<String> {
        let known = EventKind.known.map(\.rawValue)
        for k in kinds where !(known.contains(k) || (k.hasSuffix(".") && known.contains { $0.hasPrefix(k) })) {
            let prefixes = Set(known.compactMap { k in k.firstIndex(of: ".").map { String(k[...$0]) } }).sorted()
            let guess = known.contains { $0.hasPrefix(k + ".") } ? "; for every \(k).* kind give '\(k).'" : ""
            throw LedgerError(
                .usage, "--kind '\(TerminalText.safe(k))' matches no event kind\(guess)",
                hint: "the kinds are: \(known.joined(separator: ", ")); or a prefix: \(prefixes.joined(separator: ", "))")
        }
        return Set(kinds)
    }
}

/// The filters of a timeline as the command line gives them.
enum FilterArguments {
    /// `--since`, `--until`, `--actor`, `--kind` as a `TimelineFilter` (times read in `zone`,
    /// relative ones back from `now`).
    /// - Throws: `LedgerError` (usage) for a time or kind that does not parse.
    static func filter(
        since: String?, until: String?, actors: [String], kinds: [String], zone: DisplayZone,
        now: Timestamp
    ) throws(LedgerError) -> TimelineFilter {
        var filter = TimelineFilter()
        filter.since = try since.map { s throws(LedgerError) in try TimeArgument.parse(s, option: "--since", bound: .since, zone: zone, now: now) }
        filter.until = try until.map { s throws(LedgerError) in try TimeArgument.parse(s, option: "--until", bound: .until, zone: zone, now: now) }
        filter.actors = Set(actors)
        filter.kinds = try KindArgument.check(kinds)
        return filter
    }
}
