/// A time zone read from the system's time zone database (`/usr/share/zoneinfo`, or `TZDIR`):
/// the TZif file of RFC 8536, version 2 or later (64-bit transition times), with its footer's
/// POSIX TZ rule for instants after the last transition. FoundationEssentials has no named
/// zones without ICU (decision 0020); this reads the same files glibc does. Only what `--tz`
/// needs: the UTC offset at an instant.
struct TZif: Sendable {
    /// Transition instants (seconds since the epoch), ascending, and the offset from each on.
    let transitions: [Int64]
    let offsets: [Int32]
    /// The offset before the first transition (time type 0).
    let initialOffset: Int32
    /// The footer's rule, for instants at or after the last transition.
    let rule: PosixTZ?

    /// Parses a TZif file. Nil for anything that is not a well-formed TZif of version 2 or later.
    init?(_ bytes: [UInt8]) {
        var r = ByteReader(bytes)
        guard let v1 = r.header(), v1.version >= 2, r.skip(v1.dataLength(timeBytes: 4)), let h = r.header(), h.typecnt > 0 else { return nil }
        guard let times = r.integers(h.timecnt, width: 8), let idx = r.bytes(h.timecnt) else { return nil }
        var types: [Int32] = []
        for _ in 0..<h.typecnt {
            guard let off = r.integers(1, width: 4)?.first, r.skip(2) else { return nil }
            types.append(Int32(truncatingIfNeeded: off))
        }
        guard idx.allSatisfy({ Int($0) < types.count }), r.skip(h.charcnt + h.leapcnt * 12 + h.isstdcnt + h.isutcnt) else { return nil }
        guard zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        transitions = times
        offsets = idx.map { types[Int($0)] }
        initialOffset = types[0]
        let footer = r.rest
        guard footer.first == 0x0A, let end = footer.dropFirst().firstIndex(of: 0x0A) else { return nil }
        let text = String(decoding: footer[footer.index(after: footer.startIndex)..<end], as: UTF8.self)
        if text.isEmpty {
            rule = nil
        } else {
            guard let parsed = PosixTZ(text) else { return nil }
            rule = parsed
        }
    }

    /// Seconds east of UTC at `t` (seconds since the epoch).
    func offset(at t: Int64) -> Int {
        guard let first = transitions.first, t >= first else { return Int(initialOffset) }
        if t >= transitions[transitions.count - 1], let rule { return rule.offset(at: t) }
        var lo = 0, hi = transitions.count - 1  // transitions[lo] <= t
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if transitions[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return Int(offsets[lo])
    }
}

/// Big-endian reading of a TZif file.
private struct ByteReader {
    struct Header {
        let version: Int
        let isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int
        func dataLength(timeBytes: Int) -> Int {
            timecnt * timeBytes + timecnt + typecnt * 6 + charcnt + leapcnt * (timeBytes + 4) + isstdcnt + isutcnt
        }
    }

    let bytes: [UInt8]
    var at = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var rest: ArraySlice<UInt8> { bytes[min(at, bytes.count)...] }

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, n <= bytes.count - at else { return false }
        at += n
        return true
    }

    mutating func bytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= bytes.count - at else { return nil }
        defer { at += n }
        return Array(bytes[at..<(at + n)])
    }

    /// `n` big-endian signed integers of `width` bytes.
    mutating func integers(_ n: Int, width: Int) -> [Int64]? {
        guard n >= 0, n <= (bytes.count - at) / width else { return nil }
        var out: [Int64] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            var v: UInt64 = 0
            for b in bytes[at..<(at + width)] { v = v << 8 | UInt64(b) }
            at += width
            let shift = UInt64(64 - 8 * width)
            out.append(Int64(bitPattern: v << shift) >> Int64(shift))
        }
        return out
    }

    mutating func header() -> Header? {
        guard let magic = bytes(4), magic == Array("TZif".utf8), let version = bytes(1), skip(15), let c = integers(6, width: 4) else { return nil }
        let v: Int = version[0] == 0 ? 1 : (version[0] >= 0x32 && version[0] <= 0x39 ? Int(version[0] - 0x30) : 0)
        guard v > 0, c.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else { return nil }
        return Header(
            version: v, isutcnt: Int(c[0]), isstdcnt: Int(c[1]), leapcnt: Int(c[2]), timecnt: Int(c[3]), typecnt: Int(c[4]), charcnt: Int(c[5]))
    }
}
