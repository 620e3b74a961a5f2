import Foundation
import TestSupport
import Testing

/// What in a test or tool source would read a file outside the repository: an absolute path
/// into a work or home folder, the shared folder the fixtures came from, or a relative path
/// (`..` components, or `#filePath` walked up with `deletingLastPathComponent()`) that climbs
/// above the repository's root from the file's own folder.
enum OutsideReferences {
    static var absolute: Regex<AnyRegexOutput> { try! Regex(#"/(work|home|Users)/"#) }
    static var sharedFolder: Regex<AnyRegexOutput> { try! Regex(#"(\.\./|/|^|["'\s(])shared/(test-vectors|checklists|specs|notes)|PathComponent\("shared"\)"#) }
    /// A run of `..` components (`..`, `../..`, …) that is not part of `...` or `..<`.
    static var parentRun: Regex<AnyRegexOutput> { try! Regex(#"(?:^|[^\w.])(\.\.(?:/\.\.)*)(?=[/"'\s)]|$)"#) }

    /// The findings in `text`, the content of the file at `file` (relative to the root).
    static func findings(in text: String, file: String) -> [String] {
        let depth = file.split(separator: "/").count - 1
        let (absolute, sharedFolder, parentRun) = (absolute, sharedFolder, parentRun)  // compiled once per file
        var out: [String] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            if line.contains(absolute) { out.append("\(file):\(n + 1): an absolute path outside the repository") }
            if line.contains(sharedFolder) { out.append("\(file):\(n + 1): the shared folder; copy the file under Tests/Fixtures/") }
            for match in line.matches(of: parentRun) {
                let ups = match.output[1].substring.map { $0.split(separator: "/").count } ?? 0
                if ups > depth { out.append("\(file):\(n + 1): \(ups) '..' from a folder \(depth) below the root") }
            }
        }
        if text.contains("#filePath") {
            // #filePath names the file: the first deletion gives its folder, each further one climbs.
            let climbs = text.components(separatedBy: "deletingLastPathComponent()").count - 2
            if climbs > depth { out.append("\(file): #filePath climbs \(climbs) folders from a folder \(depth) below the root") }
        }
        return out
    }

    /// The sources under `Tests/` and `tools/` (Swift, Python, shell, and scripts without an
    /// extension), leaving out build folders and the fixture data itself.
    static func sources() -> [String] {
        var out: [String] = []
        for top in ["Tests", "tools"] {
            let base = Repository.path(top)
            guard let walk = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = walk.nextObject() as? String {
                let parts = relative.split(separator: "/")
                if parts.contains(where: { $0.hasPrefix(".build") || $0 == "__pycache__" || $0 == ".swiftpm" }) || relative.hasPrefix("Fixtures") {
                    walk.skipDescendants(); continue
                }
                let name = parts.last.map(String.init) ?? ""
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory)
                if isDirectory.boolValue { continue }
                if name.hasSuffix(".swift") || name.hasSuffix(".py") || name.hasSuffix(".sh") || !name.contains(".") {
                    out.append(top + "/" + relative)
                }
            }
        }
        return out.sorted()
    }
}

/// The tests stand alone: a clone of the repository, with nothing beside it, has every file
/// they read (docs/decisions and Tests/Fixtures/*/README.md say where the fixtures came from).
@Suite struct SelfContainedTests {
    /// This file holds the planted references below, so the scan leaves it out.
    static let thisFile = "Tests/LedgerCoreTests/Docs/SelfContainedTests.swift"

    @Test func noTestOrToolReadsOutsideTheRepository() throws {
        let files = OutsideReferences.sources()
        #expect(files.contains("Tests/TestSupport/Repository.swift") && files.contains(Self.thisFile))
        #expect(files.contains("tools/test") && files.contains("tools/bench/Package.swift"))
        #expect(files.count > 40, "only \(files.count) sources found under Tests/ and tools/")
        var findings: [String] = []
        for file in files where file != Self.thisFile {
            let text = try String(contentsOf: Repository.url(file), encoding: .utf8)
            findings += OutsideReferences.findings(in: text, file: file)
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test func plantedReferencesAreFound() {
        // Built from pieces, so that this file names no path outside the repository itself.
        let up = "../../../" + "sha" + "red", machine = "/wo" + "rk/" + "sha" + "red"
        let planted = [
            #"let u = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(""# + up + #"/checklists/corpus/api-security.md")"#,
            #"let v = try Data(contentsOf: URL(fileURLWithPath: ""# + machine + #"/test-vectors/wycheproof/ed25519_test.json"))"#,
            #"let w = root.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent("checklists")"#,
            #"let x = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()"#,
            #"let y = "../../../outside.json""#,
            #"cd "$(dirname "$0")/../.." && cat ../"# + "sha" + "red" + "/notes/machine-facts.md",
        ]
        for line in planted {
            #expect(!OutsideReferences.findings(in: line, file: "Tests/CLITests/Planted.swift").isEmpty, "\(line)")
        }
    }

    @Test func referencesInsideTheRepositoryPass() {
        let fine = [
            #"let s = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schema")"#,
            #"for i in 0..<n { _ = ("a"..."z").contains(c) }"#,
            #"let t = Repository.fixture("test-vectors/wycheproof/ed25519_test.json")"#,
            #"/// The shared sign-off fixture (Tests/Fixtures/release-checklist.md)"#,
        ]
        for line in fine {
            #expect(OutsideReferences.findings(in: line, file: "Tests/CLITests/Fine.swift").isEmpty, "\(line)")
        }
        #expect(OutsideReferences.findings(in: #".package(name: "ledger", path: "../..")"#, file: "tools/bench/Package.swift").isEmpty)
        #expect(!OutsideReferences.findings(in: #".package(name: "ledger", path: "../../..")"#, file: "tools/bench/Package.swift").isEmpty)
    }

    @Test func theRepositoryHelperKeepsPathsInside() {
        #expect(Repository.contains(Repository.url("Tests/Fixtures/test-vectors/README.md")))
        #expect(!Repository.contains(Repository.root.appendingPathComponent("../" + "sha" + "red/test-vectors")))
        #expect(!Repository.contains(Repository.root.appendingPathComponent("Tests/../../elsewhere")))
        #expect(FileManager.default.fileExists(atPath: Repository.path("Package.swift")))
    }
}
