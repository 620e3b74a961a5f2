/// A fast, allocation-free check that a decrypted payload is one `Event(kind:deployment:payload:)`
/// accepts: canonical JSON (docs/FORMAT.md §Canonical JSON) holding an object of exactly
/// `actor`, `data`, `time` and an optional `role`, with string actor and role, an object as
/// data and an RFC 3339 time (§7.4). It builds no value: verify with the keys uses it to know
/// that a record opens without parsing it (decision 0012).
///
/// It is conservative: `true` means the full parser accepts the bytes; `false` means it may
/// not (some rare spellings the parser accepts, such as escapes inside object keys, are
/// answered `false`), and the caller parses in full to learn the exact reason, or that there
/// is none.
public enum PayloadSkim {
    /// True only when `Event(kind:deployment:payload:)` accepts `payload`.
    public static func acceptsEnvelope(_ payload: UnsafeRawBufferPointer) -> Bool {
        var s = Skimmer(payload)
        return s.envelope() && s.pos == payload.count
    }

    /// True only when `CanonicalJSON.parse` accepts `bytes`.
    public static func acceptsValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var s = Skimmer(bytes)
        return s.value(depth: 0) && s.pos == bytes.count
    }
}

/// The cursor behind `PayloadSkim`: each method consumes one construct and answers whether
/// it is canonical (with `pos` just after it).
private struct Skimmer {
    let b: UnsafeRawBufferPointer
    var pos = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) { b = bytes }

    var atEnd: Bool { pos >= b.count }
    var byte: UInt8 { b[pos] }

    mutating func take(_ c: UInt8) -> Bool {
        guard !atEnd, byte == c else { return false }
        pos += 1
        return true
    }

    mutating func literal(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard b.count - pos >= n else { return false }
        for i in 0..<n where b[pos + i] != s.utf8Start[i] { return false }
        pos += n
        return true
    }

    /// `{"actor":STRING,"data":OBJECT[,"role":STRING],"time":RFC3339}`, keys in that order.
    mutating func envelope() -> Bool {
        guard take(UInt8(ascii: "{")), key("actor"), string() != nil, take(UInt8(ascii: ",")) else { return false }
        guard key("data"), !atEnd, byte == UInt8(ascii: "{"), object(depth: 1), take(UInt8(ascii: ",")) else { return false }
        if key("role") {
            guard string() != nil, take(UInt8(ascii: ",")) else { return false }
        }
        guard key("time"), let time = string(), Timestamp.isRFC3339(UnsafeRawBufferPointer(rebasing: b[time])) else { return false }
        return take(UInt8(ascii: "}"))
    }

    /// `"name":` exactly (no escapes).
    mutating func key(_ name: StaticString) -> Bool {
        let start = pos
        guard take(UInt8(ascii: "\"")), literal(name), take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")) else {
            pos = start
            return false
        }
        return true
    }

    mutating func value(depth: Int) -> Bool {
        guard depth < Self.maxDepth, !atEnd else { return false }
        switch byte {
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
        default: return false
        }
    }

    mutating func array(depth: Int) -> Bool {
        pos += 1
        if take(UInt8(ascii: "]")) { return true }
        while true {
            guard value(depth: depth + 1), !atEnd else { return false }
            if take(UInt8(ascii: "]")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    mutating func object(depth: Int) -> Bool {
        pos += 1
        if take(UInt8(ascii: "}")) { return true }
        var last: Range<Int>? = nil
        while true {
            // A key with an escape is left to the full parser (its order is that of the
            // unescaped bytes).
            guard !atEnd, byte == UInt8(ascii: "\""), let k = string(allowEscapes: false) else { return false }
            if let last, !b[last].lexicographicallyPrecedes(b[k]) { return false }
            last = k
            guard take(UInt8(ascii: ":")), value(depth: depth + 1), !atEnd else { return false }
            if take(UInt8(ascii: "}")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    /// An integer in ±(2^53−1): no leading zero, no `-0`, no fraction or exponent.
    mutating func integer() -> Bool {
        let negative = take(UInt8(ascii: "-"))
        let start = pos
        var v: Int64 = 0
        while !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), pos - start < 17 {
            v = v * 10 + Int64(byte - UInt8(ascii: "0"))
            pos += 1
        }
        let digits = pos - start
        guard digits > 0, digits <= 16, v <= JSONValue.maxInteger else { return false }
        if b[start] == UInt8(ascii: "0"), digits > 1 || negative { return false }
        if !atEnd, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
        return true
    }

    /// A string: returns the range of its content (between the quotes), or nil when it is
    /// not canonical. Each run between escapes must be valid UTF-8 on its own (escapes
    /// stand for ASCII control characters, so the unescaped string is then valid too).
    mutating func string(allowEscapes: Bool = true) -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = pos
        var run = pos
        while !atEnd {
            let c = byte
            if c == UInt8(ascii: "\"") {
                guard UTF8Check.isValid(UnsafeRawBufferPointer(rebasing: b[run..<pos])) else { return nil }
                pos += 1
                return start..<(pos - 1)
            }
            if c < 0x20 { return nil }
            if c != UInt8(ascii: "\\") {
                pos += 1
                continue
            }
            guard allowEscapes, UTF8Check.isValid(UnsafeRawBufferPointer(rebasing: b[run..<pos])), escape() else { return nil }
            run = pos
        }
        return nil
    }

    /// One canonical escape: `\" \\ \b \t \n \f \r`, or `\u00xx` (lower-case hex) for the
    /// other control characters.
    mutating func escape() -> Bool {
        guard b.count - pos >= 2 else { return false }
        switch b[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"):
            pos += 2
            return true
        case UInt8(ascii: "u"):
            guard b.count - pos >= 6, b[pos + 2] == UInt8(ascii: "0"), b[pos + 3] == UInt8(ascii: "0"),
                let hi = Reader.lowerHexDigit(b[pos + 4]), let lo = Reader.lowerHexDigit(b[pos + 5])
            else { return false }
            let v = hi << 4 | lo
            guard v < 0x20, ![8, 9, 10, 12, 13].contains(v) else { return false }
            pos += 6
            return true
        default: return false
        }
    }
}

/// Well-formed UTF-8 (The Unicode Standard, Table 3-7): no overlong forms, no surrogates,
/// nothing above U+10FFFF.
enum UTF8Check {
    static func isValid(_ s: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if c < 0x80 {
                i += 1
                continue
            }
            func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool { j < n && s[j] >= lo && s[j] <= hi }
            switch c {
            case 0xC2...0xDF: guard cont(i + 1) else { return false }; i += 2
            case 0xE0: guard cont(i + 1, 0xA0), cont(i + 2) else { return false }; i += 3
            case 0xE1...0xEC, 0xEE...0xEF: guard cont(i + 1), cont(i + 2) else { return false }; i += 3
            case 0xED: guard cont(i + 1, 0x80, 0x9F), cont(i + 2) else { return false }; i += 3
            case 0xF0: guard cont(i + 1, 0x90), cont(i + 2), cont(i + 3) else { return false }; i += 4
            case 0xF1...0xF3: guard cont(i + 1), cont(i + 2), cont(i + 3) else { return false }; i += 4
            case 0xF4: guard cont(i + 1, 0x80, 0x8F), cont(i + 2), cont(i + 3) else { return false }; i += 4
            default: return false
            }
        }
        return true
    }
}
