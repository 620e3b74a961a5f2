import Testing

@testable import LedgerCore

/// Record keys: the XChaCha20 subkey of one record opens exactly that record.
@Suite struct RecordKeyTests {
    let f = ChainFixture(count: 6)

    func ad(_ r: Record) -> [UInt8] { RecordFormat.associatedData(r, ledger: f.ledger) }

    @Test func hChaCha20MatchesTheXChaChaDraftVector() throws {
        // draft-irtf-cfrg-xchacha-03 §2.2.1: HChaCha20 test vector.
        var k = Array(0...31).map(UInt8.init)
        let key = SecureBytes(consuming: &k)
        let nonce = Hex.decode("000000090000004a0000000031415927")! + [UInt8](repeating: 0, count: 8)
        #expect(Hex.encode(RecordKey(dataKey: key, nonce: nonce).bytes) == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
    }

    @Test func opensExactlyWhatTheDataKeyOpens() throws {
        for r in f.records {
            let key = RecordKey(dataKey: f.key, nonce: r.nonce)
            let viaRecordKey = key.open(r.ciphertext, nonce: r.nonce, ad: ad(r))
            #expect(viaRecordKey != nil)
            #expect(viaRecordKey == AEAD.open(r.ciphertext, key: f.key, nonce: r.nonce, ad: ad(r)))
        }
    }

    @Test func aFlippedByteDoesNotOpen() {
        let r = f.records[2]
        let key = RecordKey(dataKey: f.key, nonce: r.nonce)
        for i in [0, r.ciphertext.count / 2, r.ciphertext.count - 1] {
            var ct = r.ciphertext
            ct[i] ^= 1
            #expect(key.open(ct, nonce: r.nonce, ad: ad(r)) == nil, "ciphertext byte \(i)")
        }
        for i in [16, 23] {  // the nonce bytes the subkey does not cover still bind the tag
            var nonce = r.nonce
            nonce[i] ^= 1
            #expect(key.open(r.ciphertext, nonce: nonce, ad: ad(r)) == nil, "nonce byte \(i)")
        }
        var header = ad(r)
        header[header.count - 1] ^= 1
        #expect(key.open(r.ciphertext, nonce: r.nonce, ad: header) == nil)
        var bytes = key.bytes
        bytes[0] ^= 1
        #expect(RecordKey(bytes: bytes)!.open(r.ciphertext, nonce: r.nonce, ad: ad(r)) == nil)
    }

    @Test func oneRecordsKeyOpensNoOther() {
        let key = RecordKey(dataKey: f.key, nonce: f.records[1].nonce)
        for r in f.records where r.seq != 2 {
            #expect(key.open(r.ciphertext, nonce: r.nonce, ad: ad(r)) == nil)
        }
    }

    @Test func onlyThirtyTwoBytesAreAKey() {
        #expect(RecordKey(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(RecordKey(bytes: [UInt8](repeating: 1, count: 32)) != nil)
    }
}
