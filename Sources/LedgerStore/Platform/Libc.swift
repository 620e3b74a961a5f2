#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library calls whose Swift names differ between Linux (Glibc) and macOS (Darwin), in
/// one place: callers write `Libc.read`, never `Glibc.read`, so the package builds on both
/// (docs/decisions/0013-portable-and-tidy.md). `PortabilityTests` fails on a Glibc name used
/// outside `#if canImport(Glibc)` / `#if os(Linux)`.
package enum Libc {
    /// `read(2)`: bytes read, 0 at end of file, -1 with `errno` set.
    package static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }

    /// `write(2)`: bytes written, or -1 with `errno` set.
    package static func write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    /// Writes all of `bytes` to `fd`, retrying short and interrupted writes.
    /// - Returns: 0, or the `errno` of the write that failed (`EIO` for one that wrote nothing).
    @discardableResult
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var off = 0
        while off < bytes.count {
            let n = write(fd, bytes.baseAddress.map { $0 + off }, bytes.count - off)
            if n < 0, errno == EINTR { continue }
            if n < 0 { return errno }
            if n == 0 { return EIO }
            off += n
        }
        return 0
    }

    /// `open(2)` without creating: a descriptor, or -1 with `errno` set.
    package static func open(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags)
        #else
        Darwin.open(path, flags)
        #endif
    }

    /// `open(2)` with a mode for a file it may create.
    package static func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #else
        Darwin.open(path, flags, mode)
        #endif
    }

    /// `close(2)`.
    @discardableResult
    package static func close(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }

    /// What a process does with a signal.
    package enum SignalDisposition: Sendable {
        /// `SIG_IGN`.
        case ignore
        /// `SIG_DFL`.
        case standard
    }

    /// `signal(2)` with `SIG_IGN` or `SIG_DFL` (the only dispositions the package sets by hand).
    package static func signal(_ sig: Int32, _ disposition: SignalDisposition) {
        #if canImport(Glibc)
        _ = Glibc.signal(sig, disposition == .ignore ? SIG_IGN : SIG_DFL)
        #else
        _ = Darwin.signal(sig, disposition == .ignore ? SIG_IGN : SIG_DFL)
        #endif
    }

    /// The calling thread's `errno`.
    package static var errno: Int32 {
        #if canImport(Glibc)
        Glibc.errno
        #else
        Darwin.errno
        #endif
    }

    /// `strerror(code)` as a string.
    package static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// `exit(3)`.
    package static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    /// The process's environment block (`environ`; `_NSGetEnviron()` on macOS), NULL-terminated.
    package static var environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        #if canImport(Glibc)
        Glibc.environ
        #else
        _NSGetEnviron()?.pointee
        #endif
    }

    /// Modification and status-change times of a `stat` result: seconds and nanoseconds of
    /// each (`st_mtim`/`st_ctim` on Linux, `st_mtimespec`/`st_ctimespec` on macOS).
    package static func changeTimes(_ s: stat) -> [Int] {
        #if canImport(Glibc)
        [s.st_mtim.tv_sec, s.st_mtim.tv_nsec, s.st_ctim.tv_sec, s.st_ctim.tv_nsec]
        #else
        [s.st_mtimespec.tv_sec, s.st_mtimespec.tv_nsec, s.st_ctimespec.tv_sec, s.st_ctimespec.tv_nsec]
        #endif
    }
}
