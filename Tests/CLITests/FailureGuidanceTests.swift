import Foundation
import LedgerCore
import TestSupport
import Testing

/// After a failed step: `status` says so first and offers the ways on, `show` lists the runs and
/// prints their recorded output, and the CSV, Markdown and HTML timelines show that output.
@Suite struct FailureGuidanceTests {
    let pass = TestSecrets.cliEnvironment
    /// A command whose output tries to hijack a terminal, a Markdown fence, a table and HTML.
    static let script = "printf 'out <script>x</script> | ````\\n'; printf 'err \\033[2J\\033]0;pwned\\007\\n' >&2; exit 3"
    static let stdout = Array("out <script>x</script> | ````\n".utf8)
    static let stderr = Array("err \u{1b}[2J\u{1b}]0;pwned\u{07}\n".utf8)

    func failed() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        let r = try cli.run(["run", "7.2.2.4", "--record-output", "--", "sh", "-c", Self.script], env: pass)
        #expect(r.status == 3, "\(r.stderr)")
        return cli
    }

    static func digest(_ b: [UInt8]) -> String { Hex.encode(SHA256.hash(b)) }

    @Test func statusSaysFirstWhatFailedAndWhatToDo() throws {
        let cli = try failed()
        let lines = try cli.run(["status"], env: pass).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("step 7.2.2.4 Deploy application failed: exited 3 after "), "\(lines[0])")
        #expect(lines[0].contains(", run by tester at ") && lines[0].hasSuffix("(record 4)"))
        #expect(lines[1] == "  retry it: ledger run 7.2.2.4 -- sh -c '" + Self.script.replacingOccurrences(of: "'", with: "'\\''") + "'")
        #expect(lines[2] == "  or decide a rollback: ledger rollback decide --reason CRITERION [--details TEXT], CRITERION one of:")
        #expect(lines[3] == "    R1 Critical bugs discovered" && lines[7] == "    R5 Service unavailability")
        #expect(lines[9].hasPrefix("deployment 'R1'"))
        // A successful retry clears the failure.
        #expect(try cli.run(["run", "7.2.2.4", "--", "true"], env: pass).status == 0)
        #expect(try cli.run(["status"], env: pass).stdout.hasPrefix("deployment 'R1'"))
        // Once a rollback is decided, the execution step can no longer be retried, so it is not offered;
        // a failed rollback step is, and no second rollback decision.
        try cli.run(["run", "7.2.2.4", "--", "false"], env: pass)
        #expect(try cli.run(["status"], env: pass).stdout.hasPrefix("step 7.2.2.4 Deploy application failed: exited 1"))
        try cli.run(["rollback", "decide", "--reason", "R1"], env: pass)
        #expect(try cli.run(["status"], env: pass).stdout.hasPrefix("deployment 'R1'"))
        #expect(try cli.run(["run", "9.1.2.1", "--", "false"], env: pass).status == 1)
        let rolling = try cli.run(["status"], env: pass).stdout
        #expect(rolling.hasPrefix("step 9.1.2.1 ") && rolling.contains(" failed: exited 1 after "), "\(rolling)")
        #expect(rolling.contains("\n  retry it: ledger run 9.1.2.1 -- false\n\ndeployment 'R1'"), "\(rolling)")
    }

    @Test func aKilledStepIsAFailureToo() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        #expect(try cli.run(["run", "7.2.1.1", "--", "sh", "-c", "kill -9 $$"], env: pass).status == 137)
        let status = try cli.run(["status"], env: pass).stdout
        #expect(status.hasPrefix("step 7.2.1.1 Create database backup failed: killed by signal 9 after "), "\(status)")
        #expect(status.contains("\n  retry it: ledger run 7.2.1.1 -- sh -c 'kill -9 $$'\n  or decide a rollback: "))
    }

    @Test func showListsRunsAndPrintsTheirOutputSafely() throws {
        let cli = try failed()
        try cli.run(["run", "7.2.2.4", "--", "true"], env: pass)
        let show = try cli.run(["show", "7.2.2.4"], env: pass).stdout
        #expect(show.contains("\nruns (2):\n  record 3 at "))
        #expect(show.contains(" by tester: sh -c \(Self.script)\n    exit 3 in "))
        #expect(
            show.contains("; stdout \(Self.stdout.count) bytes, sha256 \(Self.digest(Self.stdout).prefix(16))… (recorded); stderr \(Self.stderr.count) bytes"))
        #expect(show.contains("  record 5 at ") && show.contains(" by tester: true\n    exit 0 in "))
        let out = try cli.run(["show", "7.2.2.4", "--output"], env: pass)
        #expect(out.status == 0)
        #expect(out.stdout.contains("== record 3, 7.2.2.4, exit 3, by tester at "))
        #expect(out.stdout.contains("-- stdout: \(Self.stdout.count) bytes, sha256 \(Self.digest(Self.stdout))\nout <script>x</script> | ````\n"))
        #expect(out.stdout.contains("-- stderr: \(Self.stderr.count) bytes, sha256 \(Self.digest(Self.stderr))\nerr \\u{1b}[2J\\u{1b}]0;pwned\\u{7}\n"))
        #expect(!out.stdout.contains("\u{1b}") && !out.stdout.contains("\u{07}"), "no control character reaches the terminal")
        #expect(out.stdout.contains("== record 5, 7.2.2.4, exit 0, by tester at "))
        #expect(out.stdout.hasSuffix("(output not recorded: run with 'ledger run 7.2.2.4 --record-output' to keep it)\n"))
        let section = try cli.run(["show", "7.2", "--output"], env: pass)
        #expect(
            section.status == 64
                && section.stderr == "ledger: error: --output needs one item\nledger: hint: give the item whose runs to print: 'ledger show ITEM --output'\n")
    }

    @Test func timelinesShowRecordedOutputWithSizeAndDigest() throws {
        let cli = try failed()
        let out = Self.digest(Self.stdout), err = Self.digest(Self.stderr)
        let md = try cli.run(["export", "timeline", "--format", "md"], env: pass).stdout
        #expect(
            md.contains("exit 3 after ") && md.contains(" — recorded output below (stdout \(Self.stdout.count) bytes, stderr \(Self.stderr.count) bytes) |"))
        // The fence is longer than the four backticks inside, so the output cannot close it.
        #expect(
            md.contains(
                "\n## Recorded output\n\nRecord 4, item 7.2.2.4: stdout: \(Self.stdout.count) bytes, SHA-256 \(out)\n\n`````text\nout <script>x</script> | ````\n`````\n"
            ))
        #expect(md.contains("Record 4, item 7.2.2.4: stderr: \(Self.stderr.count) bytes, SHA-256 \(err)\n\n```text\n"))
        let html = try cli.run(["export", "timeline", "--format", "html"], env: pass).stdout
        #expect(
            html.contains(
                "<div class=\"out\"><div class=\"out-h\">stdout: \(Self.stdout.count) bytes, SHA-256 \(out)</div><pre>out &lt;script&gt;x&lt;/script&gt; | ````\n</pre></div>"
            ))
        #expect(html.contains("stderr: \(Self.stderr.count) bytes, SHA-256 \(err)</div><pre>err \u{FFFD}[2J\u{FFFD}]0;pwned\u{FFFD}\n</pre>"))
        #expect(!html.contains("<script>x"))
        let csv = try cli.run(["export", "timeline", "--format", "csv"], env: pass).stdout
        #expect(csv.contains("\"exit 3 after "))
        #expect(
            csv.contains(
                "\nstdout: \(Self.stdout.count) bytes, SHA-256 \(out):\nout <script>x</script> | ````\n\nstderr: \(Self.stderr.count) bytes, SHA-256 \(err):\n")
        )
    }

    @Test func longOutputIsCutInTheTimelinesWithItsFullSize() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        try cli.run(["run", "7.2.2.4", "--record-output", "--", "sh", "-c", "head -c 5000 /dev/zero | tr '\\0' a; exit 1"], env: pass)
        let digest = Self.digest([UInt8](repeating: UInt8(ascii: "a"), count: 5000))
        let md = try cli.run(["export", "timeline", "--format", "md"], env: pass).stdout
        #expect(md.contains("stdout: 5000 bytes, SHA-256 \(digest) (first 2048 bytes shown)\n\n```text\n" + String(repeating: "a", count: 2048) + "\n```\n"))
        let html = try cli.run(["export", "timeline", "--format", "html"], env: pass).stdout
        #expect(html.contains("(first 2048 bytes shown)</div><pre>" + String(repeating: "a", count: 2048) + "</pre>"))
        #expect(
            try cli.run(["show", "7.2.2.4", "--output"], env: pass).stdout.contains(String(repeating: "a", count: 5000)),
            "show --output prints all that was recorded")
    }
}
