/// What checking a timeline excerpt found (docs/FORMAT.md §15.3).
public struct ExcerptReport: Sendable, Equatable {
    /// The ledger the excerpt says it comes from.
    public let ledger: LedgerID
    /// Entry lines read.
    public let entries: Int
    /// The checkpoint's tree size, as the excerpt states it.
    public let treeSize: Int
    /// The verifier key the checkpoint was checked against.
    public let checkpointKey: String
    /// True when that key was pinned by the caller, false when it was taken from the file.
    public let keyPinned: Bool
    /// True when the checkpoint's signature, origin and size checked out (only then were the
    /// inclusion proofs checked).
    public let checkpointVerified: Bool
    /// The checkpoint's root, when it verified.
    public let root: [UInt8]?
    /// True when the caller gave a checkpoint of their own and the excerpt's is that one.
    public let matchesTrustedCheckpoint: Bool
    /// Entries whose deployment name or item text could not be proved, because the
    /// deployment's `deployment.started` entry is not in the excerpt.
    public let unprovedContext: Int
    /// Every finding, in the order of the file.
    public let findings: [Finding]

    /// True when there is no finding.
    public var isIntact: Bool { findings.isEmpty }
}

/// Checks a timeline excerpt (JSON Lines with proofs) without the ledger and without its key:
/// the checkpoint's signature, then for every entry its record hash, its payload opened with
/// its record key against what the entry shows, and its inclusion proof in the checkpoint's
/// tree. Pure: it reads bytes and returns findings.
public struct ExcerptVerifier {
    let ledger: LedgerID
    let checkpoint: Checkpoint?
    var view = LedgerView()
    /// Version 2: the header's membership records that verified (in force order).
    var memberRecords: [Record] = []
    var findings: [Finding] = []
    var lastSeq: Int64 = 0
    var entries = 0
    var unproved = 0

    /// Verifies the excerpt in `bytes`. The checkpoint is checked against `pinnedKey` (a C2SP
    /// verifier key) when given, else against the key the excerpt names. With `trusted` (a
    /// signed checkpoint the caller holds), the excerpt's checkpoint must be that very tree:
    /// a passphrase holder can sign checkpoints of a rewritten log, but not make it match a
    /// checkpoint taken earlier.
    /// - Throws: `LedgerError` `.usage` when `pinnedKey` is not a verifier key, `.failure`
    ///   when the bytes are not a timeline excerpt at all, or when there is no entry (no
    ///   findings are possible then).
    public static func verify(_ bytes: [UInt8], pinnedKey: String? = nil, trusted: String? = nil) throws(LedgerError) -> ExcerptReport {
        if let pinnedKey, SignedNote.parseVerifierKey(pinnedKey) == nil {
            throw LedgerError(
                .usage, "'\(pinnedKey)' is not a checkpoint verifier key",
                .notAVerifierKey(key: pinnedKey), remedy: .giveVerifierKey)
        }
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let (id, excerpt) = try header(lines.first ?? [])
        let ledger = excerpt.formatVersion == 2 ? id.inFormat(.v2) : id
        var keyText = pinnedKey ?? excerpt.verifierKey
        var (cp, problems) = (Checkpoint?.none, [Finding]())
        var members: [Record] = []
        if excerpt.formatVersion == 2 {
            (cp, problems, members, keyText) = checkMemberCheckpoint(excerpt, ledger: ledger, pinnedKey: pinnedKey)
        } else {
            (cp, problems) = checkCheckpoint(excerpt, ledger: ledger, keyText: keyText)
        }
        guard lines.count > 1 else {
            throw LedgerError(.failure, "it has no entries, so it proves nothing", .excerptWithoutEntries, remedy: .exportEntriesWithProofs)
        }
        var v = ExcerptVerifier(ledger: ledger, checkpoint: cp)
        v.findings = problems
        v.memberRecords = members
        var matches = false
        if let trusted, let cp {
            let t = SignedNote.parseVerifierKey(keyText).flatMap { SignedNote.verify(trusted, name: $0.name, publicKey: $0.publicKey) }.flatMap(
                Checkpoint.init(text:))
            matches = t?.size == cp.size && t?.root == cp.root
            if !matches {
                let what = t.map { "covers \($0.size) records with another root" } ?? "does not verify under that key"
                v.findings.append(
                    Finding(.badCheckpoint, seq: 0, "the excerpt's checkpoint (\(cp.size) records) is not the checkpoint you trust, which \(what)"))
            }
        }
        for (i, line) in lines.enumerated().dropFirst() { v.check(line, line: i + 1) }
        return ExcerptReport(
            ledger: ledger, entries: v.entries, treeSize: excerpt.treeSize, checkpointKey: keyText,
            keyPinned: pinnedKey != nil, checkpointVerified: cp != nil, root: cp?.root, matchesTrustedCheckpoint: matches,
            unprovedContext: v.unproved, findings: v.findings)
    }

