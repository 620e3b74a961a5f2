import Foundation
import LedgerCore
import Synchronization

/// Passes one output stream of a child process through to ours while hashing it and
/// keeping its first bytes (when output is recorded).
final class StreamTap: Sendable {
    private struct State: ~Copyable {
        var hash = SHA256()
        var size: Int64 = 0
        var kept: [UInt8] = []
        var truncated = false
    }

    private let state = Mutex(State())
    private let sink: FileHandle
    private let keep: Int
    private let done = DispatchSemaphore(value: 0)

    /// Taps `pipe`, echoing to `sink` and keeping up to `keep` bytes.
    init(_ pipe: Pipe, echo sink: FileHandle, keep: Int) {
        self.sink = sink
        self.keep = keep
        pipe.fileHandleForReading.readabilityHandler = { [self] h in
            let data = h.availableData
            if data.isEmpty {
                h.readabilityHandler = nil
                done.signal()
                return
            }
            sink.write(data)
            absorb(data)
        }
    }

    private func absorb(_ data: Data) {
        state.withLock { s in
            data.withUnsafeBytes { s.hash.update($0) }
            s.size += Int64(data.count)
            let room = keep - s.kept.count
            if room > 0 { s.kept += data.prefix(room) }
            if data.count > max(room, 0) { s.truncated = true }
        }
    }

    /// Waits for end of file and returns the stream's digest.
    func finish(recordContent: Bool) -> DeploymentEvents.Output {
        done.wait()
        return state.withLock { s in
            var h = SHA256()
            swap(&h, &s.hash)
            return DeploymentEvents.Output(size: s.size, sha256: Hex.encode(h.finalize()),
                                           content: recordContent ? s.kept : nil, truncated: recordContent && s.truncated)
        }
    }
}
