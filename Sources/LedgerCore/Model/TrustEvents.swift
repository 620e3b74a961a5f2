extension EventKind {
    /// A key was put on the roster for a sign-off role (ledger-level; public data).
    public static let rosterAdded = EventKind("roster.added")
    /// A key was taken off the roster (ledger-level; public data).
    public static let rosterRevoked = EventKind("roster.revoked")
    /// A lead signed off a deployment for a role (a signed record; docs/FORMAT.md §14).
    public static let signoff = EventKind("signoff")
}

/// The data of the roster and sign-off kinds (docs/FORMAT.md §14), as their bodies write it.
///
/// Roster events carry everything in public data, so that a verifier without the key can
/// judge every signature against the roster in force. A sign-off's public data names the
/// role and the key; its statement, signature and the names stay encrypted.
public enum TrustEvents {
    /// `roster.added` public data: role, key (base64), key number (hex), name.
    public static func rosterAdded(role: String, publicKey: [UInt8], keyNumber: [UInt8], name: String) -> [String: JSONValue] {
        RosterAdded(role: role, publicKey: publicKey, keyNumber: keyNumber, name: name).publicData
    }

    /// `roster.revoked` public data: the key (base64) and why.
    public static func rosterRevoked(publicKey: [UInt8], reason: String) -> [String: JSONValue] {
        RosterRevoked(publicKey: publicKey, reason: reason).publicData
    }

    /// A sign-off's public data: the role, the signing key (base64) and its key number (hex).
    public static func signoffPublic(role: String, publicKey: [UInt8], keyNumber: [UInt8]) -> [String: JSONValue] {
        ["role": .string(role), "key": Base64Bytes(publicKey).json, "key_number": HexBytes(keyNumber).json]
    }

    /// A sign-off's encrypted data: the statement and its minisign-compatible signature.
    public static func signoff(_ s: SignedStatement) -> [String: JSONValue] {
        SignoffGiven(role: "", publicKey: [], keyNumber: [], signed: s).data
    }
}

/// A sign-off statement with its signatures, in minisign's legacy (`Ed`) form: the Ed25519
/// signature is over the statement's bytes themselves, so `minisign -V` and
/// `openssl pkeyutl -verify -rawin` both check it.
public struct SignedStatement: Sendable, Equatable {
    /// The statement.
    public let statement: SignoffStatement
    /// Ed25519 over the statement's UTF-8 bytes.
    public let signature: [UInt8]
    /// minisign's trusted comment (one line).
    public let trustedComment: String
    /// Ed25519 over `signature ‖ trusted comment`.
    public let globalSignature: [UInt8]
    /// minisign's algorithm: `Ed` (the statement signed as it is) or `ED` (its BLAKE2b-512
    /// signed, minisign's default; format 2 only, decision 0019 §3).
    public var algorithm = "Ed"

    /// Signs `statement` with `signer`.
    public init(signing statement: SignoffStatement, with signer: Signer) {
        self.statement = statement
        let bytes = Array(statement.text.utf8)
        signature = signer.key.sign(bytes)
        trustedComment = "ledger sign-off: \(statement.role) of deployment \(statement.deploymentName) at record \(statement.headSeq + 1)"
            .replacingNewlines()
        globalSignature = signer.key.sign(signature + Array(trustedComment.utf8))
    }

    /// Rebuilds a signed statement from a sign-off's data; nil when a member is missing.
    public init?(data: [String: JSONValue]) {
        guard let s = SignoffGiven(data: data, publicData: [:]).signed else { return nil }
        self = s
    }

    init(statement: SignoffStatement, signature: [UInt8], trustedComment: String, globalSignature: [UInt8]) {
        self.statement = statement
        self.signature = signature
        self.trustedComment = trustedComment
        self.globalSignature = globalSignature
    }

    /// A statement signed elsewhere (a `.minisig` file's parts).
    public init(statement: SignoffStatement, algorithm: String, signature: [UInt8], trustedComment: String, globalSignature: [UInt8]) {
        self.init(statement: statement, signature: signature, trustedComment: trustedComment, globalSignature: globalSignature)
        self.algorithm = algorithm
    }

    /// True when both signatures verify with `publicKey` (for `ED`, the first is over the
    /// statement's BLAKE2b-512).
    public func verifies(publicKey: [UInt8]) -> Bool {
        let text = Array(statement.text.utf8)
        guard algorithm == "Ed" || algorithm == "ED" else { return false }
        return Ed25519.verify(signature: signature, message: algorithm == "ED" ? Minisign.blake2b512(text) : text, publicKey: publicKey)
            && Ed25519.verify(signature: globalSignature, message: signature + Array(trustedComment.utf8), publicKey: publicKey)
    }

    /// The `.minisig` file text, which `minisign -V` verifies against the signer's public key.
    public func minisig(keyNumber: [UInt8]) -> String {
        Minisign.signatureFile(
            algorithm: algorithm, keyNumber: keyNumber, signature: signature, trustedComment: trustedComment,
            globalSignature: globalSignature, untrustedComment: "ledger sign-off signature")
    }
}

extension String {
    /// The string with every control character (C0, DEL, C1) and line or paragraph separator
    /// turned into a space.
    func replacingNewlines() -> String {
        String(
            String.UnicodeScalarView(
                unicodeScalars.map { c in
                    switch c.properties.generalCategory {
                    case .control, .lineSeparator, .paragraphSeparator: " "
                    default: c
                    }
                }))
    }
}
