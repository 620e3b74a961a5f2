/// `roster.added` (all public data): a key put on the roster for a sign-off role.
public struct RosterAdded: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.rosterAdded
    /// The role.
    public var role: Member<String>
    /// The Ed25519 public key (base64).
    public var key: Member<Base64Bytes>
    /// minisign's key number (hex).
    public var keyNumber: Member<HexBytes>
    /// The holder's name.
    public var name: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// Putting `publicKey` on the roster for `role`.
    public init(role: String, publicKey: [UInt8], keyNumber: [UInt8], name: String) {
        (self.role, self.key) = (.value(role), .value(Base64Bytes(publicKey)))
        (self.keyNumber, self.name) = (.value(HexBytes(keyNumber)), .value(name))
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue]) {
        var r = MemberReader(data, publicData)
        (role, key, keyNumber, name) = (r.takePublic("role"), r.takePublic("key"), r.takePublic("key_number"), r.takePublic("name"))
        unread = r.unread
    }

    /// The data: none.
    public var data: [String: JSONValue] { unread.data }
    /// The public data.
    public var publicData: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.putPublic("role", role)
        w.putPublic("key", key)
        w.putPublic("key_number", keyNumber)
        w.putPublic("name", name)
        return w.publicData
    }
    /// The body in the enum.
    public var body: EventBody { .rosterAdded(self) }
}

/// `roster.revoked` (all public data): a key taken off the roster, and why.
public struct RosterRevoked: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.rosterRevoked
    /// The key (base64).
    public var key: Member<Base64Bytes>
    /// Why.
    public var reason: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// Taking `publicKey` off the roster.
    public init(publicKey: [UInt8], reason: String) {
        (key, self.reason) = (.value(Base64Bytes(publicKey)), .value(reason))
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue]) {
        var r = MemberReader(data, publicData)
        (key, reason, unread) = (r.takePublic("key"), r.takePublic("reason"), r.unread)
    }

    /// The data: none.
    public var data: [String: JSONValue] { unread.data }
    /// The public data.
    public var publicData: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.putPublic("key", key)
        w.putPublic("reason", reason)
        return w.publicData
    }
    /// The body in the enum.
    public var body: EventBody { .rosterRevoked(self) }
}

/// `signoff`: in public data the role, the signing key and its key number; encrypted, the
/// statement and its minisign-compatible signatures (docs/FORMAT.md §14).
public struct SignoffGiven: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.signoff
    /// The role signed for (public).
    public var role: Member<String>
    /// The signing key (public, base64).
    public var key: Member<Base64Bytes>
    /// Its key number (public, hex).
    public var keyNumber: Member<HexBytes>
    /// The statement's text.
    public var statement: Member<String>
    /// Ed25519 over the statement (base64).
    public var signature: Member<Base64Bytes>
    /// minisign's trusted comment.
    public var trustedComment: Member<String>
    /// Ed25519 over signature ‖ trusted comment (base64).
    public var globalSignature: Member<Base64Bytes>
    /// minisign's algorithm, `Ed` or `ED` (format 2; absent in format 1, where it is `Ed`).
    public var algorithm: Member<String> = .absent
    /// Members it does not read.
    public var unread = Unread()

    /// A sign-off for `role` with `signed`, by the key `publicKey`.
    public init(role: String, publicKey: [UInt8], keyNumber: [UInt8], signed s: SignedStatement) {
        (self.role, key, self.keyNumber) = (.value(role), .value(Base64Bytes(publicKey)), .value(HexBytes(keyNumber)))
        (statement, signature) = (.value(s.statement.text), .value(Base64Bytes(s.signature)))
        (trustedComment, globalSignature) = (.value(s.trustedComment), .value(Base64Bytes(s.globalSignature)))
        if s.statement.version == 2 { algorithm = .value(s.algorithm) }
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue]) {
        var r = MemberReader(data, publicData)
        (role, key, keyNumber) = (r.takePublic("role"), r.takePublic("key"), r.takePublic("key_number"))
        (statement, signature) = (r.take("statement"), r.take("signature"))
        (trustedComment, globalSignature) = (r.take("trusted_comment"), r.take("global_signature"))
        algorithm = r.take("algorithm")
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("statement", statement)
        w.put("signature", signature)
        w.put("trusted_comment", trustedComment)
        w.put("global_signature", globalSignature)
        w.put("algorithm", algorithm)
        return w.data
    }

    /// The public data.
    public var publicData: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.putPublic("role", role)
        w.putPublic("key", key)
        w.putPublic("key_number", keyNumber)
        return w.publicData
    }
    /// The body in the enum.
    public var body: EventBody { .signoff(self) }

    /// The signed statement; nil when a member is missing or unreadable.
    public var signed: SignedStatement? {
        guard let text = statement.value, let st = SignoffStatement(text: text), let sig = signature.value,
            let tc = trustedComment.value, let global = globalSignature.value
        else { return nil }
        if case .absent = algorithm { return SignedStatement(statement: st, signature: sig.bytes, trustedComment: tc, globalSignature: global.bytes) }
        guard let alg = algorithm.value else { return nil }
        return SignedStatement(statement: st, algorithm: alg, signature: sig.bytes, trustedComment: tc, globalSignature: global.bytes)
    }
}
