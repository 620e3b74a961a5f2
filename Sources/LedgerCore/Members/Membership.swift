/// Who the members are at each point of a format-2 log, and which records break the rules of
/// membership (decision 0017 §6.2 rules 1–6, §6.4, §7.1), folded record by record without any
/// key. A record is judged by the members in force *before* it.
public struct Membership: Sendable {
    /// A member and the records that added and (if so) removed it.
    public struct Entry: Equatable, Sendable {
        /// The member object of its adding record.
        public let member: MemberObject
        /// The record that added it.
        public let addedSeq: Int64
        /// The record that removed it, nil while in force.
        public internal(set) var removedSeq: Int64?
    }

    /// A record that breaks a rule, as a value; verify turns these into findings.
    public struct Problem: Equatable, Sendable {
        /// Which rule.
        public enum Kind: String, Sendable {
            case unsignedRecord = "unsigned_record", notAMember = "not_a_member", notPermitted = "not_permitted"
            case memberConflict = "member_conflict", badWraps = "bad_wraps", wrongEpoch = "wrong_epoch", malformed
        }
        /// The rule broken.
        public let kind: Kind
        /// The record that breaks it.
        public let seq: Int64
        /// What is wrong, in words (member names and ids as the log has them).
        public let message: String
    }

    /// What the fold needs of one record: its header fields, its author (`sig[0..<32]`, nil when
    /// unsigned) and its public data (nil when empty).
    public struct Record: Sendable {
        /// Its sequence number.
        public let seq: Int64
        /// Its kind.
        public let kind: EventKind
        /// True when it belongs to no deployment (the zero deployment id).
        public let ledgerLevel: Bool
        /// Its header's epoch.
        public let epoch: UInt32
        /// The author's Ed25519 key, `sig[0..<32]`; nil when the record is unsigned.
        public let author: [UInt8]?
        /// Its public data, parsed; nil when empty.
        public let publicData: JSONValue?

        /// A record as the fold reads it.
        public init(seq: Int64, kind: EventKind, ledgerLevel: Bool, epoch: UInt32, author: [UInt8]?, publicData: JSONValue?) {
            self.seq = seq
            self.kind = kind
            self.ledgerLevel = ledgerLevel
            self.epoch = epoch
            self.author = author
            self.publicData = publicData
        }
    }

    /// Every member ever added, in order of the adding record.
    public private(set) var entries: [Entry] = []
    /// The epoch in force (0 before record 1).
    public private(set) var epoch: UInt32 = 0
    /// Every problem found, in order.
    public private(set) var problems: [Problem] = []

    /// An empty fold, before record 1.
    public init() {}

    /// The members in force.
    public var inForce: [Entry] { entries.filter { $0.removedSeq == nil } }

    /// The member in force whose key is `key`.
    public func member(key: [UInt8]) -> Entry? { inForce.first { $0.member.key == key } }

    /// The member in force named `name` (ASCII case ignored, decision 0017 §4).
    public func member(named name: String) -> Entry? { inForce.first { $0.member.name.asciiLowercased == name.asciiLowercased } }

    /// Absorbs the next record (in `seq` order).
    public mutating func absorb(_ r: Record) {
        guard let author = r.author else { return note(.unsignedRecord, r, "record \(r.seq) is not signed by any member") }
        if r.seq == 1 { return found(r, author: author) }
        guard let who = member(key: author) else {
            let gone = entries.last { $0.member.key == author }
            let why =
                gone.map { "key \($0.member.keyID) ('\($0.member.name)'), removed at record \($0.removedSeq ?? 0)" }
                ?? "key \(author.keyFingerprint), never a member"
            return note(.notAMember, r, "record \(r.seq) (\(r.kind.rawValue)) is signed by \(why)")
        }
        guard permits(who.member.can, r, author: author) else {
            return note(
                .notPermitted, r,
                "member '\(who.member.name)' (key \(who.member.keyID); may \(who.member.can.can.joined(separator: ", "))) may not write \(r.kind.rawValue): it needs \(Self.needs(r.kind))"
            )
        }
        let expected = r.kind == .epochStarted ? epoch &+ 1 : epoch
        guard r.epoch == expected else { return note(.wrongEpoch, r, "record \(r.seq) is under epoch \(r.epoch), not \(expected)") }
        guard r.kind == .memberAdded || r.kind == .memberRemoved || r.kind == .epochStarted else { return }
        guard r.ledgerLevel else { return note(.malformed, r, "a \(r.kind.rawValue) record names a deployment") }
        switch r.kind {
        case .memberAdded: add(r)
        case .memberRemoved: remove(r)
        default: startEpoch(r)
        }
    }

