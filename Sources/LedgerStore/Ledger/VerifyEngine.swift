#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization
import LedgerCore

extension LedgerFile {
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
