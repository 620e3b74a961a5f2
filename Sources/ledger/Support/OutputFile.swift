import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes command output to standard output, or atomically to a file (a temporary file
/// beside it, created 0600, then moved into place), so a reader never sees half an export
/// and no one else can read what was decrypted. Check the path with `OutputGuard` first.
enum OutputFile {
    /// - Parameter replace: whether an existing file at `path` is replaced (`--force`);
    ///   without it the file is linked into place and an existing one is left untouched.
    /// - Throws: `LedgerError` when the file cannot be written; the old file is then untouched.
    static func write(_ bytes: [UInt8], to path: String?, replace: Bool = false) throws(LedgerError) {
        guard let path else { return (try? Descriptor.standardOutput.write(bytes)) ?? () }
        let temp = try writeTemporary(bytes, beside: path)
        try place(temp, at: path, replace: replace)
    }

    /// Writes `bytes` to a new temporary file beside `path` and returns its name.
    /// - Throws: `LedgerError` naming `path`; nothing is left behind.
    static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(LedgerError) -> String {
        let (handle, temp) = try openTemporary(beside: path)
        try complete(handle, temp, for: path) { () throws(PosixError) in try handle.write(bytes) }
        return temp
    }

    /// Ends writing the temporary file `temp` (open as `handle`) for `path`: `last` (the
    /// writes still to do, or a failure met before), then sync and close.
    /// - Throws: `LedgerError` naming `path` when any of it fails; `temp` is then removed.
    static func complete(_ handle: Descriptor, _ temp: String, for path: String, _ last: () throws(PosixError) -> Void) throws(LedgerError) {
        do throws(PosixError) {
            try last()
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temp)
            throw LedgerError(.failure, "cannot write '\(path)': \(error.text)", hint: "check the disk and the directory")
        }
    }

    /// A new temporary file beside `path` (`TemporaryFile`: mode 0600, a fresh name).
    /// - Throws: `LedgerError` naming `path` when it cannot be created.
    static func openTemporary(beside path: String) throws(LedgerError) -> (Descriptor, String) {
        let (fd, temp) = try TemporaryFile.create(beside: path)
        return (Descriptor(fd), temp)
    }

    /// Moves the complete file `temp` to `path`: renamed over it with `replace`, else linked,
    /// so that a file that appeared at `path` meanwhile is not replaced. `temp` is gone after.
    /// - Throws: `LedgerError` naming `path`.
    static func place(_ temp: String, at path: String, replace: Bool) throws(LedgerError) {
        if replace {
            guard rename(temp, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temp)
                throw LedgerError(.failure, "cannot write '\(path)': \(reason)", hint: "check the directory is writable")
            }
            return
        }
        defer { unlink(temp) }
        if link(temp, path) == 0 { return }
        let failure = errno
        var existing = stat()
        if failure == EPERM || failure == EOPNOTSUPP, lstat(path, &existing) != 0 {
            // No hard links on this file system (FAT, some network ones), and nothing at `path`.
            guard rename(temp, path) == 0 else {
                throw LedgerError(.failure, "cannot write '\(path)': \(String(cString: strerror(errno)))", hint: "check the directory is writable")
            }
            return
        }
        if failure == EEXIST {
            throw LedgerError(.usage, "'\(path)' exists; nothing was written", hint: "choose another file, or pass --force to replace it")
        }
        throw LedgerError(.failure, "cannot write '\(path)': \(String(cString: strerror(failure)))", hint: "check the directory is writable")
    }
}
