import Foundation
import LedgerCore
import LedgerStore
import TestSupport
import Testing

/// The package builds on macOS as Package.swift says (docs/decisions/0013-portable-and-tidy.md),
/// which cannot be tried here: these tests catch, on Linux, the code that would not compile there.
@Suite struct PortabilityTests {
    /// Names only Glibc (or only Linux) has, and what to use instead.
    static let linuxOnly: [(pattern: String, instead: String)] = [
        ("import Glibc", "#if canImport(Glibc) import Glibc #elseif canImport(Darwin) import Darwin #endif"),
        ("Glibc.", "Libc (Sources/LedgerStore/Platform/Libc.swift)"),
        ("st_mtim.", "Libc.changeTimes"), ("st_ctim.", "Libc.changeTimes"), ("st_atim.", "#if os(Linux)"),
        ("prctl(", "CProcess"), ("pipe2(", "pipe + fcntl"), ("F_OFD_", "#if os(Linux)"),
        ("MADV_WIPEONFORK", "#if os(Linux)"), ("sched_getaffinity", "#if os(Linux)"),
        ("get_nprocs", "ProcessInfo.activeProcessorCount"), ("O_TMPFILE", "#if os(Linux)"), ("O_PATH", "#if os(Linux)"),
        ("__sighandler_t", "Libc.signal"), ("sighandler_t", "Libc.signal"),
    ]

    /// The same for the C targets (Linux-only under `#ifdef __linux__`).
    static let linuxOnlyC: [(pattern: String, instead: String)] = [
        ("<sys/prctl.h>", "#ifdef __linux__"), ("prctl(", "#ifdef __linux__"), ("SYS_clone", "#ifdef __linux__"),
        ("SYS_getdents64", "#ifdef __linux__"), ("pipe2(", "#ifdef __linux__"), ("sigwaitinfo(", "#ifdef __linux__"),
        ("\"/proc", "#ifdef __linux__"),
    ]

    /// One use of a Linux-only name outside a Linux-only `#if` block.
    struct Finding: CustomStringConvertible {
        let file: String
        let line: Int
        let name: String
        let instead: String
        var description: String { "\(file):\(line): \(name) outside #if canImport(Glibc) / #if os(Linux) (use \(instead))" }
    }

    /// The uses of Linux-only names in `text` outside a block of `#if canImport(Glibc)` or
    /// `#if os(Linux)` (the `#else` of such a block counts as outside).
    static func findings(in text: String, file: String) -> [Finding] {
        findings(in: text, file: file, names: file.hasSuffix(".c") ? linuxOnlyC : linuxOnly)
    }

    /// The uses of `names` in `text` outside Linux-only blocks.
    static func findings(in text: String, file: String, names: [(pattern: String, instead: String)]) -> [Finding] {
        var guarded: [Bool] = []  // one entry per open #if: is the current branch Linux-only?
        var out: [Finding] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#if") {
                guarded.append(isLinuxCondition(line))
            } else if line.hasPrefix("#elseif "), !guarded.isEmpty {
                guarded[guarded.count - 1] = isLinuxCondition(line)
            } else if line.hasPrefix("#else"), !guarded.isEmpty {
                guarded[guarded.count - 1] = false
            } else if line.hasPrefix("#endif"), !guarded.isEmpty {
                guarded.removeLast()
            } else if !guarded.contains(true), !line.hasPrefix("//") {
                let code = line.components(separatedBy: "//").first ?? line
                for (name, instead) in names where code.contains(name) {
                    out.append(Finding(file: file, line: index + 1, name: name, instead: instead))
                }
            }
        }
        return out
    }

    /// True for a condition that holds only on Linux (Glibc): `#if canImport(Glibc)`,
    /// `#if os(Linux)`, `#ifdef __linux__`, `#if defined(__linux__)`.
    static func isLinuxCondition(_ line: String) -> Bool {
        let condition = line.replacingOccurrences(of: " ", with: "")
        let linux = ["canImport(Glibc)", "os(Linux)", "__linux__"].contains { condition.contains($0) }
        return linux && !condition.hasPrefix("#ifndef") && !condition.contains("!") && !condition.contains("||")
    }

    /// Every Swift and C file under Sources, relative to the repository.
    static func sourceFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: Repository.path("Sources"))
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            if next.hasSuffix(".swift") || next.hasSuffix(".c") || next.hasSuffix(".h") { files.append("Sources/" + next) }
        }
        return files.sorted()
    }

    @Test("no Glibc name and no Linux-only call outside a Linux-only #if, in any file under Sources")
    func sourcesBuildOffLinux() throws {
        let files = Self.sourceFiles()
        #expect(files.count > 50, "the scan found the sources")
        #expect(files.contains("Sources/CProcess/cprocess.c"))
        var all: [Finding] = []
        for file in files {
            let text = try String(contentsOfFile: Repository.path(file), encoding: .utf8)
            all += Self.findings(in: text, file: file)
        }
        #expect(all.isEmpty, "\(all.map(\.description).joined(separator: "\n"))")
    }

    @Test("no file under Sources imports the whole of Foundation, only FoundationEssentials (decision 0020)")
    func noModuleImportsFoundation() throws {
        var found: [String] = []
        for file in Self.sourceFiles() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: Repository.path(file), encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let words = line.split(separator: " ")
                if words.first == "import" || words.first == "@_exported", words.contains(where: { $0 == "Foundation" || $0.hasPrefix("Foundation.") }) {
                    found.append("\(file):\(i + 1): \(line)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test("the scan names the file and line of an unguarded Glibc use, and accepts a guarded one")
    func scanFindsUnguardedUses() {
        let text = """
            #if canImport(Glibc)
            import Glibc
            #elseif canImport(Darwin)
            import Darwin
            #endif
            let n = Glibc.read(fd, p, 1)  // here
            #if os(Linux)
            let t = s.st_mtim.tv_sec
            #else
            let u = s.st_mtim.tv_sec
            #endif
            """
        let found = Self.findings(in: text, file: "Sources/X.swift")
        #expect(
            found.map(\.description) == [
                "Sources/X.swift:6: Glibc. outside #if canImport(Glibc) / #if os(Linux) (use Libc (Sources/LedgerStore/Platform/Libc.swift))",
                "Sources/X.swift:10: st_mtim. outside #if canImport(Glibc) / #if os(Linux) (use Libc.changeTimes)",
            ])
    }

    @Test("the scan of C code accepts Linux calls under #ifdef __linux__ only")
    func scanOfC() {
        let text = """
            #ifndef X_H
            #ifdef __linux__
            #include <sys/prctl.h>
            #else
            int y = prctl(PR_SET_DUMPABLE, 0);
            #endif
            #endif
            """
        #expect(Self.findings(in: text, file: "Sources/X/x.c").map(\.line) == [5])
    }

    @Test("commands can be supervised on Linux; elsewhere running one is a failure (exit 1) naming Linux")
    func runNeedsLinux() {
        #if os(Linux)
        #expect(Supervision.isAvailable)
        #expect(throws: Never.self) { try Supervision.require() }
        #else
        #expect(!Supervision.isAvailable)
        #endif
        #expect(Supervision.unavailable.category.exitCode == 1)
        #expect(Supervision.unavailable.message.contains("only on Linux"))
    }
}
