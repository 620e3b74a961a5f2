/// minisign's public-key and signature formats (jedisct1/minisign), so that anyone can check
/// a ledger signature with `minisign -V` (docs/FORMAT.md §13).
///
/// Public key: `untrusted comment: …\n` + base64(`Ed` ‖ key number (8 bytes) ‖ public key) + `\n`.
/// Signature: `untrusted comment: …\n` + base64(`ED` ‖ key number ‖ Ed25519(BLAKE2b-512(message)))
/// + `\ntrusted comment: TEXT\n` + base64(Ed25519(signature ‖ TEXT)) + `\n`.
public enum Minisign {
    /// The public key as one line: base64(`Ed` ‖ key number ‖ public key).
    public static func publicKeyLine(keyNumber: [UInt8], publicKey: [UInt8]) -> String {
        Base64.encode(Array("Ed".utf8) + keyNumber + publicKey)
    }

    /// The public key file text.
    public static func publicKey(keyNumber: [UInt8], publicKey: [UInt8], comment: String) -> String {
        "untrusted comment: \(comment)\n" + publicKeyLine(keyNumber: keyNumber, publicKey: publicKey) + "\n"
    }

    /// Parses the base64 line of a public key: the key number and the public key.
    public static func parsePublicKeyLine(_ line: some StringProtocol) -> (keyNumber: [UInt8], publicKey: [UInt8])? {
        guard let blob = Base64.decode(String(line)), blob.count == 42, blob[0] == 0x45, blob[1] == 0x64 else { return nil }
        return (Array(blob[2..<10]), Array(blob[10...]))
    }

    /// Parses a public key file (its second line).
    public static func parsePublicKey(_ text: String) -> (keyNumber: [UInt8], publicKey: [UInt8])? {
        let lines = text.split(separator: "\n")
        return lines.count >= 2 ? parsePublicKeyLine(lines[1]) : nil
    }

    /// A signature file: `untrusted comment` line, base64(`algorithm` ‖ key number ‖ signature),
    /// `trusted comment` line, base64(global signature). `algorithm` is `Ed` (the message
    /// signed as it is) or `ED` (its BLAKE2b-512 signed).
    public static func signatureFile(
        algorithm: String, keyNumber: [UInt8], signature: [UInt8], trustedComment: String,
        globalSignature: [UInt8], untrustedComment: String
    ) -> String {
        "untrusted comment: \(untrustedComment)\n" + Base64.encode(Array(algorithm.utf8) + keyNumber + signature)
            + "\ntrusted comment: \(trustedComment)\n" + Base64.encode(globalSignature) + "\n"
    }

    /// A signature of `message` with a trusted comment (one line), as `minisign -S` writes it:
    /// prehashed (`ED`, BLAKE2b-512 of the message signed) unless `legacy` (`Ed`, `minisign -S
    /// -l`: the message itself signed).
    /// - Precondition: `trustedComment` has no line break.
    public static func sign(
        _ message: [UInt8], key: Ed25519, keyNumber: [UInt8], trustedComment: String, legacy: Bool = false,
        untrustedComment: String = "signature from ledger"
    ) -> String {
        precondition(!trustedComment.contains("\n") && keyNumber.count == 8)
        let sig = key.sign(legacy ? message : blake2b512(message))
        return signatureFile(
            algorithm: legacy ? "Ed" : "ED", keyNumber: keyNumber, signature: sig, trustedComment: trustedComment,
            globalSignature: key.sign(sig + Array(trustedComment.utf8)), untrustedComment: untrustedComment)
    }

    /// minisign's default trusted comment for a file signed at `unixTime`:
    /// `timestamp:<seconds>\tfile:<base name>` and, when prehashed, `\thashed`.
    public static func defaultTrustedComment(unixTime: Int64, fileName: String, legacy: Bool) -> String {
        "timestamp:\(unixTime)\tfile:\(fileName)" + (legacy ? "" : "\thashed")
    }

    /// True when `comment` is a trusted comment minisign accepts: at most 8173 bytes of UTF-8
    /// without control characters other than tab.
    public static func isValidTrustedComment(_ comment: String) -> Bool {
        comment.utf8.count <= 8173 && !comment.unicodeScalars.contains { $0 != "\t" && $0.properties.generalCategory == .control }
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

    /// The parts of a `.minisig` file (decision 0019 §3): nil unless it is exactly four lines
    /// (a CR before each LF dropped, a final LF optional) of an `untrusted comment: `, base64 of
    /// 74 bytes beginning `Ed` or `ED`, a `trusted comment: ` and base64 of 64 bytes.
    public static func parseSignatureFile(
        _ text: String
    ) -> (algorithm: String, keyNumber: [UInt8], signature: [UInt8], trustedComment: String, globalSignature: [UInt8])? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        guard lines.count == 4, lines[0].hasPrefix("untrusted comment: "), lines[2].hasPrefix("trusted comment: "),
            let blob = Base64.decode(lines[1]), blob.count == 74, let global = Base64.decode(lines[3]), global.count == 64
        else { return nil }
        let algorithm = String(decoding: blob[0..<2], as: UTF8.self)
        guard algorithm == "Ed" || algorithm == "ED" else { return nil }
        let comment = String(lines[2].dropFirst("trusted comment: ".count))
        guard isValidTrustedComment(comment) else { return nil }
        return (algorithm, Array(blob[2..<10]), Array(blob[10...]), comment, global)
    }

    /// BLAKE2b-512 of `m`: minisign's prehash.
    public static func blake2b512(_ m: [UInt8]) -> [UInt8] { BLAKE2b.hash(m, outputLength: 64) }
}
