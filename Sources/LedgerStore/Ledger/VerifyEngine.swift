import FoundationEssentials
import LedgerCore

extension LedgerFile {
    /// Verifies the whole log: without keys when the ledger is locked, with them otherwise.
    /// `progress` is called after each batch with the records done and the total.
    /// - Throws: `LedgerError` only when the file cannot be read; damage is reported as findings.
    public func verify(progress: (Int, Int) -> Void = { _, _ in }) throws(LedgerError) -> VerifyReport {
        try verify(rowsPerChunk: VerifyPipeline.rowsPerChunk, progress: progress)
    }

    /// `verify(progress:)`, reading the log in chunks of about `rowsPerChunk` rows on every
    /// core (decision 0012), or with `rowsPerChunk` 0, or on a storage that cannot read ranges
    /// on threads of its own, in one sequential scan. The findings are the same either way.
    ///
    /// On every core, a first pass only asks whether the log is plainly intact, keeping one
    /// nonce word per record; the first row it cannot vouch for stops it, and a second pass
    /// (`ChainVerifier`) reads the log again and names the findings. Progress never goes back:
    /// the second pass reports only once it is past where the first stopped.
    func verify(rowsPerChunk: Int, progress: (Int, Int) -> Void) throws(LedgerError) -> VerifyReport {
        let total = try count()
        let schema = try schemaFindings()
        let verifier = ChainVerifier(ledger: id, keys: keys)
        if rowsPerChunk > 0, let scanning = Self.rangeScanning(store) {
            let sealers = keys.map { Sealer.byEpoch(ledger: id, keys: $0) }
            var shown = 0
            let forward: (Int, Int) -> Void = { done, total in
                guard done > shown else { return }
                shown = done
                progress(done, total)
            }
            let clean = CleanChain(ledger: id, decrypted: sealers != nil, rows: total)
            let joined = try VerifyPipeline.each(
                scanning, total: total, rowsPerChunk: rowsPerChunk, progress: forward,
                read: { (reader, range) throws(LedgerError) in try reader.summarize(range, sealers: sealers) },
                consume: { (chunk: ChunkSummary) in (clean.add(chunk), chunk.rows) })
            if joined, let report = clean.report() { return report.adding(schema) }
            verifier.reserve(total)
            _ = try VerifyPipeline.each(
                scanning, total: total, rowsPerChunk: rowsPerChunk, progress: forward,
                read: { (reader, range) throws(LedgerError) in try reader.check(range, sealers: sealers) },
                consume: { (rows: [RowCheck]) in
                    verifier.add(checked: rows)
                    return (true, rows.count)
                })
        } else {
            verifier.reserve(total)
            var done = 0
            try store.scan(deployment: nil, merging: [], batchSize: VerifyPipeline.rowsPerChunk) { (batch) throws(LedgerError) in
                verifier.add(batch)
                done += batch.count
                progress(done, total)
            }
        }
        return verifier.finish().adding(schema)
    }

    /// The storage's range-scanning capability, if it has it.
    static func rangeScanning(_ storage: some AnyObject) -> (any RangeScanning)? { storage as? any RangeScanning }
}

/// Verify on every core: the log is cut into chunks by sequence number; worker threads, each
/// with its own read connection, take the next chunk and check its rows where they read them
/// (hash, and with the keys decrypt and parse); the calling thread hands the chunks to the
/// verifier strictly in order, so the chain is judged exactly as by one sequential scan. At
/// most `window` chunks are claimed and not yet consumed: memory in flight is bounded
/// whatever the log's size (decision 0012).
enum VerifyPipeline {
    /// Rows per chunk at most (about 1 MB of checked rows).
    static let rowsPerChunk = 4096

    /// Rows per chunk for a log of `total` records: one chunk (no thread started) below
    /// `rowsPerChunk`; otherwise about 32 chunks, between 512 and `rowsPerChunk` rows each, so
    /// that both cores stay busy to the end of a log of a few chunks.
    static func rowsPerChunk(total: Int) -> Int {
        total < rowsPerChunk ? rowsPerChunk : max(512, min(rowsPerChunk, total / 32))
    }

