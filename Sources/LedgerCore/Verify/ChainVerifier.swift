import Dispatch

/// Verifies a log record by record, with or without the data keys (docs/FORMAT.md §8).
///
/// Feed records in stored order with `add(_:)` (in batches, as storage reads them), then call
/// `finish()`. Without keys it checks format, every record hash, every link and contiguous
/// sequence numbers; with keys it also checks every AEAD tag and payload. Hashing and
/// decryption of a large batch run on two threads; a caller that checks rows where it reads
/// them (on threads of its own) hands them over with `add(checked:)` instead. Findings are
/// values; nothing here does I/O.
/// Not thread-safe: call `add` from one thread (or one serial queue) at a time.
public final class ChainVerifier: @unchecked Sendable {
    let ledger: LedgerID
    let sealers: [Int64: Sealer]?
    let genesis: [UInt8]
    var rows = RowTable()
    /// Full records of rows that need a second look (hash mismatch), by row index.
    var suspects: [Int: Record] = [:]
    var notes: [Int: Finding] = [:]
    var lastHash: Digest32
    var lastContent: Digest32?
    var lastSeq: Int64 = 0
    var anomalies = false
    /// The nonce prefix of every well-formed row, with the first row (index) that holds it.
    var noncePrefixes: [NoncePrefix: Int] = [:]
    /// Rows whose nonce prefix an earlier row holds already, with that row.
    var reusedNonces: [Int: Int] = [:]

    /// Creates a verifier for `ledger`; `keys` maps key epochs to data keys, or is nil to
    /// verify without decrypting.
    public init(ledger: LedgerID, keys: [UInt32: SecureBytes]?) {
        self.ledger = ledger
        sealers = keys.map { Sealer.byEpoch(ledger: ledger, keys: $0) }
        genesis = RecordFormat.genesisHash(ledger: ledger)
        lastHash = Digest32(genesis)
    }

    /// Number of records added so far.
    public var count: Int { rows.count }

    /// Checks one batch of records (in stored order, following the previous batch).
    public func add(_ batch: [Record]) {
        noncePrefixes.reserveCapacity(noncePrefixes.count + batch.count)
        let results = Self.checkInParallel(batch, ledger: ledger, sealers: sealers)
        for result in results { absorb(result.digest, openError: result.openError) }
    }

    /// Absorbs rows already checked where they were read (by a scan on another thread that
    /// digested, and with the keys opened, each row), in stored order.
    public func add(checked rows: [RowCheck]) {
        noncePrefixes.reserveCapacity(noncePrefixes.count + rows.count)
        for row in rows { absorb(row.digest, openError: row.openError) }
    }

    /// Makes room for `rows` records in the per-row tables (so a log of known size does not
    /// grow them by doubling).
    public func reserve(_ rows: Int) {
        self.rows.reserveCapacity(rows)
        noncePrefixes.reserveCapacity(rows)
    }

