import Testing

@testable import LedgerCore

/// The verifier's fast first pass (decision 0012) may only ever say "intact" of a log that
/// `ChainVerifier` calls intact, with the same count and head; on any doubt it must hand over
/// to the full pass. These tests feed it real sealed rows, clean and damaged.
@Suite struct CleanChainTests {
    let f = ChainFixture(count: 12)

    /// Runs the first pass over `records` cut into chunks of `rows`; nil when it handed over.
    func firstPass(_ records: [Record], rows: Int, withKey: Bool = false) -> VerifyReport? {
        let sealers = withKey ? Sealer.byEpoch(ledger: f.ledger, keys: [1: f.key]) : nil
        let clean = CleanChain(ledger: f.ledger, decrypted: withKey, rows: records.count)
        var start = 0
        while start < records.count {
            var chunk = ChunkSummary(capacity: rows)
            for r in records[start..<min(records.count, start + rows)] {
                _ = chunk.fold(RowCheck(RowDigest(r, ledger: f.ledger), record: { r }, sealers: sealers))
            }
            guard clean.add(chunk) else { return nil }
            start += rows
        }
        return clean.report()
    }

    @Test(arguments: [1, 2, 5, 12, 100])
    func anIntactLogGivesTheReportOfTheFullPass(rows: Int) throws {
        for withKey in [false, true] {
            let report = try #require(firstPass(f.records, rows: rows, withKey: withKey))
            #expect(report == f.verify(f.records, withKey: withKey))
            #expect(report.isIntact && report.recordCount == 12 && report.headSeq == 12)
        }
    }

    @Test func anEmptyLogHasNoFirstPassReport() {
        #expect(firstPass([], rows: 4) == nil)
    }

    /// Every kind of damage the first pass can meet: it hands over, and the full pass names it.
    @Test(arguments: ["edited", "unlinked", "gap", "reordered", "notCreatedFirst", "nonceReused", "badTag", "truncatedHead"])
    func damageHandsOverToTheFullPass(damage: String) throws {
        var rs = f.records
        var withKey = false
        switch damage {
        case "edited": rs[6].ciphertext[3] ^= 1
        case "unlinked": rs[6].prevHash = rs[4].hash; rs[6] = f.rehash(rs[6])
        case "gap": rs.remove(at: 6); rs = f.relink(rs, from: 6)
        case "reordered": rs.swapAt(5, 6); rs = f.relink(rs, from: 5)
        case "notCreatedFirst": rs.removeFirst(); for i in rs.indices { rs[i].seq -= 1 }; rs = f.relink(f.rootedAtGenesis(rs), from: 0)
        case "nonceReused": rs[9].nonce = rs[2].nonce; rs = f.relink(rs, from: 9)
        case "badTag": rs[7].ciphertext[0] ^= 1; rs = f.relink(rs, from: 7); withKey = true
        default: rs.removeFirst(3)  // the head of the log gone: record 4 first
        }
        #expect(!f.verify(rs, withKey: withKey).isIntact, "the full pass must find \(damage)")
        for rows in [1, 3, 7, 100] {
            #expect(firstPass(rs, rows: rows, withKey: withKey) == nil, "\(damage), \(rows) rows a chunk")
        }
    }

    /// Two nonces that share bytes 0–7 but differ in 8–15 derive different record keys, so the
    /// log is intact; the first pass, keeping only bytes 0–7, cannot tell and must hand over.
    @Test func aNonceWordCollisionHandsOverAndTheFullPassFindsNothing() throws {
        let shared: [UInt8] = Array(repeating: 0x5A, count: 8)
        let rs = f.resealed { i in i == 4 || i == 9 ? shared + [UInt8](repeating: UInt8(i), count: 16) : nil }
        #expect(rs[3].nonce.prefix(8) == rs[8].nonce.prefix(8) && rs[3].nonce != rs[8].nonce)
        #expect(f.verify(rs, withKey: true).isIntact)
        #expect(firstPass(rs, rows: 4) == nil)
    }

    /// Words crafted to land in one slot cannot make the set slow: after `maxProbes` it refuses.
    @Test func craftedWordsAreRefusedWithinTheProbeLimit() {
        let set = NonceWordSet(capacity: 1000)
        let words = NonceWordSetProbe.wordsInOneSlot(count: NonceWordSet.maxProbes + 1, capacity: 1000)
        #expect(Set(words).count == words.count)
        for word in words.dropLast() { #expect(set.insert(word)) }
        #expect(!set.insert(words.last!))
    }

    /// A million random words (the nonces of a log of 10^6 records) all find a place: an
    /// intact log of that size is shown intact by the first pass, not handed over.
    @Test func aMillionRandomWordsAllFit() {
        let set = NonceWordSet(capacity: 1_000_000)
        var state: UInt64 = 0x1234_5678
        var refused = 0
        for _ in 0..<1_000_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if !set.insert(state ^ (state >> 29)) { refused += 1 }
        }
        #expect(refused == 0)
    }

    @Test func aWordPresentAlreadyIsRefusedZeroIncluded() {
        let set = NonceWordSet(capacity: 4)
        for word: UInt64 in [0, 7, .max] {
            #expect(set.insert(word))
            #expect(!set.insert(word))
        }
    }
}

/// Builds words that the set's multiplicative hash sends to one slot.
enum NonceWordSetProbe {
    static func wordsInOneSlot(count: Int, capacity: Int) -> [UInt64] {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        let shift = UInt64(64 - size.trailingZeroBitCount)
        let inverse = inverseOf(0x9E37_79B9_7F4A_7C15)
        // Products whose top bits are equal hash alike; vary only the bits below them.
        return (1...count).map { k in inverse &* (UInt64(3) << shift | UInt64(k)) }
    }

    /// The multiplicative inverse of an odd `a` modulo 2^64 (Newton's iteration).
    static func inverseOf(_ a: UInt64) -> UInt64 {
        var x = a
        for _ in 0..<6 { x = x &* (2 &- a &* x) }
        return x
    }
}

extension ChainFixture {
    /// The same events sealed again, with the nonce `nonce(seq)` where it is not nil.
    func resealed(nonce: (Int) -> [UInt8]?) -> [Record] {
        let sealer = Sealer(ledger: ledger, key: key, epoch: 1)
        var prev = RecordFormat.genesisHash(ledger: ledger)
        return records.enumerated().map { i, r in
            let event = try! sealer.decrypt(r)
            let out = sealer.seal(event, seq: r.seq, prevHash: prev, nonce: nonce(i + 1) ?? r.nonce)
            prev = out.hash
            return out
        }
    }

    /// `records` with the first one linked to the genesis hash (as a forger would).
    func rootedAtGenesis(_ records: [Record]) -> [Record] {
        var out = records
        if !out.isEmpty { out[0].prevHash = RecordFormat.genesisHash(ledger: ledger) }
        return out
    }
}
