import Foundation
import Testing
import LedgerCore

/// `ledger run` records what was actually run and what it returned.
@Suite struct RunCommandTests {
    let pass = ["LEDGER_PASSPHRASE": "pass"]

    func started() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        return cli
    }

    /// Starts `ledger run 7.2.1.1 -- sleep 30` and returns once its action.started is in the log.
    func runSleeping(_ cli: CLI) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["run", "7.2.1.1", "--", "sleep", "30"]
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        p.environment = cli.env.merging(pass) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        var seen = false
        for _ in 0..<100 where !seen {
            usleep(100_000)
            seen = try cli.run(["log", "--json"], env: pass).stdout.contains("action.started")
        }
        #expect(seen, "action.started was written")
        return p
    }

    func lastEvents(_ cli: CLI, _ n: Int) throws -> [JSONValue] {
        try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").suffix(n).map { try CanonicalJSON.parse(Array($0.utf8)) }
    }

    @Test func theCommandNeverSeesAPassphrase() throws {
        let cli = try started()
        let r = try cli.run(["run", "7.2.1.1", "--", "/bin/sh", "-c", "echo \"[${LEDGER_PASSPHRASE-unset}][${LEDGER_KEY_PASSPHRASE-unset}]\""],
                            env: ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp-Zq81-unused"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[unset][unset]"), "\(r.stdout)")
        #expect(!r.stdout.contains("kp-Zq81") && !r.stderr.contains("kp-Zq81"))
    }

    @Test func recordsExitCodeDurationAndOutputDigests() throws {
        let cli = try started()
        let r = try cli.run(["run", "7.2.1.1", "--record-output", "--", "sh", "-c", "printf 'dump ok\\n'; printf 'warn\\n' >&2; exit 3"], env: pass)
        #expect(r.status == 3, "ledger run exits with the command's code")
        #expect(r.stdout == "dump ok\n", "stdout streams through")
        #expect(r.stderr.hasPrefix("warn\n"))
        #expect(r.stderr.contains("ledger: 7.2.1.1 Create database backup: exited 3 after"))
        let events = try lastEvents(cli, 2)
        #expect(events[0]["kind"] == "action.started")
        #expect(events[0]["data"]?["command"] == ["sh", "-c", "printf 'dump ok\\n'; printf 'warn\\n' >&2; exit 3"])
        let f = try #require(events[1]["data"])
        #expect(events[1]["kind"] == "action.finished")
        #expect(f["exit_code"] == 3 && f["interrupted"] == false && f["action"] == events[0]["seq"])
        #expect(f["stdout"]?["size"] == 8)
        #expect(f["stdout"]?["sha256"] == .string(Hex.encode(SHA256.hash(Array("dump ok\n".utf8)))))
        #expect(f["stderr"]?["sha256"] == .string(Hex.encode(SHA256.hash(Array("warn\n".utf8)))))
        #expect(f["stdout"]?["content_base64"] == .string(Base64.encode(Array("dump ok\n".utf8))))
        #expect((f["duration_ms"]?.intValue ?? -1) >= 0)
    }

    @Test func outputIsNotStoredUnlessAskedAndTickFollowsSuccess() throws {
        let cli = try started()
        #expect(try cli.run(["run", "7.2.1.1", "--tick", "--", "true"], env: pass).status == 0)
        let events = try lastEvents(cli, 2)
        #expect(events[0]["kind"] == "action.finished")
        #expect(events[0]["data"]?["stdout"]?["content_base64"] == nil)
        #expect(events[1]["kind"] == "item.ticked" && events[1]["data"]?["item"] == "7.2.1.1")
        #expect(try cli.run(["run", "7.2.1.2", "--tick", "--", "false"], env: pass).status == 1)
        #expect(try lastEvents(cli, 1)[0]["kind"] == "action.finished", "no tick after a failure")
    }

    @Test func checklistCommandsRunOnlyWhenConfirmed() throws {
        let cli = try started()
        let refused = try cli.run(["run", "7.2.1.3"], env: pass)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("has no commands in the checklist"))
        try cli.run(["tick", "7.2.1.1"], env: pass)
        let unconfirmed = try cli.run(["run", "2.1.1"], env: pass)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("    openssl rand -hex 32"), "the commands are shown first")
        #expect(unconfirmed.stderr.contains("ledger: error: not run: not confirmed"))
        let yes = try cli.run(["run", "2.1.1", "--yes"], env: pass)
        #expect(yes.status == 0)
        #expect(yes.stdout.count == 65, "openssl printed 64 hex digits and a newline")
        let started = try lastEvents(cli, 2)[0]
        #expect(started["data"]?["script"] == "openssl rand -hex 32\n" || started["data"]?["script"] == "openssl rand -hex 32")
    }

    @Test func interruptedRunIsRecordedAsInterrupted() throws {
        let cli = try started()
        let p = try runSleeping(cli)
        kill(p.processIdentifier, SIGINT)  // as Ctrl-C would
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let f = try lastEvents(cli, 1)[0]
        #expect(f["kind"] == "action.finished" && f["data"]?["interrupted"] == true)
        #expect(try cli.run(["status"], env: pass).stdout.contains("sleep 30: interrupted"))
    }

    @Test func aRunnerThatDiedShowsAsInterruptedNotRunning() throws {
        let cli = try started()
        let p = try runSleeping(cli)
        #expect(try cli.run(["status"], env: pass).stdout.contains("sleep 30: running (pid \(p.processIdentifier))"))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(try cli.run(["status"], env: pass).stdout.contains("sleep 30: interrupted (its runner, pid \(p.processIdentifier), is gone)"))
    }
}