    /// Rule 1: record 1 founds the ledger with its own member, admin and reader, epoch 1.
    mutating func found(_ r: Record, author: [UInt8]) {
        guard r.seq == 1, r.kind == .ledgerCreated, let o = r.publicData?.objectValue, o["format"] == .int(2),
            let memberJSON = o["member"], let epochJSON = o["epoch"]
        else { return note(.malformed, r, "record \(r.seq) does not found a format-2 ledger") }
        let m: MemberObject, e: EpochObject
        do { (m, e) = (try MemberObject(json: memberJSON), try EpochObject(json: epochJSON)) } catch {
            return note(.malformed, r, "record 1's \(error.member): \(error.why)")
        }
        guard m.key == author else { return note(.notAMember, r, "record 1 is not signed by the member it founds") }
        guard m.can.holds(.admin), m.can.holds(.read) else { return note(.malformed, r, "the founding member must hold admin and read") }
        guard e.epoch == 1, r.epoch == 1, e.wraps.map(\.key) == [m.key] else {
            return note(.badWraps, r, "epoch 1 must be wrapped to the founding member alone")
        }
        entries.append(Entry(member: m, addedSeq: r.seq))
        epoch = 1
    }

    /// The capability a kind needs, in words (§6.4).
    static func needs(_ kind: EventKind) -> String {
        switch kind {
        case .memberAdded, .memberRemoved, .epochStarted: "admin"
        case .rosterAdded, .rosterRevoked, .ledgerCreated: "a capability no member has (format 2 never writes \(kind.rawValue) after record 1)"
        case .signoff: "write, or read and sign:ROLE as the statement's signer"
        default: "write"
        }
    }

    /// Which capability a kind needs (§6.4).
    public func permits(_ can: CapabilitySet, _ r: Record, author: [UInt8]) -> Bool {
        switch r.kind {
        case .memberAdded, .memberRemoved, .epochStarted: return can.holds(.admin)
        case .rosterAdded, .rosterRevoked, .ledgerCreated: return false
        case .signoff:
            if can.holds(.write) { return true }
            guard let o = r.publicData?.objectValue, let role = o["role"]?.stringValue, o["key"] == .string(Base64.encode(author)) else { return false }
            return can.holds(.read) && can.holds(.sign(role: role))
        default: return can.holds(.write)
        }
    }

    /// Rules 2, 4, 5, 6 for `member.added`.
    mutating func add(_ r: Record) {
        guard var o = r.publicData?.objectValue else { return note(.malformed, r, "member.added has no member object") }
        let wrapJSON = o.removeValue(forKey: "wrap")
        let m: MemberObject
        do { m = try MemberObject(json: .object(o)) } catch { return note(.malformed, r, "the member's \(error.member): \(error.why)") }
        if member(key: m.key) != nil { return note(.memberConflict, r, "key \(m.keyID) is a member already") }
        if inForce.contains(where: { $0.member.name.asciiLowercased == m.name.asciiLowercased }) {
            return note(.memberConflict, r, "a member named '\(m.name)' is in force already")
        }
        let wrap: X25519Stanza?
        do { wrap = try wrapJSON.map { (w) throws(MemberObject.Malformed) in try EpochObject.stanza(w) } } catch {
            return note(.malformed, r, "the wrap's \(error.member): \(error.why)")
        }
        guard m.can.holds(.read) == (wrap != nil), wrap.map({ $0.key == m.key }) ?? true else {
            return note(.badWraps, r, "a reader is added with a wrap of its own key, and only a reader")
        }
        if m.can.holds(.read), inForce.count(where: { $0.member.can.holds(.read) }) >= EpochObject.maxReaders {
            return note(.memberConflict, r, "a 257th reader")
        }
        entries.append(Entry(member: m, addedSeq: r.seq))
    }

