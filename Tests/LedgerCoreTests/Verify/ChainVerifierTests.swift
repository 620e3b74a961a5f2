import Testing

@testable import LedgerCore

/// The verifier on in-memory chains; the same attacks on real files are in LedgerStoreTests.
@Suite struct ChainVerifierTests {
    let f = ChainFixture(count: 8)

    @Test func intactChainHasNoFinding() {
        for withKey in [false, true] {
            let r = f.verify(f.records, withKey: withKey)
            #expect(r.isIntact)
            #expect(r.recordCount == 8)
            #expect(r.headSeq == 8)
            #expect(r.headHash == f.records[7].hash)
            #expect(r.decrypted == withKey)
        }
    }

    @Test func largeBatchesHashInParallelWithTheSameResult() {
        let big = ChainFixture(count: 600)
        var damaged = big.records
        damaged[300].ciphertext[3] ^= 1
        let r = big.verify(damaged, withKey: true)
        #expect(r.findings == [Finding(.modified, seq: 301, "record 301 was modified: its stored fields no longer match its hash")])
    }

    @Test func findsEveryProblemNotJustTheFirst() {
        var rs = f.records
        rs[1].ciphertext[0] ^= 1
        rs.remove(at: 4)
        rs[5].nonce[0] ^= 1
        let kinds = f.verify(rs, withKey: false).findings.map { "\($0.kind.rawValue)@\($0.seq)" }
        #expect(kinds == ["modified@2", "missing@5", "modified@7"])
    }

    @Test func swapIsReorderedBothWays() {
        var rs = f.records
        (rs[2].seq, rs[3].seq) = (rs[3].seq, rs[2].seq)
        rs.swapAt(2, 3)
        let r = f.verify(rs, withKey: false)
        #expect(r.findings.map(\.kind) == [.reordered, .reordered])
        #expect(r.findings.map(\.seq) == [3, 4])
        #expect(r.findings[0].message == "record 3 is the authentic record 4, moved: its sequence number was changed")
    }

    @Test func shiftedInsertionIsNamed() {
        var rs = f.records
        var forged = rs[3]
        forged.ciphertext = rs[6].ciphertext
        forged = f.rehash(forged)
        for i in 3..<rs.count { rs[i].seq += 1 }
        rs.insert(forged, at: 3)
        let r = f.verify(rs, withKey: false)
        #expect(
            r.findings.first
                == Finding(
                    .inserted, seq: 4,
                    "record 4 is not part of the chain: another record holds position 4 and the log continues from that one"))
        #expect(r.findings.dropFirst().allSatisfy { $0.kind == .reordered })
        #expect(r.findings.count == 1 + 5)
    }

    @Test func rewrittenChainPassesWithoutKeyButNotWithIt() {
        var rs = f.records
        rs[2].deployment = f.deploymentA.bytes
        rs = f.relink(rs, from: 2)
        #expect(f.verify(rs, withKey: false).isIntact, "a keyless rewrite is only caught by checkpoints")
        let r = f.verify(rs, withKey: true)
        #expect(r.findings.map(\.kind) == Array(repeating: .undecryptable, count: 6))
        #expect(r.findings.map(\.seq) == [3, 4, 5, 6, 7, 8])
    }

    @Test func replacedRecordIsNamedByItsSuccessor() {
        var rs = f.records
        rs[2].ciphertext = rs[1].ciphertext
        rs[2] = f.rehash(rs[2])
        let r = f.verify(rs, withKey: false)
        #expect(r.findings == [Finding(.modified, seq: 3, "record 3 was replaced: record 4 was written after a different record 3")])
        #expect(f.verify(rs, withKey: true).findings.map(\.kind) == [.modified])
    }

    @Test func malformedFieldsAreReported() {
        var rs = f.records
        rs[1].nonce = [1, 2, 3]
        let r = f.verify(rs, withKey: false)
        #expect(r.findings == [Finding(.malformed, seq: 2, "record 2 is malformed: nonce is 3 bytes, not 24")])
    }

    @Test func aChainOfAnotherLedgerDoesNotVerify() {
        let v = ChainVerifier(ledger: LedgerID(bytes: [UInt8](repeating: 7, count: 16))!, keys: nil)
        v.add(f.records)
        #expect(v.finish().findings.count == 8)
    }
}
