import TestSupport
import Testing

@testable import LedgerCore

/// Format-2 records end to end (decision 0017 §9, §10; issue #13 points 3 and 5): every record
/// signed by its author, the actor being the member whose key signed it, and what a file
/// writer, a removed or foreign key and an excerpt holder can and cannot do, keyless and with
/// the key.
@Suite struct Format2ChainTests {
    let ledger = Format2Fixture.ledger, key = Format2Fixture.key
    let dana = Format2Fixture.identity("d"), erin = Format2Fixture.identity("e"), mallory = Format2Fixture.identity("m")
    let random = SeededRandom(seed: Array("format 2 chain".utf8))

    func payload(_ text: String) -> [UInt8] { Array(#"{"data":{"text":"\#(text)"},"time":"2026-12-04T01:00:00.000Z"}"#.utf8) }

    func seal(_ kind: EventKind, _ seq: Int64, after prev: [UInt8], by author: Ed25519, publicData: JSONValue? = nil, text: String = "") -> Record {
        Format2Chain.seal(
            kind: kind, deployment: nil, publicData: publicData.map { Array($0.canonicalString.utf8) } ?? [], payload: payload(text), seq: seq,
            epoch: 1, prevHash: prev, nonce: random.bytes(24), dataKey: key, author: author, ledger: ledger)
    }

    /// Record 1 founded by dana, erin added with read and write, a note by erin.
    func log() throws -> [Record] {
        let r1 = seal(
            .ledgerCreated, 1, after: RecordV2.genesisHash(ledger: ledger), by: dana,
            publicData: try Format2Fixture.founding(dana, "dana", "admin,read,write", random: random))
        var added = try Format2Fixture.member(erin, "erin", "read,write").json.objectValue!
        added["wrap"] = EpochObject.json(Format2Fixture.wrap(erin, random: random))
        let r2 = seal(.memberAdded, 2, after: r1.hash, by: dana, publicData: .object(added))
        let r3 = seal(.note, 3, after: r2.hash, by: erin, text: "all green")
        return [r1, r2, r3]
    }

    func rehash(_ r: Record) -> Record {
        var r = r
        r.hash = RecordV2.hash(header: RecordFormat.header(r, ledger: ledger), ciphertext: r.ciphertext, sig: r.signature)
        return r
    }

    @Test func anHonestLogIsCleanAndEachRecordOpensWithTheKey() throws {
        let rs = try log()
        let report = Format2Chain.check(rs, ledger: ledger)
        #expect(report.isClean, "\(report.chain) \(report.membership.problems)")
        #expect(report.membership.inForce.map(\.member.name) == ["dana", "erin"])
        #expect(Format2Chain.open(rs[2], dataKey: key, ledger: ledger) == payload("all green"))
        #expect(Format2Chain.open(rs[2], dataKey: TestSecrets.secure(String(repeating: "j", count: 32)), ledger: ledger) == nil)
    }

    /// One reused scratch for the record keys of a scan opens every record exactly as a fresh
    /// key each time does, and a record that does not open still does not.
    @Test func aScratchForRecordKeysOpensWhatAFreshKeyOpens() throws {
        let rs = try log(), scratch = SecureBytes(count: 32)
        for r in rs { #expect(Format2Chain.open(r, dataKey: key, ledger: ledger, scratch: scratch) == Format2Chain.open(r, dataKey: key, ledger: ledger)) }
        #expect(Format2Chain.open(rs[2], dataKey: key, ledger: ledger, scratch: scratch) == payload("all green"))
        var changed = rs[2]
        changed.ciphertext[0] ^= 1
        #expect(Format2Chain.open(changed, dataKey: key, ledger: ledger, scratch: scratch) == nil)
        #expect(Format2Chain.open(rs[2], dataKey: key, ledger: ledger, scratch: scratch) == payload("all green"))
    }

    /// `Sealer.open` checks the author's signature with `.all` (and names the key), not with
    /// `.forProjection`, and opens the same event either way; a forged signature is no
    /// `signedBy` with `.all`.
    @Test func aProjectionOpenLeavesTheAuthorSignatureToVerify() throws {
        let rs = try log()
        let sealer = Sealer(ledger: ledger.inFormat(.v2), key: key, epoch: 1)
        let all = try sealer.open(rs[2]), projected = try sealer.open(rs[2], signatures: .forProjection, scratch: SecureBytes(count: 32))
        #expect(all.signedBy == erin.publicKey && projected.signedBy == nil)
        #expect(all.body == projected.body && all.actor == projected.actor && all.kind == projected.kind)
        var forged = rs[2]
        forged.signature = Array(forged.signature.prefix(32)) + [UInt8](repeating: 7, count: 64)
        #expect((try? sealer.open(forged))?.signedBy == nil)
    }

    /// A key that is no member appends a well-formed, well-signed record: keyless, a finding.
    @Test func aRecordByAKeyThatIsNoMemberIsFoundKeyless() throws {
        var rs = try log()
        rs.append(seal(.note, 4, after: rs[2].hash, by: mallory, text: "forged"))
        let report = Format2Chain.check(rs, ledger: ledger)
        #expect(report.chain.isEmpty)
        #expect(report.membership.problems.map(\.kind) == [.notAMember] && report.membership.problems.map(\.seq) == [4])
    }

    /// A file writer changes erin's note and re-signs it with a key of their own: the
    /// signature holds, but it is not a member's (keyless), and the payload no longer opens
    /// with the data key, since the author is bound into the record key.
    @Test func reattributingARecordIsFoundAndItNoLongerOpens() throws {
        var rs = try log()
        let header = RecordFormat.header(rs[2], ledger: ledger)
        rs[2].signature = RecordV2.sign(header: header, ciphertext: rs[2].ciphertext, by: mallory)
        rs[2] = rehash(rs[2])
        rs = relinked(rs, from: 2)
        let report = Format2Chain.check(rs, ledger: ledger)
        #expect(report.membership.problems.map(\.kind) == [.notAMember], "\(report.membership.problems)")
        #expect(Format2Chain.open(rs[2], dataKey: key, ledger: ledger) == nil)
    }

    @Test func anEditedOrUnsignedRecordIsFound() throws {
        var edited = try log()
        edited[2].ciphertext[5] ^= 1
        edited[2] = rehash(edited[2])
        #expect(Format2Chain.check(edited, ledger: ledger).chain.map(\.problem) == ["its author's signature does not verify"])
        var stripped = try log()
        stripped[2].signature = []
        stripped[2] = rehash(stripped[2])
        let report = Format2Chain.check(stripped, ledger: ledger)
        #expect(report.chain.isEmpty && report.membership.problems.map(\.kind) == [.unsignedRecord])
    }

    /// Point 5: an excerpt holder knows one record key. They can seal a new payload that opens
    /// with it, but cannot sign it as its author, nor make it open under another header.
    @Test func aDisclosedRecordKeySealsNothingThatVerifies() throws {
        var rs = try log()
        let header = RecordFormat.header(rs[2], ledger: ledger)
        let rk = RecordV2.recordKey(key, header: header, author: erin.publicKey)
        rs[2].ciphertext = AEAD.seal(payload("rewritten"), key: rk, nonce: rs[2].nonce, ad: RecordV2.associatedData(header: header, author: erin.publicKey))
        rs[2] = rehash(rs[2])
        #expect(Format2Chain.open(rs[2], dataKey: key, ledger: ledger) == payload("rewritten"), "it opens with the data key")
        #expect(Format2Chain.check(rs, ledger: ledger).chain.map(\.problem) == ["its author's signature does not verify"])
        var moved = try log()[2]
        moved.seq = 4
        moved.ciphertext = AEAD.seal(payload("x"), key: rk, nonce: moved.nonce, ad: RecordV2.associatedData(header: header, author: erin.publicKey))
        #expect(Format2Chain.open(moved, dataKey: key, ledger: ledger) == nil, "under another header the disclosed key opens nothing")
    }

    @Test func aRemovedRecordOrAMovedOneBreaksTheChain() throws {
        var rs = try log()
        rs.remove(at: 1)
        let report = Format2Chain.check(rs, ledger: ledger)
        #expect(report.chain.map(\.problem) == ["expected record 2", "does not link to the record before it"])
        #expect(report.membership.problems.map(\.kind) == [.notAMember], "erin was never added")
    }

    func relinked(_ records: [Record], from index: Int) -> [Record] {
        var out = records
        for i in index..<out.count where i > 0 {
            out[i].prevHash = out[i - 1].hash
            out[i] = rehash(out[i])
        }
        return out
    }
}
