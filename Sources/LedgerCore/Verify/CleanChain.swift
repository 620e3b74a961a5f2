/// What a worker learnt of one chunk of rows (a sequence-number range, in stored order) when
/// all it asks is "is every row of it plainly sound?": the chunk's two ends, and the first 8
/// bytes of every row's nonce. `sound` is false as soon as one row is not; the verifier then
/// takes the full path (`ChainVerifier`), which names what is wrong (decision 0012).
public struct ChunkSummary: Sendable {
    /// False when a row is malformed, its hash does not match, it did not open (with the keys),
    /// it does not link to the row before it in the chunk or does not follow its sequence
    /// number, or it is record 1 of another kind than `ledger.created`.
    public private(set) var sound = true
    /// Rows folded in (until the first unsound one).
    public private(set) var rows = 0
    /// The first row's sequence number and stored previous hash.
    public private(set) var firstSeq: Int64 = 0
    public private(set) var firstPrev = Digest32([])
    /// The last row's sequence number and stored hash.
    public private(set) var lastSeq: Int64 = 0
    public private(set) var lastHash = Digest32([])
    /// Bytes 0–7 of every row's nonce (the first word of its `NoncePrefix`), in order.
    public private(set) var nonceWords: [UInt64] = []

    /// An empty summary, with room for `rows` rows.
    public init(capacity rows: Int) {
        nonceWords.reserveCapacity(rows)
    }

    /// Folds in the next row of the chunk; returns false (and the summary is unsound) when the
    /// row is not plainly sound, after which nothing more needs folding.
    public mutating func fold(_ row: RowCheck) -> Bool {
        let d = row.digest
        guard d.hashOK, row.openError == nil else { return unsound() }
        return foldMatching(seq: d.seq, prev: d.prev, hash: d.stored, nonceWord: d.noncePrefix.a, startsLedger: d.startsLedger)
    }

    /// `fold(_:)` of a row already known to be well formed, to match its stored `hash` and (with
    /// the keys) to open: the keyless readers' path, which builds no `RowCheck` for it.
    public mutating func foldMatching(seq: Int64, prev: Digest32, hash: Digest32, nonceWord: UInt64, startsLedger: Bool) -> Bool {
        guard sound, seq != 1 || startsLedger else { return unsound() }
        if rows == 0 {
            firstSeq = seq
            firstPrev = prev
        } else {
            guard prev == lastHash, lastSeq < .max, seq == lastSeq + 1 else { return unsound() }
        }
        nonceWords.append(nonceWord)
        lastSeq = seq
        lastHash = hash
        rows += 1
        return true
    }

    private mutating func unsound() -> Bool {
        sound = false
        return false
    }
}

/// The verifier's first pass: it joins chunk summaries in order and proves the whole log
/// intact, keeping no per-row state but one 8-byte word of each nonce. It cannot say what is
/// wrong: when `add` returns false, the log is verified again by `ChainVerifier`, whose
/// report names every finding. When every chunk joins, the report is the one `ChainVerifier`
/// gives for the same rows: no finding, the same count and head (decision 0012).
public final class CleanChain {
    let ledger: LedgerID
    let decrypted: Bool
    private var lastHash: Digest32
    private var lastSeq: Int64 = 0
    private var count = 0
    private let nonces: NonceWordSet

    /// A first pass over the log of `ledger`, expecting about `rows` records (the nonce set is
    /// sized for them; more make `add` return false rather than grow it).
    public init(ledger: LedgerID, decrypted: Bool, rows: Int) {
        self.ledger = ledger
        self.decrypted = decrypted
        lastHash = Digest32(RecordFormat.genesisHash(ledger: ledger))
        nonces = NonceWordSet(capacity: rows)
    }

    /// Joins the next chunk; false when the log cannot be shown intact this way. (The first
    /// chunk must begin at record 1, which `fold` has checked is `ledger.created`.)
    public func add(_ chunk: ChunkSummary) -> Bool {
        guard chunk.sound else { return false }
        guard chunk.rows > 0 else { return true }
        guard chunk.firstPrev == lastHash, lastSeq < .max, chunk.firstSeq == lastSeq + 1 else { return false }
        for word in chunk.nonceWords { guard nonces.insert(word) else { return false } }
        count += chunk.rows
        lastSeq = chunk.lastSeq
        lastHash = chunk.lastHash
        return true
    }

    /// The report of a log every chunk of which joined: intact. Nil for an empty log (whose
    /// finding `ChainVerifier` names).
    public func report() -> VerifyReport? {
        guard count > 0 else { return nil }
        return VerifyReport(
            ledger: ledger, recordCount: count, headSeq: lastSeq, headHash: lastHash.bytes, decrypted: decrypted, findings: [])
    }
}

/// A set of 64-bit words by open addressing in one allocation of a fixed size (about 16 bytes
/// a word it was sized for). `insert` refuses (returns false) a word already present, and
/// also one it cannot place within `maxProbes` probes, so that crafted words cannot make it slow:
/// either way the caller falls back to the exact check.
final class NonceWordSet {
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let shift: UInt64
    private var hasZero = false
    /// Linear probing at a load of at most one half: a run this long is met by chance about
    /// once in 10^20 inserts (a limit of 32 was met in logs of 10^6 records), while crafted
    /// words still cost at most this many probes before the caller falls back.
    static let maxProbes = 256

    init(capacity: Int) {
        var size = 16
        while size < 2 * max(capacity, 1), size < 1 << 40 { size <<= 1 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit { slots.deallocate() }

    /// Adds `word`; false when it is present already or could not be placed.
    func insert(_ word: UInt64) -> Bool {
        if word == 0 {
            defer { hasZero = true }
            return !hasZero
        }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift)
        for _ in 0..<Self.maxProbes {
            let slot = slots[i]
            if slot == 0 {
                slots[i] = word
                return true
            }
            if slot == word { return false }
            i = (i + 1) & mask
        }
        return false
    }
}
