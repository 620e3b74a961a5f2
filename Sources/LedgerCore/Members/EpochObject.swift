/// An epoch as format 2's public data holds it (decision 0017 §6.2, §7, §14): its number, the
/// key check, the link to the previous epoch's key (every epoch but the first) and one X25519
/// stanza per reader, sorted by the reader's key.
///
/// `{"epoch": N, "key_check": B64(32), ["previous": {"nonce": B64(24), "sealed": B64(48)},] "wraps": [WRAP, …]}`
/// with `WRAP = {"epk": B64(32), "key": B64(32), "nonce": B64(24), "wrapped": B64(48)}`.
public struct EpochObject: Equatable, Sendable {
    /// The epoch number, at least 1.
    public let epoch: UInt32
    /// `EpochKey.check` of the epoch's data key.
    public let keyCheck: [UInt8]
    /// The previous epoch's key sealed under this one's (`EpochKey.link`); nil for epoch 1.
    public let previous: (nonce: [UInt8], sealed: [UInt8])?
    /// One stanza per reader, sorted by `key` bytes, no key twice, 1–256 of them.
    public let wraps: [X25519Stanza]

    /// Most readers an epoch may have (so that it fits the 65536-byte public-data limit).
    public static let maxReaders = 256

    /// An epoch object, checked.
    /// - Throws: `MemberObject.Malformed` naming what breaks §6.2.
    public init(epoch: UInt32, keyCheck: [UInt8], previous: (nonce: [UInt8], sealed: [UInt8])?, wraps: [X25519Stanza]) throws(MemberObject.Malformed) {
        guard epoch >= 1 else { throw MemberObject.Malformed(member: "epoch", why: "not at least 1") }
        guard keyCheck.count == 32 else { throw MemberObject.Malformed(member: "key_check", why: "not 32 bytes") }
        guard (previous == nil) == (epoch == 1), previous.map({ $0.nonce.count == 24 && $0.sealed.count == 48 }) ?? true else {
            throw MemberObject.Malformed(member: "previous", why: "required for every epoch after the first, absent for epoch 1, of 24 and 48 bytes")
        }
        guard (1...Self.maxReaders).contains(wraps.count) else { throw MemberObject.Malformed(member: "wraps", why: "not 1-256 wraps") }
        guard zip(wraps, wraps.dropFirst()).allSatisfy({ $0.key.lexicographicallyPrecedes($1.key) }) else {
            throw MemberObject.Malformed(member: "wraps", why: "not sorted by key, or a key twice")
        }
        self.epoch = epoch
        self.keyCheck = keyCheck
        self.previous = previous
        self.wraps = wraps
    }

    public static func == (a: EpochObject, b: EpochObject) -> Bool {
        a.epoch == b.epoch && a.keyCheck == b.keyCheck && a.wraps == b.wraps
            && a.previous?.nonce == b.previous?.nonce && a.previous?.sealed == b.previous?.sealed
    }

    /// The stanza for the reader whose Ed25519 key is `key`, if it has one.
    public func wrap(for key: [UInt8]) -> X25519Stanza? { wraps.first { $0.key == key } }

    /// The canonical JSON object.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "epoch": .int(Int64(epoch)), "key_check": .string(Base64.encode(keyCheck)), "wraps": .array(wraps.map(Self.json)),
        ]
        if let previous { o["previous"] = ["nonce": .string(Base64.encode(previous.nonce)), "sealed": .string(Base64.encode(previous.sealed))] }
        return .object(o)
    }

    /// A stanza's JSON object.
    public static func json(_ w: X25519Stanza) -> JSONValue {
        [
            "epk": .string(Base64.encode(w.epk)), "key": .string(Base64.encode(w.key)), "nonce": .string(Base64.encode(w.nonce)),
            "wrapped": .string(Base64.encode(w.wrapped)),
        ]
    }

    /// Reads an epoch object.
    /// - Throws: `MemberObject.Malformed` naming the first member that breaks §6.2 or §14.
    public init(json: JSONValue) throws(MemberObject.Malformed) {
        guard let o = json.objectValue else { throw MemberObject.Malformed(member: "object", why: "not an object") }
        try MemberObject.only(["epoch", "key_check", "previous", "wraps"], in: o, of: "object")
        guard let n = o["epoch"]?.intValue, n >= 1, n <= Int64(UInt32.max) else {
            throw MemberObject.Malformed(member: "epoch", why: "not an integer from 1 to 2^32-1")
        }
        let check = try MemberObject.base64(o["key_check"], "key_check", count: 32)
        var previous: (nonce: [UInt8], sealed: [UInt8])?
        if let p = o["previous"] {
            guard let po = p.objectValue else { throw MemberObject.Malformed(member: "previous", why: "not an object") }
            try MemberObject.only(["nonce", "sealed"], in: po, of: "previous")
            previous = (try MemberObject.base64(po["nonce"], "previous.nonce", count: 24), try MemberObject.base64(po["sealed"], "previous.sealed", count: 48))
        }
        guard let list = o["wraps"]?.arrayValue else { throw MemberObject.Malformed(member: "wraps", why: "not an array") }
        var wraps: [X25519Stanza] = []
        for w in list { wraps.append(try Self.stanza(w)) }
        try self.init(epoch: UInt32(n), keyCheck: check, previous: previous, wraps: wraps)
    }

    /// Reads a wrap; its sizes are checked before anything is decrypted (as age does).
    /// - Throws: `MemberObject.Malformed`.
    public static func stanza(_ json: JSONValue) throws(MemberObject.Malformed) -> X25519Stanza {
        guard let o = json.objectValue else { throw MemberObject.Malformed(member: "wraps", why: "a wrap is not an object") }
        try MemberObject.only(["epk", "key", "nonce", "wrapped"], in: o, of: "wrap")
        return X25519Stanza(
            key: try MemberObject.base64(o["key"], "wrap.key", count: 32), epk: try MemberObject.base64(o["epk"], "wrap.epk", count: 32),
            nonce: try MemberObject.base64(o["nonce"], "wrap.nonce", count: 24), wrapped: try MemberObject.base64(o["wrapped"], "wrap.wrapped", count: 48))!
    }
}
