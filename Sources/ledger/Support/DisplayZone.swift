import Foundation
import LedgerCore

/// A time zone for display only (`--tz`): UTC, a fixed offset (`+01:00`), or an IANA
/// name (`Europe/Berlin`, daylight saving applied per instant). The ledger stores UTC.
struct DisplayZone {
    let name: String
    private let zone: TimeZone

    /// Parses `--tz`.
    /// - Throws: `LedgerError` (usage) naming the value.
    init(_ text: String?) throws(LedgerError) {
        let t = text ?? "UTC"
        if t.uppercased() == "UTC" || t == "Z" { name = "UTC"; zone = TimeZone(identifier: "UTC")!; return }
        if let m = try? /^([+-])(\d{2}):?(\d{2})$/.wholeMatch(in: t), let h = Int(m.2), let mi = Int(m.3), h < 24, mi < 60 {
            let seconds = (h * 3600 + mi * 60) * (m.1 == "-" ? -1 : 1)
            name = t
            zone = TimeZone(secondsFromGMT: seconds)!
            return
        }
        guard let z = TimeZone(identifier: t) else {
            throw LedgerError(.usage, "unknown time zone '\(t)'", hint: "use UTC, an offset such as +01:00, or a name such as Europe/Berlin")
        }
        name = t
        zone = z
    }

    /// The offset from UTC at `t`, in minutes.
    func offsetMinutes(_ t: Timestamp) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t.millisecondsSinceEpoch) / 1000)) / 60
    }

    /// `t` in this zone, RFC 3339.
    func display(_ t: Timestamp) -> String { t.rfc3339(offsetMinutes: offsetMinutes(t)) }
}

/// Parses `--since`/`--until`: RFC 3339 with `Z` or an offset, with or without fractional
/// seconds, or a date (`2026-11-26`, midnight UTC).
enum TimeArgument {
    static func parse(_ text: String, option: String) throws(LedgerError) -> Timestamp {
        let f = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate]] {
            f.formatOptions = options
            if let d = f.date(from: text) { return Timestamp(millisecondsSinceEpoch: Int64((d.timeIntervalSince1970 * 1000).rounded())) }
        }
        throw LedgerError(.usage, "\(option) '\(text)' is not a time", hint: "use RFC 3339, e.g. 2026-11-26T21:00:00Z or 2026-11-26T22:00:00+01:00, or a date 2026-11-26")
    }
}
