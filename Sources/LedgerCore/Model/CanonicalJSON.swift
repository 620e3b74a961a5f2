/// Canonical JSON: the one byte sequence the ledger writes for a `JSONValue`, and a strict
/// reader that accepts nothing else.
///
/// Rules (docs/FORMAT.md §Canonical JSON): UTF-8; no insignificant white space; object keys
/// unique and sorted by their UTF-8 bytes; strings escape only `"`, `\` and U+0000–U+001F
/// (`\b \t \n \f \r` short forms, others `\u00xx` lower-case); integers only, in
/// −(2^53−1)…2^53−1, no leading zeros, no `-0`; literals `true`, `false`, `null`.
public enum CanonicalJSON {
    /// Why a byte sequence is not canonical JSON.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        /// Byte offset of the problem.
        public let offset: Int
        /// What is wrong.
        public let reason: String
        public var description: String { "not canonical JSON at byte \(offset): \(reason)" }
    }

    /// Appends the canonical encoding of `value` to `out`.
    public static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i):
            // Written exactly even beyond ±(2^53−1), which the reader refuses: a report of a
            // stored value out of range (a sequence number) must show it as it is, not stop.
            out += Array(String(i).utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            let members = o.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Copy runs that need no escape in one go; escape the rest byte by byte.
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                appendEscape(b, to: &out)
                start = i + 1
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x22: out += [92, 34]
        case 0x5C: out += [92, 92]
        case 0x08: out += [92, UInt8(ascii: "b")]
        case 0x09: out += [92, UInt8(ascii: "t")]
        case 0x0A: out += [92, UInt8(ascii: "n")]
        case 0x0C: out += [92, UInt8(ascii: "f")]
        case 0x0D: out += [92, UInt8(ascii: "r")]
        default: out += [92, UInt8(ascii: "u"), 48, 48, hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
        }
    }

    /// Parses canonical JSON, rejecting any other spelling of the same value.
    /// - Throws: `CanonicalJSON.Error` naming the first offending byte.
    public static func parse(_ bytes: [UInt8]) throws(Error) -> JSONValue {
        var r = Reader(bytes: bytes)
        let v = try r.value(depth: 0)
        guard r.pos == bytes.count else { throw Error(offset: r.pos, reason: "trailing bytes") }
        return v
    }
}
