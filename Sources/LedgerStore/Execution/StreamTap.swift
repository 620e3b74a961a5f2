import Dispatch
import FoundationEssentials
import LedgerCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    private let keep: Int
    private let done = DispatchSemaphore(value: 0)

    /// Taps the pipe read end `fd` (owned: closed at end of file) on a thread of its own
    /// (blocking reads until end of file), echoing to the file descriptor `echo` and keeping
    /// up to `keep` bytes.
    ///
    /// When no thread can be started (the system is out of them), the pipe is closed at once
    /// (the command's writes fail rather than block), `finish` does not wait, and standard
    /// error says the output was not recorded.
    init(fd: Int32, echo: Int32, keep: Int) {
        self.keep = keep
        let started = Threads.detach { [self] in
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { Libc.read(fd, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                buffer.withUnsafeBytes { b in Libc.writeAll(echo, UnsafeRawBufferPointer(rebasing: b[0..<n])) }
                absorb(Data(buffer[0..<n]))
            }
            done.signal()
        }
        if !started {
            _ = Libc.close(fd)
            ChildProcess.report("ledger: warning: cannot start a thread to read the command's output; it is not recorded\n")
            done.signal()
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
            return DeploymentEvents.Output(
                size: s.size, sha256: Hex.encode(h.finalize()),
                content: recordContent ? s.kept : nil, truncated: recordContent && s.truncated)
        }
    }
}
