/// The provenance a timeline excerpt carries in its header: the `excerpt` member of the JSON
/// Lines header (docs/FORMAT.md §15.2).
///
/// `{"checkpoint": NOTE, "checkpoint_key": VKEY, "tree_size": N, "version": 1}`: the signed
/// checkpoint (a C2SP signed note, FORMAT.md §10.2) whose tree every entry's inclusion proof
/// leads to, and the verifier key of the ledger's checkpoint key as the exporter knew it.
///
/// Version 2 (a team ledger, format 2; FORMAT.md §29):
/// `{"checkpoint": NOTE, "members": [PROOF…], "tree_size": N, "version": 2}`: the checkpoint is
/// signed by members, and `members` holds the stored membership records up to its size with
/// their inclusion proofs (no record key), so a reader folds the members keylessly and judges
/// each entry's author.
public struct ExcerptCheckpoint: Sendable, Equatable {
    /// The version of the excerpt format of format-1 ledgers.
    public static let version: Int64 = 1

    /// 1 (format 1: a checkpoint key) or 2 (format 2: member-signed, with `members`).
    public let formatVersion: Int64
    /// Version 2: the membership records (`ledger.created`, `member.added`, `member.removed`,
    /// `epoch.started`) up to the checkpoint's size, each with its inclusion proof.
    public let members: [EntryProof]

    /// The signed note: checkpoint body, blank line, signature lines.
    public let note: String
    /// The C2SP verifier key of the ledger's checkpoint key.
    public let verifierKey: String
    /// The number of records the checkpoint covers (its tree size).
    public let treeSize: Int

    /// Creates the header member.
    public init(note: String, verifierKey: String, treeSize: Int) {
        self.note = note
        self.verifierKey = verifierKey
        self.treeSize = treeSize
        formatVersion = 1
        members = []
    }

    /// Creates the header member of version 2 (`verifierKey` is the vouching member's, kept
    /// for the report only: version 2 does not carry a checkpoint key).
    public init(note: String, members: [EntryProof], treeSize: Int, verifierKey: String = "") {
        self.note = note
        self.verifierKey = verifierKey
        self.treeSize = treeSize
        formatVersion = 2
        self.members = members
    }

    /// The canonical JSON object.
    public var json: JSONValue {
        if formatVersion == 2 {
            return [
                "version": 2, "checkpoint": .string(note), "members": .array(members.map(\.json)), "tree_size": .int(Int64(treeSize)),
            ]
        }
        return [
            "version": .int(Self.version), "checkpoint": .string(note), "checkpoint_key": .string(verifierKey),
            "tree_size": .int(Int64(treeSize)),
        ]
    }

    /// The header line of an excerpt: the timeline header with this as its `excerpt` member.
    public func headerLine(_ h: TimelineHeader) -> String {
        var members = TimelineFormats.jsonHeaderMembers(h)
        members["excerpt"] = json
        return JSONValue.object(members).canonicalString
    }

    /// Reads the header member.
    /// - Throws: `ExcerptFormatError` when a member is missing, of the wrong type, or the
    ///   version is not 1.
    public init(json: JSONValue) throws(ExcerptFormatError) {
        if json["version"] == 2 {
            let f = try ExcerptFields(json, "excerpt", exactly: ["version", "checkpoint", "members", "tree_size"])
            note = try f.string("checkpoint")
            treeSize = Int(try f.int("tree_size", minimum: 0))
            guard let list = try f.value("members").arrayValue else { throw ExcerptFormatError("excerpt.members is not an array") }
            var proofs: [EntryProof] = []
            for item in list { proofs.append(try EntryProof(json: item, keyed: false)) }
            members = proofs
            verifierKey = ""
            formatVersion = 2
            return
        }
        let f = try ExcerptFields(json, "excerpt", exactly: ["version", "checkpoint", "checkpoint_key", "tree_size"])
        guard try f.int("version") == Self.version else { throw ExcerptFormatError("excerpt.version is not 1 or 2") }
        note = try f.string("checkpoint")
        verifierKey = try f.string("checkpoint_key")
        treeSize = Int(try f.int("tree_size", minimum: 0))
        formatVersion = 1
        members = []
    }
}

/// The proof an excerpt entry carries: its stored record, its record key and its inclusion
/// path in the checkpoint's tree (the `proof` member of an entry line).
///
/// `{"leaf_index": seq−1, "path": [HEX…], "record": {…}, "record_key": HEX}`, where `record`
/// holds the stored columns: `seq`, `kind`, `epoch` as they are; `deployment`, `nonce`,
/// `prev_hash`, `hash` in lower-case hex; `public`, `ciphertext`, `sig` in padded base64.
public struct EntryProof: Sendable, Equatable {
    /// The record as stored in the ledger.
    public let record: Record
    /// The key that opens its ciphertext and nothing else; nil for a membership record of a
    /// version-2 header, whose public data is all it shows.
    public let recordKey: RecordKey?
    /// The leaf's 0-based index in the tree (the record's seq − 1).
    public let leafIndex: Int
    /// The RFC 6962 audit path, leaf to root.
    public let path: [[UInt8]]

