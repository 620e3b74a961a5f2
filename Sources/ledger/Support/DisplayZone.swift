import FoundationEssentials
import LedgerCore

/// A time zone for display only (`--tz`): UTC, a fixed offset (`+01:00`), or an IANA
/// name (`Europe/Berlin`, daylight saving applied per instant). The ledger stores UTC.
/// Times written without an offset (`--since 2026-12-02 14:50`) are read in it too.
struct DisplayZone {
    let name: String
    private let zone: Zone

    /// UTC and fixed offsets are FoundationEssentials' `TimeZone`; a name is read from the
    /// system's time zone database (`TZif`: FoundationEssentials has no named zones).
    private enum Zone {
        case fixed(TimeZone)
        case named(TZif)
    }

    /// The largest offset Foundation's `TimeZone` represents (±18:00), in seconds.
    static let maxOffsetSeconds = 18 * 3600

    /// Parses `--tz`.
    /// - Throws: `LedgerError` (usage) naming the value.
    init(_ text: String?) throws(LedgerError) {
        let t = text ?? "UTC"
        if t.uppercased() == "UTC" || t == "Z" { name = "UTC"; zone = .fixed(TimeZone(secondsFromGMT: 0) ?? .gmt); return }
        if let seconds = try Self.offsetSeconds(t) {
            guard let z = TimeZone(secondsFromGMT: seconds) else { throw Self.unknown(t) }
            name = t
            zone = .fixed(z)
            return
        }
        guard let z = Self.named(t) else { throw Self.unknown(t) }
        name = t
        zone = .named(z)
    }

    /// The zone `name` from the system's database (`TZDIR`, else /usr/share/zoneinfo): a
    /// relative path of ASCII letters, digits and `_+-/`, no `.` or `..` component.
    static func named(_ name: String, directory: String? = nil) -> TZif? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.utf8.count < 256,
            name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_+-/".unicodeScalars.contains($0)) }),
            parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else { return nil }
        let folder = directory ?? ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        guard let data = FileManager.default.contents(atPath: folder + "/" + name), data.count < 1 << 20 else { return nil }
        return TZif([UInt8](data))
    }

    /// `±HH:MM` or `±HHMM` as seconds east of UTC; nil when `t` is not shaped like an offset.
    /// - Throws: `LedgerError` (usage) for an offset beyond ±18:00 or with minutes above 59.
    static func offsetSeconds(_ t: String) throws(LedgerError) -> Int? {
        guard let m = try? /^([+-])(\d{2}):?(\d{2})$/.wholeMatch(in: t), let h = Int(m.2), let mi = Int(m.3) else { return nil }
        let seconds = (h * 3600 + mi * 60) * (m.1 == "-" ? -1 : 1)
        guard mi < 60, abs(seconds) <= maxOffsetSeconds else {
            throw LedgerError(
                .usage, "time zone offset '\(TerminalText.safe(t))' is out of range: offsets go from -18:00 to +18:00",
                hint: "use an offset such as +05:30, or a zone name such as Asia/Kolkata")
        }
        return seconds
    }

    static func unknown(_ t: String) -> LedgerError {
        LedgerError(.usage, "unknown time zone '\(TerminalText.safe(t))'", hint: "use UTC, an offset such as +01:00, or a name such as Europe/Berlin")
    }

    /// The offset from UTC at the instant `t`, in seconds.
    func offsetSeconds(at t: Timestamp) -> Int {
        switch zone {
        case .fixed(let z): z.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t.millisecondsSinceEpoch) / 1000))
        case .named(let z): z.offset(at: floorDivide(t.millisecondsSinceEpoch, 1000))
        }
    }

    /// The offset from UTC at `t`, in minutes.
    func offsetMinutes(_ t: Timestamp) -> Int { offsetSeconds(at: t) / 60 }

    /// `t` in this zone, RFC 3339.
    func display(_ t: Timestamp) -> String { t.rfc3339(offsetMinutes: offsetMinutes(t)) }

    /// The instants whose local time in this zone is `local` (milliseconds of a wall-clock
    /// time counted as if it were UTC): one, none (a daylight-saving gap) or two (an overlap).
    func instants(ofLocal local: Int64) -> [Int64] {
        let day: Int64 = 86_400_000
        var offsets: [Int64] = []
        for probe in [local - day, local, local + day] {
            let o = Int64(offsetSeconds(at: Timestamp(millisecondsSinceEpoch: probe))) * 1000
            if !offsets.contains(o) { offsets.append(o) }
        }
        let hits = offsets.map { local - $0 }.filter { Int64(offsetSeconds(at: Timestamp(millisecondsSinceEpoch: $0))) * 1000 == local - $0 }
        return Array(Set(hits)).sorted()
    }

    /// The first instant of the local day that starts at `midnight` (a wall-clock time
    /// counted as if it were UTC): midnight itself, its first occurrence in an overlap, or,
    /// when midnight falls in a daylight-saving gap, the instant the clocks jumped past it.
    func startOfDay(localMidnight midnight: Int64) -> Int64 {
        if let first = instants(ofLocal: midnight).first { return first }
        var lo = midnight - 2 * 86_400_000, hi = midnight + 2 * 86_400_000  // local(lo) < midnight <= local(hi)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if mid + Int64(offsetSeconds(at: Timestamp(millisecondsSinceEpoch: mid))) * 1000 >= midnight { hi = mid } else { lo = mid }
        }
        return hi
    }
}
