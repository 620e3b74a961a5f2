import Synchronization

/// A UTC instant with millisecond precision, written as RFC 3339 `YYYY-MM-DDTHH:MM:SS.mmmZ`.
///
/// The ledger stores only UTC; time zones are for display (`--tz`). Conversion uses the
/// proleptic Gregorian calendar (Hinnant's civil-from-days), so it is exact and needs no
/// platform calendar.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    /// Wraps milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// The RFC 3339 UTC form with exactly three fractional digits.
    public var description: String { rfc3339(offsetMinutes: 0) }

    /// RFC 3339 text in a fixed offset from UTC (display only).
    /// An offset that would carry the instant past the representable range is not applied
    /// (the instant is written in UTC, `Z`), so that no value stops the program.
    public func rfc3339(offsetMinutes requested: Int) -> String {
        let (shift, o1) = Int64(clamping: requested).multipliedReportingOverflow(by: 60_000)
        let (shifted, o2) = millisecondsSinceEpoch.addingReportingOverflow(shift)
        let offsetMinutes = o1 || o2 ? 0 : requested
        let local = o1 || o2 ? millisecondsSinceEpoch : shifted
        let (days, msOfDay) = local.floorDivMod(86_400_000)
        let (y, m, d) = Self.civil(fromDays: days)
        let ms = Int(msOfDay)
        let zone: String
        if offsetMinutes == 0 {
            zone = "Z"
        } else {
            let a = abs(offsetMinutes)
            zone = (offsetMinutes < 0 ? "-" : "+") + pad(a / 60, 2) + ":" + pad(a % 60, 2)
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(ms / 3_600_000, 2)):\(pad(ms / 60_000 % 60, 2)):"
            + "\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))\(zone)"
    }

    /// Parses the canonical form written by `description` (UTC, `Z`, three fraction digits).
    public init?(rfc3339 s: String) {
        var s = s
        guard let ms = s.withUTF8({ Self.milliseconds(rfc3339: UnsafeRawBufferPointer($0)) }) else { return nil }
        millisecondsSinceEpoch = ms
    }

    /// True when `bytes` are a time `init(rfc3339:)` accepts.
    public static func isRFC3339(_ bytes: UnsafeRawBufferPointer) -> Bool { milliseconds(rfc3339: bytes) != nil }

    /// Milliseconds since the epoch of the canonical form, or nil.
    static func milliseconds(rfc3339 u: UnsafeRawBufferPointer) -> Int64? {
        guard u.count == 24, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 46, u[23] == 90
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (48...57).contains(u[i]) else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
            let mi = num(14..<16), let se = num(17..<19), let ms = num(20..<23),
            (1...12).contains(mo), d >= 1, d <= Self.daysIn(month: mo, year: y), h < 24, mi < 60, se < 60
        else { return nil }
        let days = Self.days(fromCivil: y, mo, d)
        return days * 86_400_000 + Int64(((h * 60 + mi) * 60 + se) * 1000 + ms)
    }

    /// The number of days in `month` (1…12) of `year`, proleptic Gregorian.
    public static func daysIn(month: Int, year: Int) -> Int {
        if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days-from-civil).
    public static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date (year, month, day) of a day since 1970-01-01 (Hinnant's
    /// civil-from-days).
    public static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}

private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    func floorDivMod(_ d: Int64) -> (Int64, Int64) {
        let q = self / d, r = self % d  // d > 0; no intermediate can overflow
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}

/// The source of "now", injected so that tests and the worked example are exact.
public protocol LedgerClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// A clock that returns a fixed instant, advancing by `step` milliseconds on each call.
public final class FixedClock: LedgerClock, Sendable {
    private let next: Mutex<Int64>
    private let step: Int64
    /// Starts at `start`, advancing `stepMilliseconds` per reading.
    public init(start: Timestamp, stepMilliseconds: Int64 = 1000) {
        next = Mutex(start.millisecondsSinceEpoch)
        step = stepMilliseconds
    }
    /// Returns the next instant.
    public func now() -> Timestamp {
        next.withLock { n in
            defer { n += step }
            return Timestamp(millisecondsSinceEpoch: n)
        }
    }
}
