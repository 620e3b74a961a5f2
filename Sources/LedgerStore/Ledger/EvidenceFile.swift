import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file offered as evidence: its name, size and SHA-256, and its content when it is to be
/// embedded (encrypted into the log) and no larger than `ChecklistEvents.maxEmbeddedEvidence`.
public struct EvidenceFile: Sendable {
    /// The file's name without directories.
    public let name: String
    /// Its size in bytes.
    public let size: Int
    /// Its SHA-256.
    public let sha256: [UInt8]
    /// Its bytes, when embedded.
    public let content: [UInt8]?

    /// Reads and hashes the file at `path` (streaming, so any size works without `embed`).
    /// - Throws: `LedgerError` when it cannot be read, or is too large to embed.
    public init(path: String, embed: Bool) throws(LedgerError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LedgerError(.failure, "cannot read evidence file '\(path)': \(String(cString: strerror(errno)))", hint: "check the path")
        }
        defer { close(fd) }
        var hash = SHA256()
        var kept: [UInt8] = []
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n >= 0 else { throw LedgerError(.failure, "cannot read evidence file '\(path)': \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += n
            if embed {
                guard total <= ChecklistEvents.maxEmbeddedEvidence else {
                    throw LedgerError(
                        .usage, "'\(path)' is larger than the 1 MiB that can be embedded",
                        .evidenceTooLarge(path: path), remedy: .attachWithoutEmbedding)
                }
                kept += buffer[0..<n]
            }
        }
        name = String(path.split(separator: "/").last ?? Substring(path))
        size = total
        sha256 = hash.finalize()
        content = embed ? kept : nil
    }
}
