#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization
import LedgerCore

extension LedgerFile {
    /// Streams decrypted events in sequence order, optionally for one deployment (with
    /// `withRoster`, the ledger's roster events too, which the views need to judge sign-offs).
    /// - Throws: `LedgerError` when locked, or `.tampered`/`.corrupt` when a record does
    ///   not open (run `ledger verify` to see every finding).
    public func events(deployment: DeploymentID? = nil, withRoster: Bool = false,
                       _ body: (Record, Event) throws(LedgerError) -> Void) throws(LedgerError) {
        try events(deployment: deployment, merging: deployment != nil && withRoster ? try store.rosterRecords() : [], body)
    }

    /// `events(deployment:withRoster:_:)` with the records to merge in read already.
    func events(deployment: DeploymentID?, merging: [Record], _ body: (Record, Event) throws(LedgerError) -> Void) throws(LedgerError) {
        let sealers = Sealer.byEpoch(ledger: id, keys: try unlockedKeys())
        try store.scan(deployment: deployment, merging: merging) { (batch) throws(LedgerError) in
            for r in batch { try body(r, try Self.open(r, sealers)) }
        }
    }

    /// Decrypts one record for a reader.
    /// - Throws: `LedgerError` naming the record when it does not open (`Sealer.OpenError.readError`).
    static func open(_ r: Record, _ sealers: [Int64: Sealer]) throws(LedgerError) -> Event {
        guard let sealer = sealers[r.epoch] else {
            throw LedgerError(.corrupt, "record \(r.seq) names key epoch \(r.epoch), which this ledger does not have",
                              hint: "run 'ledger verify' to see what is damaged")
        }
        do throws(Sealer.OpenError) { return try sealer.open(r) } catch { throw error.readError(seq: r.seq, kind: r.kind) }
    }

    /// All decrypted events, in sequence order.
    /// - Throws: see `events(deployment:_:)`.
    public func allEvents(deployment: DeploymentID? = nil) throws(LedgerError) -> [(record: Record, event: Event)] {
        var out: [(Record, Event)] = []
        try events(deployment: deployment) { (r, e) throws(LedgerError) in out.append((r, e)) }
        return out
    }

    /// Verifies the whole log: without keys when the ledger is locked, with them otherwise.
    /// `progress` is called after each batch with the records done and the total.
    /// - Throws: `LedgerError` only when the file cannot be read; damage is reported as findings.
    public func verify(progress: (Int, Int) -> Void = { _, _ in }) throws(LedgerError) -> VerifyReport {
        let total = try count()
        let verifier = ChainVerifier(ledger: id, keys: keys)
        let schema = SchemaCheck.findings(actual: try store.schemaObjects(), expected: try EventStore.canonicalSchema())
        if keys == nil { return try verifyKeyless(verifier, total: total, progress: progress).adding(schema) }
        // A two-stage pipeline: this thread reads batch n+1 while a serial queue checks
        // batch n (hashing it on two threads); at most two batches are in flight.
        let checker = DispatchQueue(label: "ledger.verify")
        let inFlight = DispatchSemaphore(value: 2)
        var submitted = 0
        try store.scan(batchSize: 2048) { (batch) throws(LedgerError) in
            inFlight.wait()
            checker.async {
                verifier.add(batch)
                inFlight.signal()
            }
            submitted += batch.count
            progress(submitted, total)
        }
        checker.sync {}
        return verifier.finish().adding(schema)
    }
}

/// The real clock (UTC, millisecond precision).
public struct SystemClock: LedgerClock {
    /// Creates the system clock.
    public init() {}
    /// Now, truncated to milliseconds.
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}

extension LedgerFile {
    /// Every stored record as stored (no key needed, nothing checked).
    /// - Throws: `LedgerError` when the file cannot be read.
    public func allRecords() throws(LedgerError) -> [Record] {
        var out: [Record] = []
        try store.scan { (batch) throws(LedgerError) in out += batch }
        return out
    }
}

extension LedgerFile {
    /// Keyless verify on both cores: the log is split at the middle sequence number, each half
    /// is read and hashed on its own thread and connection, then the halves are judged in order.
    func verifyKeyless(_ verifier: ChainVerifier, total: Int, progress: (Int, Int) -> Void) throws(LedgerError) -> VerifyReport {
        let top = try store.head()?.seq ?? 0
        let mid = top / 2
        let counter = Atomic<Int>(0)
        let path = self.path, ledger = id
        nonisolated(unsafe) var upper: Result<[RowDigest], LedgerError> = .success([])
        let done = DispatchSemaphore(value: 0)
        let worker = Thread {
            do { upper = .success(try EventStore.digests(path: path, ledger: ledger, seq: mid + 1, through: .max, counter: counter)) }
            catch let e as LedgerError { upper = .failure(e) } catch { upper = .failure(LedgerError(.failure, "\(error)")) }
            done.signal()
        }
        worker.start()
        let lower = try EventStore.digests(path: path, ledger: ledger, seq: .min, through: mid, counter: counter)
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut { progress(counter.load(ordering: .relaxed), total) }
        verifier.add(digests: lower)
        verifier.add(digests: try upper.get())
        progress(total, total)
        return verifier.finish()
    }
}
