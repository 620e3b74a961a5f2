/// C2SP signed notes with Ed25519 (signed-note spec): a text ending in a newline, a blank
/// line, then one `— NAME BASE64(key id ‖ signature)` line per signature. Checkpoints
/// (FORMAT.md §10.2) are signed notes.
public enum SignedNote {
    /// The signature algorithm byte for Ed25519.
    static let ed25519: UInt8 = 0x01

    /// The 4-byte key id: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    public static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(Array(name.utf8) + [0x0A, ed25519] + publicKey).prefix(4))
    }

    /// The verifier key text: `NAME+HEXKEYID+BASE64(0x01 ‖ public key)`.
    public static func verifierKey(name: String, publicKey: [UInt8]) -> String {
        "\(name)+\(Hex.encode(keyID(name: name, publicKey: publicKey)))+\(Base64.encode([ed25519] + publicKey))"
    }

    /// Parses a verifier key into its name and public key; nil when malformed or its key
    /// id does not match.
    public static func parseVerifierKey(_ text: String) -> (name: String, publicKey: [UInt8])? {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, let id = Hex.decode(parts[1]), id.count == 4,
            let key = Base64.decode(parts[2]), key.count == 33, key[0] == ed25519
        else { return nil }
        let pk = Array(key.dropFirst())
        return keyID(name: parts[0], publicKey: pk) == id ? (parts[0], pk) : nil
    }

    /// Signs `text` (which must end in a newline) as `name`.
    /// - Precondition: `text` ends with "\n" and `name` has no spaces or '+'.
    public static func sign(_ text: String, name: String, key: Ed25519) -> String {
        precondition(text.hasSuffix("\n"))
        let sig = key.sign(Array(text.utf8))
        return text + "\n— \(name) " + Base64.encode(keyID(name: name, publicKey: key.publicKey) + sig) + "\n"
    }

    /// True when `note` has a signature line by `name` with the key id of `publicKey` whose
    /// signature does not verify: signed-note says a client SHOULD then reject the whole note.
    public static func hasFailingLine(_ note: String, name: String, publicKey: [UInt8]) -> Bool {
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { return false }
        lines.removeLast()
        var signatures: [String] = []
        while let last = lines.last, last.hasPrefix("— ") { signatures.append(last); lines.removeLast() }
        guard lines.last == "" else { return false }
        lines.removeLast()
        let text = Array((lines.joined(separator: "\n") + "\n").utf8), id = keyID(name: name, publicKey: publicKey)
        return signatures.contains { line in
            let fields = line.dropFirst(2).split(separator: " ")
            guard fields.count == 2, String(fields[0]) == name, let blob = Base64.decode(String(fields[1])), blob.count == 68, Array(blob.prefix(4)) == id
            else { return false }
            return !Ed25519.verify(signature: Array(blob.dropFirst(4)), message: text, publicKey: publicKey)
        }
    }

    /// Verifies a note against one verifier key: the note's text when some signature line by
    /// that key verifies over it, else nil.
    public static func verify(_ note: String, name: String, publicKey: [UInt8]) -> String? {
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { return nil }
        lines.removeLast()
        var signatures: [String] = []
        while let last = lines.last, last.hasPrefix("— ") { signatures.append(last); lines.removeLast() }
        guard !signatures.isEmpty, lines.last == "" else { return nil }
        lines.removeLast()
        let text = lines.joined(separator: "\n") + "\n"
        let id = keyID(name: name, publicKey: publicKey)
        for line in signatures {
            let fields = line.dropFirst(2).split(separator: " ")
            guard fields.count == 2, String(fields[0]) == name, let blob = Base64.decode(String(fields[1])),
                blob.count == 68, Array(blob.prefix(4)) == id
            else { continue }
            if Ed25519.verify(signature: Array(blob.dropFirst(4)), message: Array(text.utf8), publicKey: publicKey) { return text }
        }
        return nil
    }
}
