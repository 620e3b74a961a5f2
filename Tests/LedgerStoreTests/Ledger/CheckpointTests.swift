import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Signed checkpoints catch what the chain alone cannot: a cut tail, an older copy, a keyless rewrite.
@Suite struct CheckpointTests {
    func unlocked(_ f: LedgerFixture) throws -> LedgerFile {
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        return l
    }

    @Test func theLogExtendsItsCheckpoint() throws {
        let f = try LedgerFixture(notes: 5)
        let l = try unlocked(f)
        let cp = try l.checkpoint()
        #expect(cp.checkpoint.size == 6)
        #expect(cp.note.hasPrefix("ledger/\(l.id.hex)\n6\n"))
        try l.append(.note, actor: "dana", data: ["text": "later"])
        let keyless = try LedgerFile.open(at: f.path, readOnly: true)
        #expect(try keyless.checkCheckpoint(cp.note) == [], "verified with the key recorded in meta")
        #expect(try keyless.checkCheckpoint(cp.note, verifierKey: cp.verifierKey) == [])
    }

    @Test func aCutTailOrAnOlderCopyIsTruncated() throws {
        let f = try LedgerFixture(notes: 2)
        let older = f.dir.file("older.ledger")
        try FileManager.default.copyItem(atPath: f.path, toPath: older)
        let l = try unlocked(f)
        for i in 0..<3 { try l.append(.note, actor: "dana", data: ["text": .string("n\(i)")]) }
        let cp = try l.checkpoint()
        try f.attack(TamperTests.unlock + "DELETE FROM events WHERE seq >= 5")
        #expect(try f.verify(withKey: false).isIntact, "the chain alone cannot see a cut tail")
        let cut = try LedgerFile.open(at: f.path, readOnly: true).checkCheckpoint(cp.note, verifierKey: cp.verifierKey)
        #expect(
            cut == [Finding(.truncated, seq: 5, "the log has 4 records but a checkpoint was signed at 6: records 5…6 were cut or an older copy was restored")])
        let old = try LedgerFile.open(at: older, readOnly: true).checkCheckpoint(cp.note, verifierKey: cp.verifierKey)
        #expect(old.map(\.kind) == [.truncated])
    }

    @Test func aKeylessRewriteIsCaught() throws {
        let f = try LedgerFixture(notes: 4)
        let l = try unlocked(f)
        let cp = try l.checkpoint()
        // an attacker without the key changes record 3 and recomputes every later hash and link
        var records = try l.allRecords()
        records[2].deployment = LedgerFixture.deploymentA.bytes  // it was B
        var sql = TamperTests.unlock
        for i in 2..<records.count {
            if i > 2 { records[i].prevHash = records[i - 1].hash }
            records[i].hash = RecordFormat.computeHash(records[i], ledger: l.id)
            sql +=
                "UPDATE events SET deployment = \(records[i].deployment.sqlHex), prev_hash = \(records[i].prevHash.sqlHex), hash = \(records[i].hash.sqlHex) WHERE seq = \(records[i].seq);"
        }
        try f.attack(sql)
        #expect(try f.verify(withKey: false).isIntact)
        let found = try LedgerFile.open(at: f.path, readOnly: true).checkCheckpoint(cp.note, verifierKey: cp.verifierKey)
        #expect(found.map(\.kind) == [.rewritten])
    }

    @Test func aForgedOrForeignCheckpointIsRefused() throws {
        let f = try LedgerFixture(notes: 1)
        let cp = try unlocked(f).checkpoint()
        let other = f.dir.file("other.ledger")
        let g = try LedgerFile.create(at: other, passphrase: LedgerFixture.secret(), actor: "x", kdf: .owaspFloor)
        let forged = cp.note.replacingOccurrences(of: "\n2\n", with: "\n1\n")
        #expect(try unlocked(f).checkCheckpoint(forged).map(\.kind) == [.badCheckpoint])
        let foreign = try g.checkCheckpoint(cp.note, verifierKey: cp.verifierKey)
        #expect(foreign.map(\.kind) == [.badCheckpoint])
    }

    @Test func inclusionProofsVerify() throws {
        let f = try LedgerFixture(notes: 6)
        let l = try unlocked(f)
        for seq in Int64(1)...7 {
            let p = try l.inclusionProof(seq)
            #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(p.recordHash), index: Int(seq - 1), size: p.treeSize, proof: p.path, root: p.root))
        }
        #expect(throws: LedgerError.self) { try l.inclusionProof(8) }
    }
}
