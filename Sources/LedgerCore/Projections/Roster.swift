/// Who may sign for which role, as the roster events in the log say (docs/FORMAT.md §14.1).
///
/// Built from records' public data alone, so it needs no key. Fold records in sequence order
/// with `apply(_:)`; at any point the roster holds what was in force at that position.
public struct Roster: Sendable, Equatable {
    /// One key on the roster.
    public struct Entry: Sendable, Equatable {
        /// The role, e.g. "Security Lead".
        public let role: String
        /// The Ed25519 public key.
        public let publicKey: [UInt8]
        /// minisign's key number.
        public let keyNumber: [UInt8]
        /// The signer's name.
        public let name: String
        /// The `roster.added` record.
        public let addedSeq: Int64
        /// The `roster.revoked` record, once revoked.
        public internal(set) var revokedSeq: Int64?
        /// Why it was revoked.
        public internal(set) var revokeReason: String?

        /// minisign's key id.
        public var keyID: String { Signer.keyID(keyNumber) }
        /// True while not revoked.
        public var isActive: Bool { revokedSeq == nil }
    }

    /// Every entry ever added, in log order.
    public private(set) var entries: [Entry] = []

    /// An empty roster.
    public init() {}

    /// Entries in force (not revoked).
    public var active: [Entry] { entries.filter(\.isActive) }

    /// True when the key is in force for `role`.
    public func holds(_ publicKey: [UInt8], role: String) -> Bool {
        entries.contains { $0.isActive && $0.publicKey == publicKey && Self.sameRole($0.role, role) }
    }

    /// The entry in force for `publicKey`, if any.
    public func activeEntry(for publicKey: [UInt8]) -> Entry? { entries.last { $0.isActive && $0.publicKey == publicKey } }

    /// The entry (in force or not) that last held `publicKey`.
    public func lastEntry(for publicKey: [UInt8]) -> Entry? { entries.last { $0.publicKey == publicKey } }

    /// True when two role names are the same role (ASCII case ignored, docs/FORMAT.md §14.1).
    public static func sameRole(_ a: String, _ b: String) -> Bool { a.asciiLowercased == b.asciiLowercased }

    /// Folds in one record if it is a roster event; returns the finding it gives when it
    /// cannot be applied (`role_conflict` for a second role, else `malformed`).
    public mutating func apply(_ r: Record) -> Finding? {
        apply(kind: r.kind, publicData: r.publicObject, seq: r.seq)
    }

    /// Folds in one event if it is a roster event (its public data is all that counts).
    public mutating func apply(_ e: Event, seq: Int64) -> Finding? {
        apply(kind: e.kind.rawValue, publicData: e.publicData, seq: seq)
    }

    mutating func apply(kind: String, publicData p: [String: JSONValue], seq: Int64) -> Finding? {
        guard kind == EventKind.rosterAdded.rawValue || kind == EventKind.rosterRevoked.rawValue, let k = EventKind(rawValue: kind) else { return nil }
        let body = EventBody(kind: k, data: [:], publicData: p)
        var added: RosterAdded?, revoked: RosterRevoked?
        if case .rosterAdded(let b) = body { added = b }
        if case .rosterRevoked(let b) = body { revoked = b }
        guard let key = (added?.key ?? revoked?.key)?.value?.bytes, key.count == 32 else {
            return Finding(.malformed, seq: seq, "\(kind) at \(seq) has no 32-byte key in its public data")
        }
        if let revoked {
            guard let i = entries.lastIndex(where: { $0.isActive && $0.publicKey == key }) else {
                return Finding(.malformed, seq: seq, "roster.revoked at \(seq) names a key that is not on the roster")
            }
            entries[i].revokedSeq = seq
            entries[i].revokeReason = revoked.reason.value
            return nil
        }
        guard let added, let role = added.role.value, let kn = added.keyNumber.value?.bytes, kn.count == 8 else {
            return Finding(.malformed, seq: seq, "roster.added at \(seq) has no role or key number")
        }
        if let held = activeEntry(for: key) {
            if Self.sameRole(held.role, role) { return nil }  // already holds it: nothing changes
            return Finding(
                .roleConflict, seq: seq, "roster.added at \(seq) gives key \(held.keyID) a second role (it holds \(held.role) since record \(held.addedSeq))")
        }
        entries.append(Entry(role: role, publicKey: key, keyNumber: kn, name: added.name.value ?? "", addedSeq: seq))
        return nil
    }

    /// Format 2: a `member.added` puts each of its `sign:ROLE` capabilities on the roster, a
    /// `member.removed` takes every role of its key off (decision 0017 §6.1: the roster of
    /// sign-off roles is part of membership). Other kinds change nothing.
    public mutating func applyMembership(kind: EventKind, publicData p: [String: JSONValue], seq: Int64) {
        if kind == .memberRemoved, let key = p["key"]?.stringValue.flatMap(Base64.decode) {
            for i in entries.indices where entries[i].isActive && entries[i].publicKey == key { entries[i].revokedSeq = seq }
        }
        var object = kind == .memberAdded ? p : kind == .ledgerCreated ? p["member"]?.objectValue ?? [:] : [:]
        object["wrap"] = nil
        guard !object.isEmpty, let m = try? MemberObject(json: .object(object)) else { return }
        for case .sign(let role) in m.can.all where !holds(m.key, role: role) {
            entries.append(Entry(role: role, publicKey: m.key, keyNumber: m.keyNumber, name: m.name, addedSeq: seq))
        }
    }

    /// The roster of `records` (any records; only roster events count).
    public static func of<S: Sequence>(_ records: S) -> Roster where S.Element == Record {
        var r = Roster()
        for rec in records { _ = r.apply(rec) }
        return r
    }
}

extension [UInt8] {
    /// A short fingerprint of a public key for people: the first 8 bytes of its SHA-256,
    /// as four colon-separated groups of hex (`SHA256:3f2a9c1e:…`).
    public var keyFingerprint: String {
        let h = Hex.encode(Array(SHA256.hash(self).prefix(8)))
        return "SHA256:"
            + stride(from: 0, to: h.count, by: 4).map { i in
                String(h[h.index(h.startIndex, offsetBy: i)..<h.index(h.startIndex, offsetBy: i + 4)])
            }.joined(separator: ":")
    }
}
