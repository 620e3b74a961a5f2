import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing key files: complete or not at all, never over an existing file, mode 0600.
public enum KeyFiles {
    /// Writes `text` to a new file `path` (mode 0600).
    /// - Throws: `LedgerError` when `path` exists or cannot be written; nothing is left behind.
    public static func writeNew(_ text: String, to path: String) throws(LedgerError) {
        let temp = try FileSystem.temporarySibling(of: path)
        let fd = open(temp, O_WRONLY | O_CLOEXEC)
        let bytes = Array(text.utf8)
        let written = fd >= 0 ? bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) } : -1
        let synced = fd >= 0 && fsync(fd) == 0
        if fd >= 0 { close(fd) }
        guard written == bytes.count, synced else {
            unlink(temp)
            throw FileSystem.errno("write", path)
        }
        do { try FileSystem.linkNew(temp, to: path) } catch {
            unlink(temp)
            throw error
        }
        unlink(temp)
    }

    /// Reads a whole small file as text.
    /// - Throws: `LedgerError` naming the file.
    public static func read(_ path: String) throws(LedgerError) -> String {
        guard let f = fopen(path, "r") else { throw FileSystem.errno("read", path) }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
