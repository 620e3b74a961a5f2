import LedgerCore

/// A POSIX TZ rule as a TZif footer holds it (RFC 8536 §3.3, POSIX.1 `TZ`), such as
/// `CET-1CEST,M3.5.0,M10.5.0/3`: a standard offset and, optionally, a daylight-saving offset
/// with the rules of its start and end (times may run from -167 to 167 hours, as RFC 8536
/// allows).
struct PosixTZ: Sendable, Equatable {
    /// A day of the year on which a change happens, and the local time of day (seconds).
    enum Day: Sendable, Equatable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0…365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1…5, 5 = the last) of month `m`.
        case month(Int, week: Int, weekday: Int)
    }

    /// Seconds east of UTC in standard time and in daylight-saving time.
    let standard: Int
    let daylight: Int?
    let start: (day: Day, time: Int)?
    let end: (day: Day, time: Int)?

    static func == (a: PosixTZ, b: PosixTZ) -> Bool {
        a.standard == b.standard && a.daylight == b.daylight && a.start?.day == b.start?.day && a.start?.time == b.start?.time
            && a.end?.day == b.end?.day && a.end?.time == b.end?.time
    }

    /// Parses the rule; nil when it is not one.
    init?(_ text: String) {
        var s = Substring(text)
        guard Self.name(&s), let std = Self.clock(&s, maxHours: 24) else { return nil }
        standard = -std
        guard !s.isEmpty else {
            daylight = nil
            start = nil
            end = nil
            return
        }
        guard Self.name(&s) else { return nil }
        if let dst = Self.clock(&s, maxHours: 24) { daylight = -dst } else { daylight = standard + 3600 }
        if s.isEmpty {  // POSIX's default rule (the United States' since 2007)
            start = (.month(3, week: 2, weekday: 0), 7200)
            end = (.month(11, week: 1, weekday: 0), 7200)
            return
        }
        guard Self.consume(",", &s), let a = Self.change(&s), Self.consume(",", &s), let b = Self.change(&s), s.isEmpty else { return nil }
        start = a
        end = b
    }

    /// Seconds east of UTC at `t` (seconds since the epoch).
    func offset(at t: Int64) -> Int {
        guard let daylight, let start, let end else { return standard }
        let year = Civil.year(ofDay: Int(floorDivide(t + Int64(standard), 86_400)))
        for y in [year - 1, year, year + 1] {
            // The change into daylight time is given in standard local time; the change back, in
            // daylight local time. Check the year of `t` and its neighbours: a rule's instant can
            // fall in the next or previous calendar year (times beyond 24 hours, or offsets).
            let on = Int64(Civil.day(start.day, year: y)) * 86_400 + Int64(start.time - standard)
            let off = Int64(Civil.day(end.day, year: y)) * 86_400 + Int64(end.time - daylight)
            if on < off {
                if t >= on && t < off { return daylight }
            } else if y == year, t >= on || t < off {
                return daylight
            }
        }
        return standard
    }

    // MARK: Parsing

    /// A zone abbreviation: three or more letters, or `<…>` of letters, digits, `+` and `-`.
    private static func name(_ s: inout Substring) -> Bool {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return false }
            let inner = s[s.index(after: s.startIndex)..<close]
            guard inner.count >= 3, inner.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-") }) else { return false }
            s = s[s.index(after: close)...]
            return true
        }
        let letters = s.prefix { $0.isASCII && $0.isLetter }
        guard letters.count >= 3 else { return false }
        s = s.dropFirst(letters.count)
        return true
    }

    /// `[+-]hh[:mm[:ss]]` as seconds, hours at most `maxHours`; nil (nothing consumed) when
    /// there is none.
    private static func clock(_ s: inout Substring, maxHours: Int) -> Int? {
        var t = s
        var sign = 1
        if t.first == "+" || t.first == "-" {
            sign = t.first == "-" ? -1 : 1
            t = t.dropFirst()
        }
        var parts: [Int] = []
        while parts.count < 3 {
            let digits = t.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 3, let n = Int(digits) else { break }
            parts.append(n)
            t = t.dropFirst(digits.count)
            guard parts.count < 3, t.first == ":" else { break }
            t = t.dropFirst()
        }
        guard let h = parts.first, h <= maxHours, parts.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        s = t
        return sign * (h * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0))
    }

    /// `date[/time]`.
    private static func change(_ s: inout Substring) -> (day: Day, time: Int)? {
        let day: Day
        if s.first == "J" {
            s = s.dropFirst()
            guard let n = number(&s), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else if s.first == "M" {
            s = s.dropFirst()
            guard let m = number(&s), (1...12).contains(m), consume(".", &s), let w = number(&s), (1...5).contains(w), consume(".", &s),
                let d = number(&s), (0...6).contains(d)
            else { return nil }
            day = .month(m, week: w, weekday: d)
        } else {
            guard let n = number(&s), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        guard s.first == "/" else { return (day, 7200) }
        s = s.dropFirst()
        guard let time = clock(&s, maxHours: 167) else { return nil }
        return (day, time)
    }

    /// Removes `c` when the text starts with it.
    private static func consume(_ c: Character, _ s: inout Substring) -> Bool {
        guard s.first == c else { return false }
        s = s.dropFirst()
        return true
    }

    private static func number(_ s: inout Substring) -> Int? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        s = s.dropFirst(digits.count)
        return Int(digits)
    }
}

/// Days of the proleptic Gregorian calendar, counted from 1970-01-01 (`Timestamp`'s).
enum Civil {
    static func days(year y: Int, month m: Int, day d: Int) -> Int { Int(Timestamp.days(fromCivil: y, m, d)) }

    static func year(ofDay z: Int) -> Int { Timestamp.civil(fromDays: Int64(z)).0 }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysIn(month m: Int, year y: Int) -> Int { Timestamp.daysIn(month: m, year: y) }

    /// The first instant's day (days since the epoch) of `day` in `year`.
    static func day(_ day: PosixTZ.Day, year y: Int) -> Int {
        let jan1 = days(year: y, month: 1, day: 1)
        switch day {
        case .julian(let n): return jan1 + n - 1 + (isLeap(y) && n >= 60 ? 1 : 0)
        case .zeroBased(let n): return jan1 + n
        case .month(let m, let w, let d):
            let first = days(year: y, month: m, day: 1)
            let weekday = ((first % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
            var dom = 1 + (d - weekday + 7) % 7 + (w - 1) * 7
            while dom > daysIn(month: m, year: y) { dom -= 7 }
            return first + dom - 1
        }
    }
}

/// `floor(a / b)` for a positive `b`.
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
