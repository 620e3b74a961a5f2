/// The strict reader behind `CanonicalJSON.parse`.
struct Reader {
    let bytes: [UInt8]
    var pos = 0
    static let maxDepth = 64

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ reason: String) -> CanonicalJSON.Error { CanonicalJSON.Error(offset: pos, reason: reason) }

    mutating func expect(_ literal: String) throws(CanonicalJSON.Error) {
        for b in literal.utf8 {
            guard pos < bytes.count, bytes[pos] == b else { throw fail("expected '\(literal)'") }
            pos += 1
        }
    }

    mutating func value(depth: Int) throws(CanonicalJSON.Error) -> JSONValue {
        guard depth < Self.maxDepth else { throw fail("nested too deeply") }
        guard pos < bytes.count else { throw fail("unexpected end") }
        switch bytes[pos] {
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
        default: throw fail("unexpected byte")
        }
    }

    mutating func array(depth: Int) throws(CanonicalJSON.Error) -> JSONValue {
        pos += 1
        var items: [JSONValue] = []
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            guard pos < bytes.count else { throw fail("unterminated array") }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            try expect(",")
        }
    }

    mutating func object(depth: Int) throws(CanonicalJSON.Error) -> JSONValue {
        pos += 1
        var members: [String: JSONValue] = [:]
        var lastKey: [UInt8]? = nil
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let keyStart = pos
            let key = try string()
            let keyBytes = Array(key.utf8)
            if let last = lastKey, !last.lexicographicallyPrecedes(keyBytes) {
                throw CanonicalJSON.Error(offset: keyStart, reason: "keys not in ascending byte order or repeated")
            }
            lastKey = keyBytes
            try expect(":")
            members[key] = try value(depth: depth + 1)
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            try expect(",")
        }
    }

    mutating func integer() throws(CanonicalJSON.Error) -> Int64 {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        let digitsStart = pos
        while pos < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[pos]) { pos += 1 }
        let digits = pos - digitsStart
        guard digits > 0, digits <= 16 else { throw CanonicalJSON.Error(offset: start, reason: "bad integer") }
        if bytes[digitsStart] == UInt8(ascii: "0"), digits > 1 || digitsStart > start {
            throw CanonicalJSON.Error(offset: start, reason: "leading zero or -0")
        }
        if pos < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[pos]) {
            throw fail("only integers are allowed")
        }
        guard let v = Int64(String(decoding: bytes[start..<pos], as: UTF8.self)), (-JSONValue.maxInteger...JSONValue.maxInteger).contains(v) else {
            throw CanonicalJSON.Error(offset: start, reason: "integer out of range")
        }
        return v
    }

    mutating func string() throws(CanonicalJSON.Error) -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw fail("control character must be escaped") }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            out.append(try escape())
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in string") }
        return s
    }

    mutating func escape() throws(CanonicalJSON.Error) -> UInt8 {
        guard pos + 1 < bytes.count else { throw fail("bad escape") }
        let c = bytes[pos + 1]
        if let v = Self.shortEscape(c) { pos += 2; return v }
        guard c == UInt8(ascii: "u"), pos + 5 < bytes.count,
            bytes[pos + 2] == 48, bytes[pos + 3] == 48,
            let hi = Self.lowerHexDigit(bytes[pos + 4]), let lo = Self.lowerHexDigit(bytes[pos + 5]),
            case let v = hi << 4 | lo, v < 0x20, ![8, 9, 10, 12, 13].contains(v)
        else { throw fail("non-canonical escape") }
        pos += 6
        return v
    }

    /// The byte a short escape (`\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`) stands for.
    static func shortEscape(_ c: UInt8) -> UInt8? {
        switch c {
        case 34: return 34
        case 92: return 92
        case 98: return 8
        case 116: return 9
        case 110: return 10
        case 102: return 12
        case 114: return 13
        default: return nil
        }
    }

    /// The value of a lower-case hexadecimal digit (`0-9`, `a-f`; no sign, no upper case).
    static func lowerHexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return nil
        }
    }
}