    /// Rules 2 and 3 for `member.removed`.
    mutating func remove(_ r: Record) {
        guard let o = r.publicData?.objectValue, let k = o["key"]?.stringValue, let key = Base64.decode(k), key.count == 32 else {
            return note(.malformed, r, "member.removed names no key")
        }
        guard Set(o.keys).isSubset(of: ["key", "reason"]), o["reason"].map({ ($0.stringValue?.utf8.count ?? 1025) <= 1024 }) ?? true else {
            return note(.malformed, r, "member.removed holds other members than key and a reason of at most 1024 bytes")
        }
        guard let i = entries.firstIndex(where: { $0.member.key == key && $0.removedSeq == nil }) else {
            return note(.memberConflict, r, "the key removed is not a member in force")
        }
        guard inForce.contains(where: { $0.member.key != key && $0.member.can.holds(.admin) }) else {
            return note(.memberConflict, r, "removing '\(entries[i].member.name)' would leave no admin")
        }
        entries[i].removedSeq = r.seq
    }

    /// Rule 4 for `epoch.started`: wrapped to exactly the readers in force.
    mutating func startEpoch(_ r: Record) {
        guard let json = r.publicData else { return note(.malformed, r, "epoch.started has no epoch object") }
        let e: EpochObject
        do { e = try EpochObject(json: json) } catch { return note(.malformed, r, "the epoch's \(error.member): \(error.why)") }
        guard e.epoch == r.epoch else { return note(.malformed, r, "the epoch object says \(e.epoch), the header \(r.epoch)") }
        let readers = inForce.filter { $0.member.can.holds(.read) }.map(\.member.key).sorted { $0.lexicographicallyPrecedes($1) }
        guard e.wraps.map(\.key) == readers else { return note(.badWraps, r, "epoch \(e.epoch) is not wrapped to exactly the readers in force") }
        epoch = e.epoch
    }

    mutating func note(_ kind: Problem.Kind, _ r: Record, _ message: String) {
        problems.append(Problem(kind: kind, seq: r.seq, message: message))
    }
}

extension Membership.Record {
    /// What the fold reads of a stored record: its author is `sig[0..<32]` when `sig` has
    /// format 2's 96 bytes (whether the signature verifies is the caller's check).
    public init(_ r: LedgerCore.Record) {
        let signed = r.signature.count == RecordV2.signatureBytes
        self.init(
            seq: r.seq, kind: EventKind(r.kind), ledgerLevel: r.deployment.allSatisfy { $0 == 0 }, epoch: UInt32(truncatingIfNeeded: r.epoch),
            author: signed ? Array(r.signature.prefix(32)) : nil, publicData: r.publicData.isEmpty ? nil : try? CanonicalJSON.parse(r.publicData))
    }
}

extension EventKind {
    /// Format 2's membership kinds (decision 0017 §6.2). Not in the kind table, which lists
    /// format 1's kinds: their bodies are read as `unknown` by the projections, which they do
    /// not feed.
    public static let memberAdded = EventKind("member.added")
    /// A member removed (decision 0017 §6.2).
    public static let memberRemoved = EventKind("member.removed")
    /// A new epoch and its wraps (decision 0017 §7).
    public static let epochStarted = EventKind("epoch.started")
    /// The kinds that change who the members are and which data key is in force.
    public static let membershipKinds: [EventKind] = [.ledgerCreated, .memberAdded, .memberRemoved, .epochStarted]
}
