import Dispatch
import LedgerCore
import Synchronization

/// The parallel parts of a batch append.
enum BatchSealing {
    /// Records sealed per hand-over between the sealing thread and the inserting one.
    static let chunk = 256

    /// Every event's canonical payload, encoded on two threads for large batches.
    static func payloads(_ events: [Event], format: LedgerFormat) -> [[UInt8]] {
        // A small batch (a tick, a note) is encoded here: no thread pool to wake for it.
        guard events.count >= 512 else { return events.map { $0.payload(format: format) } }
        var out = [[UInt8]](repeating: [], count: events.count)
        let parts = 2
        let size = (events.count + parts - 1) / parts
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                for i in (p * size)..<min(events.count, (p + 1) * size) { buffer[i] = events[i].payload(format: format) }
            }
        }
        return out
    }

    /// Seals records 0..<count on a background thread (each needs the previous one's hash)
    /// while the calling thread inserts finished chunks.
    /// - Throws: what `insert` throws; the sealing thread then stops early.
    static func pipeline(
        count: Int, insert: ([Record]) throws(LedgerError) -> Void,
        seal: @escaping @Sendable (_ index: Int, _ previousHash: [UInt8]?) -> Record
    ) throws(LedgerError) {
        if count <= chunk {
            var prev: [UInt8]?
            var records: [Record] = []
            for i in 0..<count { let r = seal(i, prev); prev = r.hash; records.append(r) }
            return try insert(records)
        }
        let channel = Channel()
        DispatchQueue.global().async {
            var prev: [UInt8]?
            var pending: [Record] = []
            for i in 0..<count {
                if channel.isCancelled { break }
                let r = seal(i, prev)
                prev = r.hash
                pending.append(r)
                if pending.count == chunk || i == count - 1 { channel.send(pending); pending = [] }
            }
            channel.close()
        }
        defer { channel.cancel(); channel.drain() }
        while let records = channel.receive() { try insert(records) }
    }

    /// A hand-over queue of record chunks between two threads.
    final class Channel: Sendable {
        private let state = Mutex<(items: [[Record]], closed: Bool, cancelled: Bool)>(([], false, false))
        private let available = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)

        var isCancelled: Bool { state.withLock { $0.cancelled } }
        func send(_ r: [Record]) { state.withLock { $0.items.append(r) }; available.signal() }
        func close() { state.withLock { $0.closed = true }; available.signal(); finished.signal() }
        func cancel() { state.withLock { $0.cancelled = true } }
        func drain() { finished.wait() }

        /// The next chunk, or nil once the sender has closed and everything was received.
        func receive() -> [Record]? {
            while true {
                available.wait()
                let next: [Record]?? = state.withLock { s in
                    if !s.items.isEmpty { return .some(s.items.removeFirst()) }
                    return s.closed ? .some(nil) : nil
                }
                if let next { return next }
            }
        }
    }
}
