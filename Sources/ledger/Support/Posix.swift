import LedgerStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: its `errno`.
struct PosixError: Error {
    /// The `errno` value.
    let code: Int32
    /// `strerror(code)`.
    var text: String { Libc.errorText(code) }

    /// The calling thread's current `errno`.
    static var current: PosixError { PosixError(code: Libc.errno) }
}

/// An open file descriptor, closed when released (unless it is one of the standard three).
/// The CLI's stand-in for Foundation's `FileHandle` (it links FoundationEssentials only;
/// docs/decisions/0020).
final class Descriptor: Sendable {
    /// The descriptor.
    let fd: Int32
    private let open = Atomic(true)

    init(_ fd: Int32) { self.fd = fd }

    deinit { if open.load(ordering: .relaxed), fd > 2 { _ = Libc.close(fd) } }

    /// Standard input, output and error.
    static let standardInput = Descriptor(STDIN_FILENO)
    static let standardOutput = Descriptor(STDOUT_FILENO)
    static let standardError = Descriptor(STDERR_FILENO)

    /// Opens `path` with `flags` (`O_RDONLY`, `O_RDWR`…).
    /// - Throws: `PosixError`.
    static func open(_ path: String, _ flags: Int32) throws(PosixError) -> Descriptor {
        let fd = Libc.open(path, flags | O_CLOEXEC)
        guard fd >= 0 else { throw .current }
        return Descriptor(fd)
    }

    /// Writes all of `bytes`, retrying short and interrupted writes.
    /// - Throws: `PosixError`.
    func write(_ bytes: some Collection<UInt8>) throws(PosixError) {
        let code = Array(bytes).withUnsafeBytes { Libc.writeAll(fd, $0) }
        guard code == 0 else { throw PosixError(code: code) }
    }

    /// Writes `text` as UTF-8, ignoring a failure (a closed terminal or pipe).
    func write(_ text: String) { try? write(text.utf8) }

    /// Up to `count` bytes; empty at end of file.
    /// - Throws: `PosixError`.
    func read(upTo count: Int) throws(PosixError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let n = buffer.withUnsafeMutableBytes { Libc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, Libc.errno == EINTR { continue }
            guard n >= 0 else { throw .current }
            return Array(buffer[0..<n])
        }
    }

    /// `fsync(2)`.
    /// - Throws: `PosixError`.
    func synchronize() throws(PosixError) {
        guard fsync(fd) == 0 else { throw .current }
    }

    /// Closes the descriptor (once).
    /// - Throws: `PosixError` when `close(2)` reports a failed write-back.
    func close() throws(PosixError) {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        guard Libc.close(fd) == 0 else { throw .current }
    }
}

/// Path names as Foundation's `NSString` path methods treat them.
enum PathName {
    /// `folder/name` (`appendingPathComponent`): one slash between, none doubled.
    static func join(_ folder: String, _ name: String) -> String {
        guard !folder.isEmpty else { return name }
        var base = Substring(folder)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        return base == "/" ? "/" + name : base + "/" + name
    }

    /// The path without its last component (`deletingLastPathComponent`): `/a/b` → `/a`,
    /// `/a` → `/`, `a` → empty.
    static func folder(_ path: String) -> String {
        let trimmed = trailingSlashesRemoved(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trailingSlashesRemoved(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last component (`lastPathComponent`): `/a/b/` → `b`, `/` → `/`.
    static func last(_ path: String) -> String {
        let trimmed = trailingSlashesRemoved(path)
        guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `.` components and doubled slashes removed, `..` applied to what precedes it
    /// (`standardizingPath`, without the file system).
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? path : joined)
    }

    private static func trailingSlashesRemoved(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }
}

/// Numbers as `printf` writes them (Foundation's `String(format:)` without Foundation).
enum Printf {
    /// `x` with `places` digits after the point (`%.Nf`), rounded as printf rounds.
    static func fixed(_ x: Double, places: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList([x]) { args in vsnprintf(&buffer, buffer.count, "%.\(places)f", args) }
        guard n > 0 else { return "\(x)" }
        return String(decoding: buffer[0..<min(Int(n), buffer.count - 1)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
