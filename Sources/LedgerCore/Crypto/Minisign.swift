import CSodium

/// minisign's public-key and signature formats (jedisct1/minisign), so that anyone can check
/// a ledger signature with `minisign -V` (docs/FORMAT.md §13).
///
/// Public key: `untrusted comment: …\n` + base64(`Ed` ‖ key number (8 bytes) ‖ public key) + `\n`.
/// Signature: `untrusted comment: …\n` + base64(`ED` ‖ key number ‖ Ed25519(BLAKE2b-512(message)))
/// + `\ntrusted comment: TEXT\n` + base64(Ed25519(signature ‖ TEXT)) + `\n`.
public enum Minisign {
    /// The public key file text.
    public static func publicKey(_ key: Ed25519, keyNumber: [UInt8], comment: String) -> String {
        "untrusted comment: \(comment)\n" + Base64.encode(Array("Ed".utf8) + keyNumber + key.publicKey) + "\n"
    }

    /// Parses a public key file: the key number and the public key.
    public static func parsePublicKey(_ text: String) -> (keyNumber: [UInt8], publicKey: [UInt8])? {
        let lines = text.split(separator: "\n")
        guard lines.count >= 2, let blob = Base64.decode(String(lines[1])), blob.count == 42, blob[0] == 0x45, blob[1] == 0x64 else { return nil }
        return (Array(blob[2..<10]), Array(blob[10...]))
    }

    /// A prehashed (`ED`) signature of `message` with a trusted comment (one line).
    /// - Precondition: `trustedComment` has no line break.
    public static func sign(_ message: [UInt8], key: Ed25519, keyNumber: [UInt8], trustedComment: String) -> String {
        precondition(!trustedComment.contains("\n") && keyNumber.count == 8)
        let sig = key.sign(blake2b512(message))
        let global = key.sign(sig + Array(trustedComment.utf8))
        return "untrusted comment: signature from ledger\n" + Base64.encode(Array("ED".utf8) + keyNumber + sig)
            + "\ntrusted comment: \(trustedComment)\n" + Base64.encode(global) + "\n"
    }

    /// Verifies a signature file over `message` with a public key (both forms, `Ed` and `ED`).
    public static func verify(_ signature: String, message: [UInt8], keyNumber: [UInt8], publicKey: [UInt8]) -> Bool {
        let lines = signature.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, let blob = Base64.decode(String(lines[1])), blob.count == 74, Array(blob[2..<10]) == keyNumber,
            lines[2].hasPrefix("trusted comment: "), let global = Base64.decode(String(lines[3]))
        else { return false }
        let sig = Array(blob[10...])
        let prehashed = blob[0] == 0x45 && blob[1] == 0x44
        guard prehashed || (blob[0] == 0x45 && blob[1] == 0x64) else { return false }
        let signed = prehashed ? blake2b512(message) : message
        let trusted = Array(lines[2].dropFirst("trusted comment: ".count).utf8)
        return Ed25519.verify(signature: sig, message: signed, publicKey: publicKey)
            && Ed25519.verify(signature: global, message: sig + trusted, publicKey: publicKey)
    }

    /// BLAKE2b-512 (libsodium `crypto_generichash`, 64-byte output, no key).
    public static func blake2b512(_ m: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialised()
        var out = [UInt8](repeating: 0, count: 64)
        _ = crypto_generichash(&out, 64, m, UInt64(m.count), nil, 0)
        return out
    }
}
