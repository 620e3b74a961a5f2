import Foundation
import LedgerCore
import LedgerStore

/// Writes command output to standard output, or atomically to a file (a temporary file
/// beside it, created 0600, then a rename), so a reader never sees half an export and no
/// one else can read what was decrypted.
enum OutputFile {
    /// - Throws: `LedgerError` when the file cannot be written; the old file is then untouched.
    static func write(_ bytes: [UInt8], to path: String?) throws(LedgerError) {
        guard let path else { return FileHandle.standardOutput.write(Data(bytes)) }
        let (handle, temp) = try openTemporary(beside: path)
        handle.write(Data(bytes))
        try? handle.synchronize()
        try? handle.close()
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw LedgerError(.failure, "cannot write '\(path)': \(String(cString: strerror(errno)))", hint: "check the directory is writable")
        }
    }

    /// A new temporary file beside `path` (`TemporaryFile`: mode 0600, a fresh name).
    /// - Throws: `LedgerError` naming `path` when it cannot be created.
    static func openTemporary(beside path: String) throws(LedgerError) -> (FileHandle, String) {
        let (fd, temp) = try TemporaryFile.create(beside: path)
        return (FileHandle(fileDescriptor: fd, closeOnDealloc: true), temp)
    }

    /// Refuses an output path that is the ledger file itself (or its WAL or shared-memory file).
    /// - Throws: `LedgerError` (`.usage`) when it is.
    static func refuseLedger(_ output: String?, ledger: String) throws(LedgerError) {
        guard let output else { return }
        var o = stat()
        guard stat(output, &o) == 0 else { return }
        for candidate in [ledger, ledger + "-wal", ledger + "-shm"] {
            var l = stat()
            if stat(candidate, &l) == 0, l.st_dev == o.st_dev, l.st_ino == o.st_ino {
                throw LedgerError(.usage, "'\(output)' is the ledger's own file; writing there would destroy the ledger",
                                  hint: "choose another --output")
            }
        }
    }
}