    /// Reads the header line: the ledger id and the `excerpt` member.
    static func header(_ line: ArraySlice<UInt8>) throws(LedgerError) -> (LedgerID, ExcerptCheckpoint) {
        guard let v = try? CanonicalJSON.parse(Array(line)), v["type"] == "header",
            v["format"]?.stringValue == TimelineFormats.jsonFormatName
        else { throw LedgerError(.failure, "its first line is not a ledger timeline header in canonical JSON", .notAnExcerpt, remedy: .giveProofExport) }
        guard let member = v["excerpt"] else {
            throw LedgerError(.failure, "it is a timeline without proofs", .excerptWithoutProofs, remedy: .exportAgainWithProofs)
        }
        guard let id = v["ledger"]?.stringValue.flatMap({ ExcerptFields.canonicalHex($0) }).flatMap({ LedgerID(bytes: $0) }) else {
            throw LedgerError(.failure, "its header names no ledger id", .notAnExcerpt, remedy: .giveProofExport)
        }
        do { return (id, try ExcerptCheckpoint(json: member)) } catch {
            throw LedgerError(.failure, "its header's \(error.reason)", .notAnExcerpt, remedy: .giveProofExport)
        }
    }

    /// Checks the checkpoint's signature under `keyText`, its origin and its size; returns the
    /// checkpoint when all hold, else the `bad_checkpoint` finding.
    static func checkCheckpoint(_ x: ExcerptCheckpoint, ledger: LedgerID, keyText: String) -> (Checkpoint?, [Finding]) {
        func bad(_ why: String) -> (Checkpoint?, [Finding]) { (nil, [Finding(.badCheckpoint, seq: 0, why)]) }
        guard let key = SignedNote.parseVerifierKey(keyText) else { return bad("the excerpt's checkpoint key is not a verifier key") }
        guard key.name == Checkpoint.keyName(ledger) else {
            return bad("the checkpoint key is named \(key.name), not \(Checkpoint.keyName(ledger)): it is not ledger \(ledger.hex)'s key")
        }
        guard let text = SignedNote.verify(x.note, name: key.name, publicKey: key.publicKey) else {
            return bad("the checkpoint's signature does not verify under \(keyText)")
        }
        guard let cp = Checkpoint(text: text) else { return bad("the signed note is not a checkpoint") }
        guard cp.origin == Checkpoint.origin(ledger) else { return bad("the checkpoint is for \(cp.origin), not ledger \(ledger.hex)") }
        guard cp.size == x.treeSize else { return bad("the excerpt states tree size \(x.treeSize) but its checkpoint covers \(cp.size) records") }
        return (cp, [])
    }

    /// The members of an excerpt's entry line (schema/timeline.schema.json).
    static let entryMembers: Set<String> = [
        "type", "seq", "time", "local_time", "actor", "role", "kind", "deployment", "deployment_name",
        "item", "item_text", "details", "phase", "hash", "proof",
    ]

