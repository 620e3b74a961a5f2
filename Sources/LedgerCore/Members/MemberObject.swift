/// A member as format 2's public data holds it (decision 0017 §6.2, §14):
/// `{"can": [CAP, …], "key": B64(32), "key_number": HEX16, "name": STRING [, "sealed": SEALED]}`.
/// Only the canonical spelling parses; the key must have an X25519 form (§5).
public struct MemberObject: Equatable, Sendable {
    /// What the member may do.
    public let can: CapabilitySet
    /// The Ed25519 public key (32 bytes).
    public let key: [UInt8]
    /// minisign's key number (8 bytes, in file order).
    public let keyNumber: [UInt8]
    /// The label the admin gave the key (decision 0017 §4).
    public let name: String
    /// The seed sealed under a passphrase, for a passphrase member (§8).
    public let sealed: SealedIdentity?

    /// Why a member object is malformed: which member and what is wrong with it.
    public struct Malformed: Error, Equatable, Sendable {
        /// The member of the object (`can`, `key`, …), or `object` for the whole.
        public let member: String
        /// What is wrong, in words.
        public let why: String
    }

    /// A member.
    /// - Throws: `Malformed` for a key without an X25519 form, a key number not 8 bytes, or a
    ///   name that breaks §4.
    public init(can: CapabilitySet, key: [UInt8], keyNumber: [UInt8], name: String, sealed: SealedIdentity? = nil) throws(Malformed) {
        guard X25519.publicKey(ofEd25519: key) != nil else { throw Malformed(member: "key", why: "not a usable member key") }
        guard keyNumber.count == 8 else { throw Malformed(member: "key_number", why: "not 8 bytes") }
        guard Self.isName(name) else {
            throw Malformed(member: "name", why: "not 1-64 bytes of one line without control characters or surrounding blanks")
        }
        self.can = can
        self.key = key
        self.keyNumber = keyNumber
        self.name = name
        self.sealed = sealed
    }

    /// The key id people see (minisign's: the key number read little-endian, upper-case hex).
    public var keyID: String { Signer.keyID(keyNumber) }

    /// A name of 1–64 UTF-8 bytes, no control character, no line or paragraph separator, no
    /// surrounding blanks.
    public static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name == name.trimmingBlanks
            && !name.unicodeScalars.contains {
                let c = $0.properties.generalCategory
                return c == .control || c == .lineSeparator || c == .paragraphSeparator
            }
    }

    /// The canonical JSON object.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "can": .array(can.can.map(JSONValue.string)), "key": .string(Base64.encode(key)),
            "key_number": .string(Hex.encode(keyNumber)), "name": .string(name),
        ]
        if let sealed {
            o["sealed"] = [
                "memlimit": .int(Int64(sealed.parameters.memLimit)), "nonce": .string(Base64.encode(sealed.nonce)),
                "opslimit": .int(Int64(sealed.parameters.opsLimit)), "salt": .string(Base64.encode(sealed.salt)),
                "secret": .string(Base64.encode(sealed.secret)),
            ]
        }
        return .object(o)
    }

    /// Reads a member object.
    /// - Throws: `Malformed` naming the first member that breaks §6.2 or §14.
    public init(json: JSONValue) throws(Malformed) {
        guard let o = json.objectValue else { throw Malformed(member: "object", why: "not an object") }
        try Self.only(["can", "key", "key_number", "name", "sealed"], in: o, of: "object")
        guard let list = o["can"]?.arrayValue, case let texts = list.compactMap(\.stringValue), texts.count == list.count else {
            throw Malformed(member: "can", why: "not an array of strings")
        }
        let can: CapabilitySet
        do { can = try CapabilitySet(can: texts) } catch { throw Malformed(member: "can", why: "\(error)") }
        let key = try Self.base64(o["key"], "key", count: 32)
        guard let numberText = o["key_number"]?.stringValue, numberText.count == 16, let number = Hex.decode(numberText),
            Hex.encode(number) == numberText
        else { throw Malformed(member: "key_number", why: "not 16 lower-case hex digits") }
        guard let name = o["name"]?.stringValue else { throw Malformed(member: "name", why: "not a string") }
        let sealed = try o["sealed"].map { (s) throws(Malformed) in try Self.sealed(s) }
        try self.init(can: can, key: key, keyNumber: number, name: name, sealed: sealed)
    }

    static func sealed(_ json: JSONValue) throws(Malformed) -> SealedIdentity {
        guard let o = json.objectValue else { throw Malformed(member: "sealed", why: "not an object") }
        try only(["memlimit", "nonce", "opslimit", "salt", "secret"], in: o, of: "sealed")
        guard let ops = o["opslimit"]?.intValue, let mem = o["memlimit"]?.intValue, ops > 0, mem > 0 else {
            throw Malformed(member: "sealed", why: "opslimit and memlimit must be positive integers")
        }
        let parameters = Argon2id.Parameters(opsLimit: UInt64(ops), memLimit: UInt64(mem))
        guard parameters.isAcceptable else { throw Malformed(member: "sealed", why: "the Argon2id cost is below the floor or above the cap") }
        let salt = try base64(o["salt"], "sealed.salt", count: 16)
        let nonce = try base64(o["nonce"], "sealed.nonce", count: 24)
        let secret = try base64(o["secret"], "sealed.secret", count: 48)
        return SealedIdentity(parameters: parameters, salt: salt, nonce: nonce, secret: secret)!
    }

    /// Canonical padded base64 of exactly `count` bytes.
    static func base64(_ value: JSONValue?, _ member: String, count: Int) throws(Malformed) -> [UInt8] {
        guard let text = value?.stringValue, let bytes = Base64.decode(text), bytes.count == count, Base64.encode(bytes) == text else {
            throw Malformed(member: member, why: "not base64 of \(count) bytes")
        }
        return bytes
    }

    static func only(_ allowed: Set<String>, in o: [String: JSONValue], of what: String) throws(Malformed) {
        if let extra = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Malformed(member: what, why: "has a member '\(extra)' format 2 does not define")
        }
    }
}