    static func checkInParallel(_ batch: [Record], ledger: LedgerID, sealers: [Int64: Sealer]?) -> [RowCheck] {
        var results = [RowCheck?](repeating: nil, count: batch.count)
        let chunks = batch.count >= 256 ? 2 : 1
        let size = (batch.count + chunks - 1) / max(chunks, 1)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * size)..<min(batch.count, (c + 1) * size) {
                    out[i] = check(batch[i], ledger: ledger, sealers: sealers)
                }
            }
        }
        return results.map { $0! }
    }

    static func check(_ r: Record, ledger: LedgerID, sealers: [Int64: Sealer]?) -> RowCheck {
        RowCheck(RowDigest(r, ledger: ledger), record: { r }, sealers: sealers)
    }

    func absorb(_ d: RowDigest, openError: Sealer.OpenError?) {
        let index = rows.count
        if let m = d.malformation {
            rows.append(seq: d.seq, hash: d.stored.a, prev: d.prev.a, flags: .malformed)
            notes[index] = Finding(.malformed, seq: d.seq, "record \(d.seq) is malformed: \(m)")
            anomalies = true
            lastHash = d.stored
            lastContent = nil
            lastSeq = d.seq
            return
        }
        var flags: RowFlags = []
        if d.hashOK { flags.insert(.hashOK) } else if let r = d.record { suspects[index] = r }
        if d.prev == lastHash || d.prev == lastContent { flags.insert(.linkOK) }
        if lastSeq < .max, d.seq == lastSeq + 1 { flags.insert(.seqOK) }
        if d.startsLedger { flags.insert(.startsLedger) } else if d.seq == 1 || index == 0 { anomalies = true }
        if let first = noncePrefixes[d.noncePrefix] {
            reusedNonces[index] = first
            anomalies = true
        } else {
            noncePrefixes[d.noncePrefix] = index
        }
        if let e = openError { notes[index] = Self.finding(for: e, seq: d.seq) }
        if flags.intersection([.hashOK, .linkOK, .seqOK]) != [.hashOK, .linkOK, .seqOK] || openError != nil { anomalies = true }
        rows.append(seq: d.seq, hash: d.stored.a, prev: d.prev.a, flags: flags)
        lastHash = d.stored
        lastContent = d.hashOK ? nil : d.content
        lastSeq = d.seq
    }

    static func finding(for e: Sealer.OpenError, seq: Int64) -> Finding {
        switch e {
        case .authenticationFailed:
            return Finding(
                .undecryptable, seq: seq,
                "record \(seq) does not decrypt: its header, nonce or ciphertext was changed after it was written (its hash was recomputed to hide it)")
        case .badPayload(let why): return Finding(.malformed, seq: seq, "record \(seq) has a bad payload: \(why)")
        case .malformed(let why): return Finding(.malformed, seq: seq, "record \(seq) is malformed: \(why)")
        }
    }

    /// Ends verification and returns every finding.
    public func finish() -> VerifyReport {
        var findings: [Finding] = []
        if rows.count == 0 {
            findings = [
                Finding(
                    .missing, seq: 1,
                    "record 1 is missing: the log holds no record at all, though every ledger starts with its ledger.created record (every record was deleted)")
            ]
        } else if anomalies {
            var explainer = Explainer(verifier: self)
            findings = explainer.explain()
        }
        findings.sort(by: Finding.reportOrder)
        return VerifyReport(
            ledger: ledger, recordCount: rows.count, headSeq: rows.count > 0 ? lastSeq : nil,
            headHash: rows.count > 0 ? lastHash.bytes : nil, decrypted: sealers != nil, findings: findings)
    }
}

/// Per-row facts the verifier keeps for the second look: flags, the stored sequence number
/// and 8-byte prefixes of the stored and previous hashes (about 25 bytes a row).
struct RowTable {
    var seqs: [Int64] = []
    var hashPrefix: [UInt64] = []
    var prevPrefix: [UInt64] = []
    var flags: [RowFlags] = []
    var count: Int { seqs.count }

    mutating func reserveCapacity(_ n: Int) {
        seqs.reserveCapacity(n)
        hashPrefix.reserveCapacity(n)
        prevPrefix.reserveCapacity(n)
        flags.reserveCapacity(n)
    }

    mutating func append(seq: Int64, hash: UInt64, prev: UInt64, flags f: RowFlags) {
        seqs.append(seq)
        hashPrefix.append(hash)
        prevPrefix.append(prev)
        flags.append(f)
    }

    static func prefix(_ b: [UInt8]) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<min(8, b.count) { v = v << 8 | UInt64(b[i]) }
        return v
    }
}

/// What the first pass learnt about a row.
struct RowFlags: OptionSet {
    let rawValue: UInt8
    static let hashOK = RowFlags(rawValue: 1)
    static let linkOK = RowFlags(rawValue: 2)
    static let seqOK = RowFlags(rawValue: 4)
    static let malformed = RowFlags(rawValue: 8)
    static let startsLedger = RowFlags(rawValue: 16)
}