    /// Checks one entry line.
    mutating func check(_ bytes: ArraySlice<UInt8>, line: Int) {
        entries += 1
        guard let value = try? CanonicalJSON.parse(Array(bytes)), value["type"] == "entry" else {
            return findings.append(Finding(.malformed, seq: 0, "line \(line) is not a timeline entry in canonical JSON"))
        }
        guard let seq = value["seq"]?.intValue else { return findings.append(Finding(.malformed, seq: 0, "line \(line): the entry has no seq")) }
        if seq <= lastSeq {
            findings.append(Finding(.reordered, seq: seq, "entry \(seq) follows entry \(lastSeq): entries are in ascending order, each once"))
        }
        lastSeq = max(lastSeq, seq)
        let keys = Set((value.objectValue ?? [:]).keys)
        if keys != Self.entryMembers {
            let extra = keys.subtracting(Self.entryMembers).count, missing = Self.entryMembers.subtracting(keys).sorted()
            return findings.append(
                Finding(
                    .malformed, seq: seq,
                    "entry \(seq) does not have exactly a timeline entry's members (\(extra) unknown; missing: \(missing.isEmpty ? "none" : missing.joined(separator: ", ")))"
                ))
        }
        if !Self.typesHold(value) {
            return findings.append(Finding(.malformed, seq: seq, "entry \(seq) has a member of the wrong type (schema/timeline.schema.json)"))
        }
        guard let member = value["proof"] else { return findings.append(Finding(.malformed, seq: seq, "entry \(seq) carries no proof")) }
        let proof: EntryProof
        do { proof = try EntryProof(json: member) } catch {
            return findings.append(Finding(.malformed, seq: seq, "entry \(seq): \(error.reason)"))
        }
        if let why = proof.record.malformation { return findings.append(Finding(.malformed, seq: seq, "entry \(seq)'s record: \(why)")) }
        check(value, seq: seq, proof: proof)
    }

    /// Checks a well-formed entry: hash, payload, inclusion, then what it shows.
    mutating func check(_ value: JSONValue, seq: Int64, proof: EntryProof) {
        let r = proof.record
        let hash = RecordFormat.computeHash(r, ledger: ledger)
        let hashHolds = hash == r.hash
        if !hashHolds {
            findings.append(Finding(.modified, seq: seq, "entry \(seq)'s record fields do not give its stated hash: the record was changed"))
        }
        if ledger.format == .v2 {
            judgeAuthor(r, seq: seq)
        } else if !r.signature.isEmpty, RecordSignature.verifiedKey(r, ledger: ledger) == nil {
            findings.append(Finding(.badSignature, seq: seq, "entry \(seq)'s record signature does not verify with the key it names"))
        }
        let event = open(proof)
        if event == nil {
            findings.append(Finding(.modified, seq: seq, "entry \(seq)'s record key does not open its ciphertext: the record or its key was changed"))
        }
        let included = checkInclusion(seq: seq, proof: proof, hash: hash)
        guard let event else { return }
        if hashHolds, included, event.kind == .deploymentStarted { view.apply(event, seq: r.seq) }
        compare(value, seq: seq, record: r, hash: hash, event: event)
    }

    /// The event the record key opens, or nil.
    func open(_ proof: EntryProof) -> Event? {
        let r = proof.record
        if ledger.format == .v2 { return openV2(proof) }
        guard let payload = proof.recordKey?.open(r.ciphertext, nonce: r.nonce, ad: RecordFormat.associatedData(r, ledger: ledger)),
            let kind = EventKind(rawValue: r.kind), let deployment = DeploymentID(bytes: r.deployment),
            var e = try? Event(kind: kind, deployment: deployment, payload: payload)
        else { return nil }
        e.publicData = r.publicObject
        return e
    }