    /// Reads every chunk of `scanning` with `read` (on worker threads, one read transaction
    /// each) and hands the results to `consume` on the calling thread, in order; `consume`
    /// says whether to go on and how many rows the chunk held (for `progress`). Returns false
    /// when `consume` stopped it.
    /// - Throws: `LedgerError` when the file cannot be read.
    static func each<Chunk: Sendable>(
        _ scanning: any RangeScanning, total: Int, rowsPerChunk: Int, progress: (Int, Int) -> Void,
        read: @escaping @Sendable (RangeReader, ClosedRange<Int64>) throws(LedgerError) -> Chunk,
        consume: (Chunk) -> (goOn: Bool, rows: Int)
    ) throws(LedgerError) -> Bool {
        guard let bounds = try scanning.seqBounds() else { return true }
        let ranges = chunks(lo: bounds.lo, hi: bounds.hi, rows: total, rowsPerChunk: min(rowsPerChunk, Self.rowsPerChunk(total: total)))
        let workers = min(ranges.count, max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)))
        var readers: [RangeReader] = []
        for _ in 0..<workers { readers.append(try scanning.rangeReader()) }
        var done = 0
        if workers == 1 {
            // One chunk (or one core): no thread to start.
            var goOn = true
            try readers[0].reading { () throws(LedgerError) in
                for range in ranges where goOn {
                    let (more, rows) = consume(try read(readers[0], range))
                    goOn = more
                    done += rows
                    if goOn { progress(done, total) }
                }
            }
            return goOn
        }
        let queue = ChunkQueue(ranges: ranges, window: 2 * workers, read: read)
        queue.start(readers)
        defer { queue.stop() }
        for i in ranges.indices {
            let (goOn, rows) = consume(try queue.take(i))
            guard goOn else { return false }
            done += rows
            progress(done, total)
        }
        return true
    }

    /// Cuts `lo...hi` into about `rows / rowsPerChunk` ranges of equal span; the first starts
    /// at `Int64.min` and the last ends at `Int64.max`, so together they cover every row.
    static func chunks(lo: Int64, hi: Int64, rows: Int, rowsPerChunk: Int) -> [ClosedRange<Int64>] {
        let k = max(1, rows / max(1, rowsPerChunk) + (rows % max(1, rowsPerChunk) == 0 ? 0 : 1))
        let span = UInt64(bitPattern: hi &- lo)
        guard k > 1, hi >= lo, span <= UInt64(Int64.max) else { return [Int64.min...Int64.max] }
        let step = Int64(span / UInt64(k) + 1)
        var out: [ClosedRange<Int64>] = []
        var start = Int64.min
        for i in 1..<Int64(k) {
            let (offset, o1) = step.multipliedReportingOverflow(by: i)
            let (bound, o2) = lo.addingReportingOverflow(offset)
            guard !o1, !o2, bound <= hi, bound > start else { break }
            out.append(start...(bound - 1))
            start = bound
        }
        out.append(start...Int64.max)
        return out
    }
}

/// The chunks of one pass in flight: workers claim the next range in order, read it with
/// `read` and deliver the result; the calling thread takes results strictly in order.
final class ChunkQueue<Chunk: Sendable>: @unchecked Sendable {
    private let ranges: [ClosedRange<Int64>]
    private let window: Int
    private let read: @Sendable (RangeReader, ClosedRange<Int64>) throws(LedgerError) -> Chunk
    private let condition = Condition()
    // Guarded by `condition`:
    private var claimed = 0, consumed = 0, running = 0
    private var ready: [Int: Chunk] = [:]
    private var failure: LedgerError?
    private var stopped = false

    init(
        ranges: [ClosedRange<Int64>], window: Int,
        read: @escaping @Sendable (RangeReader, ClosedRange<Int64>) throws(LedgerError) -> Chunk
    ) {
        self.ranges = ranges
        self.window = window
        self.read = read
    }

    func start(_ readers: [RangeReader]) {
        running = readers.count
        for reader in readers where !Threads.detach({ [self] in work(reader) }) {
            // No thread for this reader: the others read its share; with none at all, fail.
            condition.lock()
            running -= 1
            if running == 0, failure == nil { failure = LedgerError(.failure, "cannot start a thread to verify with") }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// A worker: claims chunks in order and reads them until none is left or the run stops.
    private func work(_ reader: RangeReader) {
        do {
            try reader.reading { () throws(LedgerError) in
                while let i = claim() { deliver(i, try read(reader, ranges[i])) }
            }
        } catch {
            fail(error)
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk to read, once fewer than `window` are waiting to be consumed.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped, failure == nil, claimed < ranges.count, claimed >= consumed + window { condition.wait() }
        guard !stopped, failure == nil, claimed < ranges.count else { return nil }
        claimed += 1
        return claimed - 1
    }

    private func deliver(_ i: Int, _ chunk: Chunk) {
        condition.lock()
        ready[i] = chunk
        condition.broadcast()
        condition.unlock()
    }

    private func fail(_ error: LedgerError) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The result of chunk `i` (chunks are taken in order), once a worker has it.
    /// - Throws: the first `LedgerError` a worker met.
    func take(_ i: Int) throws(LedgerError) -> Chunk {
        condition.lock()
        defer { condition.unlock() }
        while ready[i] == nil, failure == nil { condition.wait() }
        guard let chunk = ready.removeValue(forKey: i) else { throw failure ?? LedgerError(.failure, "verify stopped") }
        consumed = i + 1
        condition.broadcast()
        return chunk
    }

    /// Stops the workers and waits until every one has ended.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
