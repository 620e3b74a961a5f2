import Foundation
import LedgerCore
import Testing

@testable import LedgerStore

/// Parallel verify (decision 0012) judges a log cut into chunks read on several threads; the
/// report must be the one a single sequential scan gives, whatever the chunk size and damage.
@Suite struct ChunkedVerifyTests {
    /// Attacks that move, drop, add, change or repeat records, including sequence numbers
    /// far outside the log (a sparse range) and below 1.
    static let attacks: [String] = [
        "",
        "UPDATE events SET kind = 'oote' WHERE seq = 10",
        "DELETE FROM events WHERE seq = 12",
        "UPDATE events SET seq = 50 WHERE seq = 3",
        "UPDATE events SET seq = -5 WHERE seq = 7",
        "UPDATE events SET seq = 9007199254740000 WHERE seq = 15",
        "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 20) || x'00' || substr(ciphertext, 22) AS BLOB) WHERE seq = 20",
        "UPDATE events SET nonce = (SELECT nonce FROM events WHERE seq = 4) WHERE seq = 25",
        "UPDATE events SET sig = x'01' WHERE seq = 18",
        "UPDATE events SET seq = seq + 1000 WHERE seq IN (5, 6); UPDATE events SET seq = 6 WHERE seq = 1005; UPDATE events SET seq = 5 WHERE seq = 1006",
        "INSERT INTO events SELECT 41, kind, deployment, epoch, public, nonce, ciphertext, sig, prev_hash, hash FROM events WHERE seq = 30",
        "DELETE FROM events WHERE seq > 28",
        "DELETE FROM events",
    ]

    @Test(arguments: attacks)
    func chunkedVerifyFindsWhatOneScanFinds(attack: String) throws {
        let f = try LedgerFixture(notes: 39)
        if !attack.isEmpty { try f.attack(TamperTests.unlock + attack) }
        for withKey in [false, true] {
            let l = try LedgerFile.open(at: f.path, readOnly: true)
            if withKey { try l.unlock(passphrase: LedgerFixture.secret()) }
            let sequential = try l.verify(rowsPerChunk: 0) { _, _ in }
            // Cutting off the tail leaves an intact shorter chain (only a checkpoint shows it).
            let intact = attack.isEmpty || attack.hasPrefix("DELETE FROM events WHERE seq >")
            #expect(sequential.isIntact == intact, "\(sequential.findings)")
            for rows in [1, 3, 7, 4096] {
                var seen: [Int] = []
                let chunked = try l.verify(rowsPerChunk: rows) { done, _ in seen.append(done) }
                #expect(chunked == sequential, "\(rows) rows a chunk, key \(withKey): \(chunked.findings) vs \(sequential.findings)")
                #expect(seen == seen.sorted() && (seen.last ?? 0) == sequential.recordCount, "progress \(seen)")
            }
        }
    }

    /// The keyless first pass folds a row from its fields (`matchingDigest`) only when the
    /// full check would call it well formed and matching its hash, and then keeps the same
    /// sequence number, links, nonce word and kind test; every other row takes the full check.
    @Test(
        arguments: attacks + [
            "UPDATE events SET nonce = x'01' WHERE seq = 9", "UPDATE events SET hash = x'00' WHERE seq = 11",
            "UPDATE events SET prev_hash = zeroblob(32) WHERE seq = 13", "UPDATE events SET public = x'7b7d' WHERE seq = 14",
        ])
    func theKeylessShortCutAcceptsWhatTheFullCheckAccepts(attack: String) throws {
        let f = try LedgerFixture(notes: 39)
        if !attack.isEmpty { try f.attack(TamperTests.unlock + attack, coverTracks: false) }
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        let db = try Database(path: f.path, readOnly: true)
        let s = try db.prepare("SELECT \(EventStore.columns) FROM events ORDER BY seq")
        var rows = 0, shortCut = 0
        while try s.step() {
            rows += 1
            let fields = EventStore.fields(s)
            let borrowed = !fields.quickProblem && s.isText(1)
            let full = EventStore.digest(s, fields: fields, borrowed: borrowed, ledger: l.id)
            guard let quick = EventStore.matchingDigest(s, ledger: l.id) else {
                #expect(!full.hashOK || !borrowed, "row \(full.seq) sound by the full check but refused by the short cut")
                continue
            }
            shortCut += 1
            #expect(full.hashOK && borrowed, "row \(full.seq) taken by the short cut but not sound by the full check")
            #expect(quick.seq == full.seq && quick.prev == full.prev && quick.hash == full.stored)
            #expect(quick.nonceWord == full.noncePrefix.a && quick.startsLedger == full.startsLedger)
        }
        #expect(rows == 0 || shortCut > 0, "an intact row takes the short cut")
    }