    /// True when the displayed members have the schema's types (strings, or null where allowed;
    /// `phase` one of the phases or null).
    static func typesHold(_ v: JSONValue) -> Bool {
        func stringOrNull(_ k: String) -> Bool { v[k] == .null || v[k]?.stringValue != nil }
        let phaseOK = v["phase"] == .null || v["phase"]?.stringValue.flatMap(Phase.init(rawValue:)) != nil
        return ["time", "local_time", "actor", "kind", "deployment", "details", "hash"].allSatisfy { v[$0]?.stringValue != nil }
            && ["role", "deployment_name", "item", "item_text"].allSatisfy(stringOrNull) && phaseOK
    }

    /// Checks the inclusion proof against the checkpoint (when it verified); true when it holds.
    mutating func checkInclusion(seq: Int64, proof: EntryProof, hash: [UInt8]) -> Bool {
        guard let checkpoint else { return false }
        let r = proof.record
        let why: String
        if proof.leafIndex != r.seq - 1 {
            why = "its leaf index \(proof.leafIndex) is not its record's seq − 1"
        } else if r.seq > checkpoint.size {
            why = "its record \(r.seq) is beyond the checkpoint's \(checkpoint.size) records"
        } else if !Merkle.verifyInclusion(
            leafHash: Merkle.leafHash(hash), index: proof.leafIndex, size: checkpoint.size,
            proof: proof.path, root: checkpoint.root)
        {
            why = "its inclusion proof does not lead to the checkpoint's root"
        } else {
            return true
        }
        findings.append(Finding(.badProof, seq: seq, "entry \(seq): \(why): it is not shown to be in the ledger"))
        return false
    }

    /// Compares what the entry shows with what its record and payload hold.
    mutating func compare(_ value: JSONValue, seq: Int64, record r: Record, hash: [UInt8], event e: Event) {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let body = e.body
        var expected: [String: JSONValue] = [
            "seq": .int(r.seq), "kind": .string(r.kind), "deployment": .string(Hex.encode(r.deployment)),
            "time": .string(e.time.description), "actor": .string(e.actor), "role": opt(e.role),
            "item": opt(body.item), "details": .string(EventSummary.details(body)), "hash": .string(Hex.encode(hash)),
        ]
        if let context = context(r, e) {
            expected["deployment_name"] = opt(context.deploymentName)
            expected["item_text"] = opt(context.itemText)
        } else if value["deployment_name"] != .null || value["item_text"] != .null {
            unproved += 1
        }
        var differ = expected.keys.sorted().filter { value[$0] != expected[$0] }
        if !Self.sameInstant(value["local_time"]?.stringValue, e.time) { differ.append("local_time") }
        guard let first = differ.first else { return }
        let says = expected[first].map { " (the record says \($0.canonicalString))" } ?? ""
        findings.append(
            Finding(.modified, seq: seq, "entry \(seq) shows \(differ.joined(separator: ", ")) other than its record holds\(says): the excerpt was edited"))
    }

    /// The entry as the exporter derived it, when its deployment name and item text can be
    /// derived from the excerpt: ledger-level events, and deployments whose proved
    /// `deployment.started` entry came earlier.
    func context(_ r: Record, _ e: Event) -> TimelineEntry? {
        guard e.deployment.isNone || view.deployment(e.deployment) != nil else { return nil }
        return TimelineEntry(r, e, view: view)
    }

    /// True when `local` is `time` written in some fixed offset (`Z` or `±hh:mm`).
    static func sameInstant(_ local: String?, _ time: Timestamp) -> Bool {
        guard let local else { return false }
        if local.hasSuffix("Z") { return local == time.description }
        let zone = Array(local.utf8.suffix(6))
        guard zone.count == 6, zone[0] == 43 || zone[0] == 45, zone[3] == 58,
            let h = Int(String(decoding: zone[1..<3], as: UTF8.self)), let m = Int(String(decoding: zone[4..<6], as: UTF8.self))
        else { return false }
        guard h <= 23, m <= 59 else { return false }
        let minutes = (h * 60 + m) * (zone[0] == 45 ? -1 : 1)
        return minutes != 0 && local == time.rfc3339(offsetMinutes: minutes)
    }
}
