#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// The few file operations storage needs, with errors that name the file.
enum FileSystem {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func errno(_ what: String, _ path: String) -> LedgerError {
        LedgerError(.failure, "cannot \(what) '\(path)': \(String(cString: strerror(Glibc.errno)))")
    }

    /// A fresh name beside `path` for building a file before linking it into place; the
    /// file is created empty with mode 0600.
    static func temporarySibling(of path: String) throws(LedgerError) -> String {
        var template = Array("\(path).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw errno("create a file beside", path) }
        fchmod(fd, 0o600)
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Makes `path` name the file `temp` names, failing if `path` already exists.
    static func linkNew(_ temp: String, to path: String) throws(LedgerError) {
        guard link(temp, path) == 0 else {
            if Glibc.errno == EEXIST {
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