    /// A record re-sealed with the real key around a payload that opens but breaks §7.4 (an
    /// insider's forgery at the tail): keyless verify cannot tell, verify with the key names
    /// exactly what the full parser says, in chunks and in one scan alike. The chunked path
    /// checks payloads without parsing them (`PayloadSkim`), so this is the test that it
    /// refuses what the parser refuses and reports the parser's reason.
    @Test(arguments: [
        (#"{"actor":"a","data":{},"time":"2026-12-03T10:00:00Z"}"#, "time is not RFC 3339 UTC with milliseconds"),
        (
            #"{"actor":"a","data":{"b":1,"a":2},"time":"2026-12-03T10:00:00.000Z"}"#,
            "not canonical JSON at byte 27: keys not in ascending byte order or repeated"
        ),
        (#"{"actor":"a","data":{"t":"\u00+1"},"time":"2026-12-03T10:00:00.000Z"}"#, "not canonical JSON at byte 26: non-canonical escape"),
        (#"{"actor":"a","data":[],"time":"2026-12-03T10:00:00.000Z"}"#, "data is not an object"),
    ])
    func aResealedPayloadThatBreaksTheFormatIsNamedWithTheParsersReason(payload: String, reason: String) throws {
        let f = try LedgerFixture(notes: 39)
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        try l.unlock(passphrase: LedgerFixture.secret())
        var r = try #require(try l.allRecords().last)
        let sealer = Sealer(ledger: l.id, key: try #require(l.keys?[UInt32(r.epoch)]), epoch: UInt32(r.epoch))
        r.ciphertext = AEAD.seal(Array(payload.utf8), key: sealer.key, nonce: r.nonce, ad: RecordFormat.associatedData(r, ledger: l.id))
        r.hash = RecordFormat.computeHash(r, ledger: l.id)
        try f.attack(TamperTests.unlock + "UPDATE events SET ciphertext = \(r.ciphertext.sqlHex), hash = \(r.hash.sqlHex) WHERE seq = \(r.seq)")
        let keyed = try LedgerFile.open(at: f.path, readOnly: true)
        try keyed.unlock(passphrase: LedgerFixture.secret())
        let expected = [Finding(.malformed, seq: r.seq, "record \(r.seq) has a bad payload: \(reason)")]
        for rows in [0, 1, 7, 4096] {
            #expect(try keyed.verify(rowsPerChunk: rows) { _, _ in }.findings == expected, "\(rows) rows a chunk")
        }
        #expect(try LedgerFile.open(at: f.path, readOnly: true).verify(rowsPerChunk: 7) { _, _ in }.isIntact)
    }

    @Test func chunksCoverEverySequenceNumberOnce() {
        let cases: [(Int64, Int64, Int)] = [
            (1, 1, 1), (1, 40, 40), (1, 1_000_000, 1_000_000), (-5, 9_007_199_254_740_000, 40),
            (.min, .max, 3), (Int64.max - 3, .max, 4), (7, 7, 100),
        ]
        for (lo, hi, rows) in cases {
            for per in [1, 3, 4096] {
                let c = VerifyPipeline.chunks(lo: lo, hi: hi, rows: rows, rowsPerChunk: per)
                #expect(c.first?.lowerBound == .min && c.last?.upperBound == .max)
                #expect(zip(c, c.dropFirst()).allSatisfy { $0.upperBound &+ 1 == $1.lowerBound && $0.upperBound < $1.lowerBound })
                #expect(c.count <= max(1, (rows + per - 1) / per))
            }
        }
        #expect(VerifyPipeline.chunks(lo: 1, hi: 1_000_000, rows: 1_000_000, rowsPerChunk: 4096).count == 245)
    }
}
