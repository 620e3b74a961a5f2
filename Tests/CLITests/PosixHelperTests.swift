import Foundation
import Testing

@testable import ledger

/// The CLI's stand-ins for Foundation (decision 0020) say what Foundation said.
@Suite struct PosixHelperTests {
    /// NSString's documented examples (deletingLastPathComponent, lastPathComponent,
    /// appendingPathComponent), written out: swift-corelibs-foundation 6.3 traps in
    /// `deletingLastPathComponent` on a path without a slash, so it cannot be the reference.
    @Test("PathName.folder, last and join follow NSString's path rules")
    func pathNames() {
        let folders: [(String, String)] = [
            ("/tmp/scratch.tiff", "/tmp"), ("/tmp/lock/", "/tmp"), ("/tmp/", "/"), ("/tmp", "/"), ("/", "/"),
            ("scratch.tiff", ""), ("a/b", "a"), ("a//b", "a"), ("", ""),
        ]
        for (path, folder) in folders { #expect(PathName.folder(path) == folder, "folder of '\(path)'") }
        let lasts: [(String, String)] = [
            ("/tmp/scratch.tiff", "scratch.tiff"), ("/tmp/scratch", "scratch"), ("/tmp/", "tmp"), ("scratch///", "scratch"),
            ("/", "/"), ("", ""),
        ]
        for (path, last) in lasts { #expect(PathName.last(path) == last, "last of '\(path)'") }
        let joins: [(String, String)] = [("/tmp", "/tmp/f"), ("/tmp/", "/tmp/f"), ("/", "/f"), ("", "f"), ("out", "out/f"), ("out//", "out/f")]
        for (folder, joined) in joins { #expect(PathName.join(folder, "f") == joined, "join '\(folder)'") }
        #expect(PathName.standardized("/a/./b/../c//d/") == "/a/c/d")
        #expect(PathName.standardized("a/b/..") == "a")
    }

    @Test("Printf.fixed writes %.1f as String(format:) does, ties and all")
    func oneDecimal() {
        for ms in [0, 1, 49, 50, 51, 149, 150, 250, 1050, 1250, 12_345, 99_950, 3_600_000] {
            let x = Double(ms) / 1000
            #expect(Printf.fixed(x, places: 1) == String(format: "%.1f", x), "\(ms) ms")
        }
        #expect(Printf.fixed(2.5, places: 0) == "2")
    }

    @Test("a Descriptor's failed write is an error with its errno, not lost (a full disk is /dev/full)")
    func failedWritesThrow() throws {
        let full = try Descriptor.open("/dev/full", O_WRONLY)
        #expect(throws: PosixError.self) { try full.write(Array("timeline".utf8)) }
        do { try full.write([1]) } catch { #expect(error.code == ENOSPC && error.text == String(cString: strerror(ENOSPC))) }
        #expect(throws: PosixError.self) { try Descriptor.open("/nonexistent/x", O_RDONLY) }
    }
}
