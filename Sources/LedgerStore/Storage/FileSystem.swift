import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file beside another, for writing a file completely before it takes its place.
public enum TemporaryFile {
    /// Creates an empty file `PATH.tmp-XXXXXX` (mode 0600, a fresh name, never an existing
    /// file) and returns its open descriptor and its name.
    /// - Throws: `LedgerError` naming `path` when the directory does not allow it.
    public static func create(beside path: String) throws(LedgerError) -> (descriptor: Int32, path: String) {
        var template = Array("\(path).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileSystem.errno("create a file beside", path) }
        fchmod(fd, 0o600)
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

/// The few file operations storage needs, with errors that name the file.
enum FileSystem {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func errno(_ what: String, _ path: String) -> LedgerError {
        LedgerError(.failure, "cannot \(what) '\(path)': \(String(cString: strerror(Libc.errno)))")
    }

    /// A fresh name beside `path` for building a file before linking it into place; the
    /// file is created empty with mode 0600.
    static func temporarySibling(of path: String) throws(LedgerError) -> String {
        let (fd, name) = try TemporaryFile.create(beside: path)
        close(fd)
        return name
    }

    /// Makes `path` name the file `temp` names, failing if `path` already exists.
    static func linkNew(_ temp: String, to path: String) throws(LedgerError) {
        guard link(temp, path) == 0 else {
            if Libc.errno == EEXIST {
                throw LedgerError(.failure, "'\(path)' already exists", hint: "choose another file; ledger never overwrites one")
            }
            throw errno("create", path)
        }
    }

    /// Removes a database file and its journal files.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
