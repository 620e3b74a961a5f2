import Foundation
import LedgerCore
import TestSupport
import Testing

/// Writers do not starve (issue 9, point 10): on a deployment started from the largest
/// template `deploy start` accepts, five `ledger` processes ticking at once all succeed,
/// because none holds the write lock while it reads and parses the template.
@Suite struct ConcurrentWriterTests {
    let pass = TestSecrets.cliEnvironment

    /// A title, then sections of 50 items each, as many as fit in `size` bytes.
    static func template(size: Int) -> String {
        var out = "# Big release\n", n = 0
        while true {
            let section = n % 50 == 0 ? "\n## Section \(n / 50 + 1)\n\n" : ""
            let line = section + "- [ ] Item \(n): check the service endpoint and record the result in the notes\n"
            if out.utf8.count + line.utf8.count > size { return out }
            out += line
            n += 1
        }
    }

    @Test func fiveWritersOnTheLargestAcceptedTemplateAllSucceed() throws {
        let cli = CLI()
        try cli.initLedger()
        let text = Self.template(size: ChecklistEvents.maxTemplateBytes)
        #expect(text.utf8.count > ChecklistEvents.maxTemplateBytes - 200)
        try Data(text.utf8).write(to: URL(fileURLWithPath: cli.path("big.md")))
        let start = try cli.run(["deploy", "start", "--name", "R1", "--template", "big.md"], env: pass)
        #expect(start.status == 0, "\(start.stderr)")
        let writers = try (1...5).map { i -> (Process, Pipe) in
            let p = Process(), err = Pipe()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["tick", "1.\(i)"]
            p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
            p.environment = cli.env.merging(pass) { $1 }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            return (p, err)
        }
        for (p, err) in writers {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(message)")
        }
        let r = try cli.run(["verify", "--json"], env: pass)
        let doc = try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
        #expect(doc["intact"] == true && doc["records"] == 7, "\(r.stdout)")
        let status = try cli.run(["show", "1"], env: pass)
        for i in 1...5 { #expect(status.stdout.contains("[x] 1.\(i) "), "item 1.\(i) ticked: \(status.stdout.prefix(600))") }
    }

    @Test func aTemplateLargerThanTheLimitIsRefusedAndNothingIsWritten() throws {
        let cli = CLI()
        try cli.initLedger()
        var text = Self.template(size: ChecklistEvents.maxTemplateBytes)
        text += String(repeating: "x", count: ChecklistEvents.maxTemplateBytes + 1 - text.utf8.count)
        try Data(text.utf8).write(to: URL(fileURLWithPath: cli.path("big.md")))
        let r = try cli.run(["deploy", "start", "--name", "R1", "--template", "big.md"], env: pass)
        #expect(r.status == 64)
        #expect(
            r.stderr == """
                ledger: error: the template 'big.md' is 1048577 bytes; a deployment's template may be at most 1048576 bytes (1 MiB), because every command on the deployment reads it
                ledger: hint: split the checklist into several deployments, or move long text out of it (attach it to an item as evidence)

                """)
        let count = try cli.run(["deploy.ledger", "SELECT count(*) FROM events"], executable: "/usr/bin/sqlite3")
        #expect(count.stdout == "1\n")
    }
}