    /// Creates a proof.
    public init(record: Record, recordKey: RecordKey?, leafIndex: Int, path: [[UInt8]]) {
        self.record = record
        self.recordKey = recordKey
        self.leafIndex = leafIndex
        self.path = path
    }

    /// The canonical JSON object.
    public var json: JSONValue {
        let r = record
        let stored: JSONValue = [
            "seq": .int(r.seq), "kind": .string(r.kind), "deployment": .string(Hex.encode(r.deployment)), "epoch": .int(r.epoch),
            "public": .string(Base64.encode(r.publicData)), "nonce": .string(Hex.encode(r.nonce)),
            "ciphertext": .string(Base64.encode(r.ciphertext)), "sig": .string(Base64.encode(r.signature)),
            "prev_hash": .string(Hex.encode(r.prevHash)), "hash": .string(Hex.encode(r.hash)),
        ]
        var o: [String: JSONValue] = ["record": stored, "leaf_index": .int(Int64(leafIndex)), "path": .array(path.map { .string(Hex.encode($0)) })]
        if let recordKey { o["record_key"] = .string(Hex.encode(recordKey.bytes)) }
        return .object(o)
    }

    /// The entry line of an excerpt: the timeline entry with this as its `proof` member.
    public func entryLine(_ e: TimelineEntry, display: (Timestamp) -> String) -> String {
        var members = TimelineFormats.jsonEntryMembers(e, display: display)
        members["proof"] = json
        return JSONValue.object(members).canonicalString
    }

    /// Reads an entry's proof member.
    /// - Throws: `ExcerptFormatError` naming the first member that is missing or badly encoded.
    public init(json: JSONValue, keyed: Bool = true) throws(ExcerptFormatError) {
        let f = try ExcerptFields(json, "proof", exactly: keyed ? ["record", "record_key", "leaf_index", "path"] : ["record", "leaf_index", "path"])
        let r = try ExcerptFields(
            try f.value("record"), "proof.record",
            exactly: ["seq", "kind", "deployment", "epoch", "public", "nonce", "ciphertext", "sig", "prev_hash", "hash"])
        record = Record(
            seq: try r.int("seq"), kind: try r.string("kind"), deployment: try r.hex("deployment"),
            epoch: try r.int("epoch"), publicData: try r.base64("public"), nonce: try r.hex("nonce"),
            ciphertext: try r.base64("ciphertext"), signature: try r.base64("sig"),
            prevHash: try r.hex("prev_hash"), hash: try r.hex("hash"))
        if keyed {
            guard let key = RecordKey(bytes: try f.hex("record_key")) else {
                throw ExcerptFormatError("proof.record_key is not \(RecordKey.length) bytes")
            }
            recordKey = key
        } else {
            recordKey = nil
        }
        leafIndex = Int(try f.int("leaf_index", minimum: 0))
        guard let items = try f.value("path").arrayValue else { throw ExcerptFormatError("proof.path is not an array") }
        var hashes: [[UInt8]] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue, let h = ExcerptFields.canonicalHex(s), h.count == 32 else {
                throw ExcerptFormatError("proof.path[\(i)] is not 64 lower-case hex digits")
            }
            hashes.append(h)
        }
        path = hashes
    }
}

/// Why a member of an excerpt cannot be read.
public struct ExcerptFormatError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, naming the member.
    public let reason: String

    /// Creates the error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// Typed, strict member access on one JSON object of an excerpt; errors name the member.
struct ExcerptFields {
    let members: [String: JSONValue]
    let name: String

    init(_ value: JSONValue, _ name: String, exactly keys: Set<String>) throws(ExcerptFormatError) {
        guard let o = value.objectValue else { throw ExcerptFormatError("\(name) is not an object") }
        guard Set(o.keys) == keys else { throw ExcerptFormatError("\(name) does not have exactly the members \(keys.sorted().joined(separator: ", "))") }
        members = o
        self.name = name
    }

    func value(_ key: String) throws(ExcerptFormatError) -> JSONValue {
        guard let v = members[key] else { throw ExcerptFormatError("\(name).\(key) is missing") }
        return v
    }

    func string(_ key: String) throws(ExcerptFormatError) -> String {
        guard let s = try value(key).stringValue else { throw ExcerptFormatError("\(name).\(key) is not a string") }
        return s
    }

    func int(_ key: String, minimum: Int64 = .min) throws(ExcerptFormatError) -> Int64 {
        guard let i = try value(key).intValue, i >= minimum else { throw ExcerptFormatError("\(name).\(key) is not an integer ≥ \(minimum)") }
        return i
    }

    func hex(_ key: String) throws(ExcerptFormatError) -> [UInt8] {
        guard let bytes = Self.canonicalHex(try string(key)) else { throw ExcerptFormatError("\(name).\(key) is not lower-case hex") }
        return bytes
    }

    func base64(_ key: String) throws(ExcerptFormatError) -> [UInt8] {
        let s = try string(key)
        guard let bytes = Base64.decode(s), Base64.encode(bytes) == s else { throw ExcerptFormatError("\(name).\(key) is not padded base64") }
        return bytes
    }

    /// Lower-case hex only (the one spelling the exporter writes).
    static func canonicalHex(_ s: String) -> [UInt8]? {
        guard let bytes = Hex.decode(s), Hex.encode(bytes) == s else { return nil }
        return bytes
    }
}
