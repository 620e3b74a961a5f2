import CSodium

/// Standard base64 with padding (RFC 4648 §4), via libsodium.
public enum Base64 {
    /// Encodes bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        Sodium.ensureInitialised()
        let variant = Int32(sodium_base64_VARIANT_ORIGINAL)
        let len = sodium_base64_encoded_len(bytes.count, variant)
        var out = [CChar](repeating: 0, count: len)
        bytes.withUnsafeBufferPointer { b in
            _ = sodium_bin2base64(&out, len, b.baseAddress, bytes.count, variant)
        }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes strict padded base64; nil on any other input.
    public static func decode(_ text: String) -> [UInt8]? {
        Sodium.ensureInitialised()
        let input = Array(text.utf8)
        if input.isEmpty { return [] }
        var out = [UInt8](repeating: 0, count: input.count * 3 / 4 + 3)
        var outLen = 0
        let rc = input.withUnsafeBufferPointer { i in
            i.withMemoryRebound(to: CChar.self) { c in
                sodium_base642bin(
                    &out, out.count, c.baseAddress, input.count, nil, &outLen, nil,
                    Int32(sodium_base64_VARIANT_ORIGINAL))
            }
        }
        guard rc == 0 else { return nil }
        return Array(out.prefix(outLen))
    }
}
