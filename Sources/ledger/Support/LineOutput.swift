import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output written in blocks with write(2), for output that may go to a pager or
/// `head`: when the reader has gone (EPIPE: the pager quit with q), `readerGone` turns true
/// and writing throws `LineOutput.gone`, which the command ends on quietly, exit 0. SIGPIPE
/// is ignored from the moment one exists, so the process is not killed instead.
final class LineOutput {
    private var buffer: [UInt8] = []
    /// True once a write found no reader.
    private(set) var readerGone = false

    /// What writing throws once the reader has gone (never shown: see `readerGone`).
    static let gone = LedgerError(.failure, "standard output was closed by its reader")

    init() { signal(SIGPIPE, SIG_IGN) }

    /// Adds `text` and a line break; writes when 64 KiB are waiting.
    /// - Throws: `LineOutput.gone`, or `LedgerError` (`.failure`) when standard output fails.
    func line(_ text: String) throws(LedgerError) {
        buffer += text.utf8
        buffer.append(10)
        if buffer.count >= 65_536 { try flush() }
    }

    /// Writes what is waiting.
    /// - Throws: see `line(_:)`.
    func flush() throws(LedgerError) {
        defer { buffer.removeAll(keepingCapacity: true) }
        let e = buffer.withUnsafeBytes { Libc.writeAll(STDOUT_FILENO, $0) }
        if e == 0 { return }
        if e == EPIPE {
            readerGone = true
            throw Self.gone
        }
        throw LedgerError(.failure, "cannot write to standard output: \(Libc.errorText(e))", hint: "check where the output goes (disk space, the device)")
    }
}
