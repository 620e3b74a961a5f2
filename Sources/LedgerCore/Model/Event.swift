/// The name of an event kind: 1–64 bytes of `a-z 0-9 . _ -`, public in the record envelope.
public struct EventKind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    /// Wraps a kind name; nil when it breaks the character rules.
    public init?(rawValue: String) {
        guard EventKind.isValid(Array(rawValue.utf8)) else { return nil }
        self.rawValue = rawValue
    }
    init(_ known: String) { rawValue = known }
    public var description: String { rawValue }
    public static func < (a: EventKind, b: EventKind) -> Bool { a.rawValue < b.rawValue }

    /// True for 1–64 bytes of `a-z 0-9 . _ -`.
    public static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        (1...64).contains(bytes.count)
            && bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 95 || $0 == 45 }
    }

    /// The first record of every ledger: who created it, when, with which format.
    public static let ledgerCreated = EventKind("ledger.created")
    /// A free-text note.
    public static let note = EventKind("note")

    /// Every kind this version writes, from `KindInfo.table` (the kinds of docs/FORMAT.md §9).
    public static let known: [EventKind] = KindInfo.table.map(\.kind)
}

/// One decrypted event: what happened, to which deployment, by whom, when.
///
/// The kind and deployment are public (they travel in the record envelope); the actor, time
/// and data are encrypted in the payload, which is the canonical JSON object
/// `{"actor":…,"data":{…},"role":…,"time":…}` (`role` only when given).
public struct Event: Sendable, Equatable {
    /// What happened.
    public var kind: EventKind
    /// The deployment it belongs to (`.none` for ledger-level events).
    public var deployment: DeploymentID
    /// Who did it (free text: a login name or `--as` value).
    public var actor: String
    /// The actor's role when they gave one (`--role`), e.g. "Deployment Lead".
    public var role: String?
    /// When it happened (UTC).
    public var time: Timestamp
    /// The kind's data: always a JSON object.
    public var data: [String: JSONValue]
    /// Data anyone may read without the key (stored in the envelope, bound by the hash and
    /// the AEAD); most kinds have none.
    public var publicData: [String: JSONValue] = [:]
    /// The public key whose signature the record carries and that verifies (docs/FORMAT.md
    /// §10.4), set when the event is read from a signed record; nil otherwise. Not stored:
    /// the record's `sig` is the evidence.
    public var signedBy: [UInt8]?

    /// Creates an event.
    public init(
        kind: EventKind, deployment: DeploymentID = .none, actor: String, time: Timestamp, data: [String: JSONValue] = [:],
        publicData: [String: JSONValue] = [:]
    ) {
        self.publicData = publicData
        self.kind = kind
        self.deployment = deployment
        self.actor = actor
        self.time = time
        self.data = data
    }

    /// The canonical JSON payload that gets encrypted.
    public var payload: [UInt8] {
        var o: [String: JSONValue] = ["actor": .string(actor), "data": .object(data), "time": .string(time.description)]
        if let role { o["role"] = .string(role) }
        return JSONValue.object(o).canonicalBytes
    }

    /// Rebuilds an event from its envelope fields and a decrypted payload.
    /// - Throws: `PayloadError` when the payload is not canonical JSON of the expected shape.
    public init(kind: EventKind, deployment: DeploymentID, payload: [UInt8]) throws(PayloadError) {
        let value: JSONValue
        do { value = try CanonicalJSON.parse(payload) } catch { throw PayloadError(reason: error.description) }
        guard let o = value.objectValue, o.count == 3 || (o.count == 4 && o["role"] != nil) else {
            throw PayloadError(reason: "payload is not an object with exactly actor, data, time and an optional role")
        }
        if let r = o["role"], r.stringValue == nil { throw PayloadError(reason: "role is not a string") }
        guard let actor = o["actor"]?.stringValue else { throw PayloadError(reason: "actor is not a string") }
        guard let t = o["time"]?.stringValue, let time = Timestamp(rfc3339: t) else { throw PayloadError(reason: "time is not RFC 3339 UTC with milliseconds") }
        guard let data = o["data"]?.objectValue else { throw PayloadError(reason: "data is not an object") }
        self.init(kind: kind, deployment: deployment, actor: actor, time: time, data: data)
        role = o["role"]?.stringValue
    }
}

/// A decrypted payload that does not follow docs/FORMAT.md §7.4.
public struct PayloadError: Error, Equatable, CustomStringConvertible {
    /// What is wrong with it.
    public let reason: String
    public var description: String { reason }
}

extension Event {
    /// The canonical payload of `format`: format 1's `{"actor","data","time"[,"role"]}`, or
    /// format 2's `{"data","time"[,"role"]}`, which has no actor: the actor of a format-2
    /// record is the member whose key signed it (decision 0017 §9.5).
    public func payload(format: LedgerFormat) -> [UInt8] {
        guard format == .v2 else { return payload }
        var o: [String: JSONValue] = ["data": .object(data), "time": .string(time.description)]
        if let role { o["role"] = .string(role) }
        return JSONValue.object(o).canonicalBytes
    }

    /// Rebuilds a format-2 event from its envelope fields and decrypted payload; `actor` is
    /// the name of the member who signed the record.
    /// - Throws: `PayloadError` when the payload is not canonical JSON of format 2's shape
    ///   (an `actor` member among others is refused).
    public init(kind: EventKind, deployment: DeploymentID, format2Payload payload: [UInt8], actor: String) throws(PayloadError) {
        let value: JSONValue
        do { value = try CanonicalJSON.parse(payload) } catch { throw PayloadError(reason: error.description) }
        guard let o = value.objectValue, o.count == 2 || (o.count == 3 && o["role"] != nil) else {
            throw PayloadError(reason: "payload is not an object with exactly data, time and an optional role")
        }
        if let r = o["role"], r.stringValue == nil { throw PayloadError(reason: "role is not a string") }
        guard let t = o["time"]?.stringValue, let time = Timestamp(rfc3339: t) else { throw PayloadError(reason: "time is not RFC 3339 UTC with milliseconds") }
        guard let data = o["data"]?.objectValue else { throw PayloadError(reason: "data is not an object") }
        self.init(kind: kind, deployment: deployment, actor: actor, time: time, data: data)
        role = o["role"]?.stringValue
    }
}
