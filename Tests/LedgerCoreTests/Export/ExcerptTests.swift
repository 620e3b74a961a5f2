import Testing

@testable import LedgerCore

/// A timeline excerpt built in memory from `ChainFixture`, and ways to tamper with it.
struct ExcerptFixture {
    let f = ChainFixture(count: 9)

    /// The signed checkpoint over every record, by `key` (default: the ledger's checkpoint key).
    func checkpoint(key: Ed25519? = nil) -> ExcerptCheckpoint {
        let signer = key ?? Checkpoint.key(dataKey: f.key, ledger: f.ledger)
        let leaves = f.records.map { Merkle.leafHash($0.hash) }
        let body = Checkpoint(ledger: f.ledger, size: leaves.count, root: Merkle.root(leaves[...]))
        let name = Checkpoint.keyName(f.ledger)
        return ExcerptCheckpoint(
            note: SignedNote.sign(body.text, name: name, key: signer),
            verifierKey: SignedNote.verifierKey(name: name, publicKey: signer.publicKey), treeSize: leaves.count)
    }

    var pinned: String { checkpoint().verifierKey }

    /// The excerpt of the records `seqs` (default: all), as `ledger export timeline --proofs` writes it.
    func excerpt(_ seqs: Set<Int64>? = nil, signedBy key: Ed25519? = nil) throws -> [UInt8] {
        let prover = ExcerptProver(checkpoint: checkpoint(key: key), leafHashes: f.records.map { Merkle.leafHash($0.hash) })
        let header = TimelineHeader(
            ledger: f.ledger, headSeq: 9, headHash: f.records[8].hash, verify: VerifySummary(f.verify(f.records, withKey: true)),
            generatedAt: Timestamp(millisecondsSinceEpoch: 0), deployment: nil, deploymentName: nil, filters: [], zone: "+01:00")
        var lines = [prover.checkpoint.headerLine(header)]
        var view = LedgerView()
        let sealer = Sealer(ledger: f.ledger, key: f.key, epoch: 1)
        for r in f.records {
            let e = try sealer.open(r)
            view.apply(e, seq: r.seq)
            guard seqs?.contains(r.seq) ?? true else { continue }
            let proof = try prover.proof(r, key: RecordKey(dataKey: f.key, nonce: r.nonce))
            lines.append(proof.entryLine(TimelineEntry(r, e, view: view)) { $0.rfc3339(offsetMinutes: 60) })
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `bytes` with line `line` (1 = header) changed by `change`, written canonically again.
    static func edit(_ bytes: [UInt8], line: Int, _ change: (inout [String: JSONValue]) -> Void) throws -> [UInt8] {
        var lines = bytes.split(separator: 10).map(Array.init)
        var o = try CanonicalJSON.parse(lines[line - 1]).objectValue!
        change(&o)
        lines[line - 1] = JSONValue.object(o).canonicalBytes
        return Array(lines.joined(separator: [10])) + [10]
    }

    /// Changes a member of an object member.
    static func set(_ o: inout [String: JSONValue], _ outer: String, _ key: String, _ value: JSONValue) {
        var inner = o[outer]!.objectValue!
        inner[key] = value
        o[outer] = .object(inner)
    }
}

@Suite struct ExcerptTests {
    let x = ExcerptFixture()

    func findings(_ bytes: [UInt8], pinned: Bool = true) throws -> [String] {
        try ExcerptVerifier.verify(bytes, pinnedKey: pinned ? x.pinned : nil).findings.map { "\($0.kind.rawValue) \($0.seq)" }
    }

    @Test func levelsGiveRFC6962RootsAndPaths() {
        for n in 0...33 {
            let leaves = (0..<n).map { Merkle.leafHash([UInt8(truncatingIfNeeded: $0)]) }
            let tree = MerkleLevels(leafHashes: leaves)
            #expect(tree.root == Merkle.root(leaves[...]), "size \(n)")
            for i in 0..<n { #expect(tree.inclusionProof(i) == Merkle.inclusionProof(i, leaves[...]), "size \(n) leaf \(i)") }
        }
    }

    @Test func anIntactExcerptChecksOut() throws {
        let report = try ExcerptVerifier.verify(try x.excerpt(), pinnedKey: x.pinned)
        #expect(report.findings == [])
        #expect(report.entries == 9 && report.treeSize == 9 && report.keyPinned && report.checkpointVerified)
        #expect(report.ledger == x.f.ledger && report.unprovedContext == 0)
    }

    @Test func aPartialExcerptChecksOut() throws {
        #expect(try findings(try x.excerpt([2, 5, 9])) == [])
    }

    @Test func proofsRoundTripThroughJSON() throws {
        let r = x.f.records[3]
        let leaves = x.f.records.map { Merkle.leafHash($0.hash) }
        let p = try ExcerptProver(checkpoint: x.checkpoint(), leafHashes: leaves).proof(r, key: RecordKey(dataKey: x.f.key, nonce: r.nonce))
        #expect(try EntryProof(json: p.json) == p)
        #expect(try ExcerptCheckpoint(json: x.checkpoint().json) == x.checkpoint())
        #expect(p.leafIndex == 3 && p.path == Merkle.inclusionProof(3, leaves[...]))
    }

    @Test func aProverRefusesRecordsBeyondItsCheckpoint() throws {
        let leaves = x.f.records.prefix(4).map { Merkle.leafHash($0.hash) }
        let prover = ExcerptProver(checkpoint: ExcerptCheckpoint(note: "", verifierKey: "", treeSize: 4), leafHashes: Array(leaves))
        let r = x.f.records[6]
        #expect(throws: LedgerError.self) { try prover.proof(r, key: RecordKey(dataKey: x.f.key, nonce: r.nonce)) }
    }

    @Test func editedTextIsModifiedAtThatEntry() throws {
        let bytes = try ExcerptFixture.edit(try x.excerpt(), line: 4) { $0["details"] = "note 9" }
        #expect(try findings(bytes) == ["modified 3"])
        let actor = try ExcerptFixture.edit(try x.excerpt(), line: 6) { $0["actor"] = "mallory" }
        #expect(try findings(actor) == ["modified 5"])
        let local = try ExcerptFixture.edit(try x.excerpt(), line: 2) { $0["local_time"] = "2030-01-01T00:00:00.000+01:00" }
        #expect(try findings(local) == ["modified 1"])
    }

    @Test func aChangedProofHashIsABadProof() throws {
        let bytes = try ExcerptFixture.edit(try x.excerpt(), line: 5) { o in
            var path = o["proof"]!["path"]!.arrayValue!
            path[0] = .string(String(repeating: "0", count: 64))
            ExcerptFixture.set(&o, "proof", "path", .array(path))
        }
        #expect(try findings(bytes) == ["bad_proof 4"])
    }

    @Test func aChangedRecordIsCaught() throws {
        let ct = try ExcerptFixture.edit(try x.excerpt(), line: 3) { o in
            var record = o["proof"]!["record"]!.objectValue!
            var bytes = Base64.decode(record["ciphertext"]!.stringValue!)!
            bytes[0] ^= 1
            record["ciphertext"] = .string(Base64.encode(bytes))
            ExcerptFixture.set(&o, "proof", "record", .object(record))
        }
        #expect(try findings(ct) == ["modified 2", "modified 2", "bad_proof 2"])
    }

    @Test func aChangedCheckpointIsABadCheckpoint() throws {
        let root = try ExcerptFixture.edit(try x.excerpt(), line: 1) { o in
            var lines = o["excerpt"]!["checkpoint"]!.stringValue!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[2] = Base64.encode([UInt8](repeating: 7, count: 32))
            ExcerptFixture.set(&o, "excerpt", "checkpoint", .string(lines.joined(separator: "\n")))
        }
        #expect(try findings(root) == ["bad_checkpoint 0"])
        #expect(try findings(root, pinned: false) == ["bad_checkpoint 0"])
        let size = try ExcerptFixture.edit(try x.excerpt(), line: 1) { ExcerptFixture.set(&$0, "excerpt", "tree_size", 8) }
        #expect(try findings(size) == ["bad_checkpoint 0"])
    }

    @Test func aForeignKeyPassesOnlyUnpinned() throws {
        let forged = try x.excerpt(signedBy: Ed25519.generate())
        let unpinned = try ExcerptVerifier.verify(forged)
        #expect(unpinned.findings == [] && !unpinned.keyPinned)
        #expect(try findings(forged) == ["bad_checkpoint 0"])
        let otherLedger = SignedNote.verifierKey(
            name: Checkpoint.keyName(LedgerID(bytes: [UInt8](repeating: 3, count: 16))!),
            publicKey: Ed25519.generate().publicKey)
        #expect(try ExcerptVerifier.verify(try x.excerpt(), pinnedKey: otherLedger).findings.map(\.kind) == [.badCheckpoint])
    }

    @Test func aMovedEntryIsCaught() throws {
        let moved = try ExcerptFixture.edit(try x.excerpt([3, 7]), line: 2) { $0["seq"] = 4 }
        #expect(try findings(moved) == ["modified 4"])
        let both = try ExcerptFixture.edit(try x.excerpt([3, 7]), line: 2) { o in
            o["seq"] = 4
            var record = o["proof"]!["record"]!.objectValue!
            record["seq"] = 4
            ExcerptFixture.set(&o, "proof", "record", .object(record))
            ExcerptFixture.set(&o, "proof", "leaf_index", 3)
        }
        #expect(try findings(both).contains("bad_proof 4"))
        var swapped = try x.excerpt([3, 7]).split(separator: 10).map(Array.init)
        swapped.swapAt(1, 2)
        #expect(try findings(Array(swapped.joined(separator: [10]))) == ["reordered 3"])
    }

    @Test func unprovableContextIsCountedNotTrusted() throws {
        let bytes = try ExcerptFixture.edit(try x.excerpt(), line: 3) { $0["deployment_name"] = "Release 42" }
        let report = try ExcerptVerifier.verify(bytes, pinnedKey: x.pinned)
        #expect(report.findings == [] && report.unprovedContext == 1)
    }

    @Test func extraMembersAndMissingProofsAreMalformed() throws {
        let extra = try ExcerptFixture.edit(try x.excerpt(), line: 3) { $0["comment"] = "trust me" }
        #expect(try findings(extra) == ["malformed 2"])
        let bare = try ExcerptFixture.edit(try x.excerpt(), line: 3) { $0.removeValue(forKey: "proof") }
        #expect(try findings(bare) == ["malformed 2"])
    }

    @Test func otherFilesAreNotExcerpts() throws {
        for bytes in [[], Array("{\"type\":\"header\"}\n".utf8), Array("not json\n".utf8)] {
            do { _ = try ExcerptVerifier.verify(bytes); Issue.record("accepted") } catch { #expect(error.category == .failure) }
        }
        let plain = try ExcerptFixture.edit(try x.excerpt(), line: 1) { $0.removeValue(forKey: "excerpt") }
        do { _ = try ExcerptVerifier.verify(plain); Issue.record("accepted") } catch { #expect(error.reason == .excerptWithoutProofs) }
        let bytes = try x.excerpt()
        do { _ = try ExcerptVerifier.verify(bytes, pinnedKey: "nope"); Issue.record("accepted") } catch {
            #expect(error.category == .usage)
            #expect(error.reason == .notAVerifierKey(key: "nope"))
        }
    }
}
