import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

/// `ledger run` records what was actually run and what it returned.
@Suite struct RunCommandTests {
    let pass = TestSecrets.cliEnvironment

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
        let r = try cli.run(
            ["run", "7.2.1.1", "--", "/bin/sh", "-c", "echo \"[${LEDGER_PASSPHRASE-unset}][${LEDGER_KEY_PASSPHRASE-unset}]\""],
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

    // MARK: The first failing command fails the step (issue 9, point 2a)

    /// A deployment on a template whose steps' blocks fail early, with stub `systemctl`
    /// (fails, exit 5) and `docker-compose` (leaves a marker) first on PATH.
    func failingTemplate() throws -> (CLI, [String: String]) {
        let cli = CLI()
        try cli.initLedger()
        let fence = "```"
        try """
        # Stop on error

        ## Deployment Steps

        - [ ] Plain failure
          \(fence)bash
          false
          echo should-not-run > marker
          \(fence)
        - [ ] Failure in a pipeline
          \(fence)bash
          false | cat
          echo should-not-run > marker
          \(fence)
        - [ ] Deploy application
          \(fence)bash
          systemctl restart optibid
          docker-compose up -d --build
          \(fence)

        """.write(toFile: cli.path("steps.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: cli.path("stubs"), withIntermediateDirectories: true)
        for (name, body) in [("systemctl", "echo 'Failed to restart optibid.service' >&2; exit 5"), ("docker-compose", "echo ran > marker")] {
            try "#!/bin/sh\n\(body)\n".write(toFile: cli.path("stubs/" + name), atomically: true, encoding: .utf8)
            chmod(cli.path("stubs/" + name), 0o755)
        }
        var env = pass
        env["PATH"] = cli.path("stubs") + ":" + (cli.env["PATH"] ?? "/usr/bin:/bin")
        let r = try cli.run(["deploy", "start", "--name", "R1", "--template", "steps.md"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        return (cli, env)
    }

    @Test(arguments: [("1.1", Int64(1)), ("1.2", 1), ("1.3", 5)])
    func theFirstFailingCommandFailsTheStepAndNothingAfterItRuns(item: String, code: Int64) throws {
        let (cli, env) = try failingTemplate()
        let r = try cli.run(["run", item, "--yes", "--tick"], env: env)
        #expect(r.status == Int32(code), "ledger run exits with the failing command's code: \(r.stderr)")
        #expect(r.stderr.contains(": exited \(code) after"), "\(r.stderr)")
        #expect(!r.stderr.contains("ticked"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("marker")), "the command after the failing one did not run")
        let events = try lastEvents(cli, 2)
        #expect(events[0]["kind"] == "action.started")
        #expect(events[0]["data"]?["shell"] == ["/bin/bash", "-e", "-o", "pipefail", "-O", "inherit_errexit", "-c"])
        #expect(events[1]["kind"] == "action.finished", "no item.ticked after it")
        #expect(events[1]["data"]?["exit_code"] == .int(code))
        #expect(try cli.run(["show", item], env: env).stdout.contains("status: open"), "the item is still open")
    }

    // MARK: The command dies with ledger (issue 9, point 2c)

    /// True while `pid` runs (exists and is not a zombie).
    func running(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[close...].dropFirst(2).first != "Z"
    }

    func pid(in file: String) -> Int32? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func aTerminatedRunStopsTheCommandAndWhatItStarted() throws {
        let cli = try started()
        let p = try runInBackground(cli, "setsid sleep 1000 & echo $! > background.pid; sleep 1000")
        let pids = try waitForPids(cli, ["command.pid", "background.pid"])
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        defer { for pid in pids where running(pid) { kill(pid, SIGKILL) } }
        #expect(p.terminationStatus == 130)
        #expect(!pids.contains(where: running), "SIGTERM reached the command and its background process")
        let f = try lastEvents(cli, 1)[0]
        #expect(f["kind"] == "action.finished" && f["data"]?["interrupted"] == true && f["data"]?["signal"] == .int(Int64(SIGTERM)))
    }

    /// Starts `ledger run 7.2.1.1 -- /bin/sh -c "echo $$ > command.pid; SCRIPT"`.
    func runInBackground(_ cli: CLI, _ script: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["run", "7.2.1.1", "--", "/bin/sh", "-c", "echo $$ > command.pid; " + script]
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        p.environment = cli.env.merging(pass) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The pids written to `files`, once they all are, and running.
    func waitForPids(_ cli: CLI, _ files: [String]) throws -> [Int32] {
        var pids: [Int32] = []
        for _ in 0..<100 where pids.count < files.count {
            usleep(100_000)
            pids = files.compactMap { pid(in: cli.path($0)) }
        }
        try #require(pids.count == files.count, "the command started")
        #expect(pids.allSatisfy(running))
        return pids
    }

    @Test func killingLedgerRunKillsTheCommandAndWhatItStarted() throws {
        let cli = try started()
        // The command, and a process it started in the background (detached into a session of its own).
        let p = try runInBackground(cli, "setsid sleep 1000 & echo $! > background.pid; sleep 1000; echo survived > marker")
        let pids = try waitForPids(cli, ["command.pid", "background.pid"])
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        for _ in 0..<50 where pids.contains(where: running) { usleep(100_000) }
        #expect(!pids.contains(where: running), "the command and its background process are gone")
        defer { for pid in pids where running(pid) { kill(pid, SIGKILL) } }
        #expect(try cli.run(["status"], env: pass).stdout.contains("interrupted (its runner, pid \(p.processIdentifier), is gone)"))
        #expect(try lastEvents(cli, 1)[0]["kind"] == "action.started", "no action.finished was invented")
    }

    // MARK: Alternatives are never run whole (issue 9, point 2b)

    /// The OptiBid deployment moved on to 7.2.2.4 (Deploy application), with stubs for
    /// systemctl, docker-compose and kubectl on PATH that each leave a marker named after them.
    func atDeployApplication() throws -> (CLI, [String: String]) {
        let cli = try started()
        try FileManager.default.createDirectory(atPath: cli.path("stubs"), withIntermediateDirectories: true)
        for name in ["sudo", "systemctl", "docker-compose", "kubectl"] {
            let body = name == "sudo" ? "exec \"$@\"" : "echo \"$@\" > ran-\(name)"
            try "#!/bin/sh\n\(body)\n".write(toFile: cli.path("stubs/" + name), atomically: true, encoding: .utf8)
            chmod(cli.path("stubs/" + name), 0o755)
        }
        var env = pass
        env["PATH"] = cli.path("stubs") + ":" + (cli.env["PATH"] ?? "/usr/bin:/bin")
        try cli.run(["tick", "7.2.1.1"], env: env)
        return (cli, env)
    }

    func ran(_ cli: CLI) -> [String] {
        ["systemctl", "docker-compose", "kubectl"].filter { FileManager.default.fileExists(atPath: cli.path("ran-" + $0)) }
    }

    @Test func withoutAVariantOffNoTerminalItIsRefusedWithTheListAndNothingIsRecorded() throws {
        let (cli, env) = try atDeployApplication()
        let before = try cli.run(["log", "--json"], env: env).stdout
        let r = try cli.run(["run", "7.2.2.4", "--yes", "--tick"], env: env)
        #expect(r.status == 64)
        #expect(
            r.stderr.contains(
                """
                7.2.2.4 Deploy application: the checklist's commands offer 3 alternatives (only one is run):
                  1  Using systemd
                       # Using systemd
                       sudo systemctl restart optibid
                  2  Using Docker
                """), "\(r.stderr)")
        #expect(
            r.stderr.hasSuffix(
                """
                ledger: error: 7.2.2.4 Deploy application: its commands offer 3 alternatives; choose one
                ledger: hint: pass --variant N|LABEL: 1 Using systemd, 2 Using Docker, 3 Using Kubernetes (e.g. ledger run 7.2.2.4 --variant 1)

                """), "\(r.stderr)")
        #expect(ran(cli).isEmpty)
        #expect(try cli.run(["log", "--json"], env: env).stdout == before, "nothing recorded")
        #expect(
            try cli.run(["show", "7.2.2.4"], env: env).stdout.hasSuffix(
                "alternatives (ledger run 7.2.2.4 --variant N|LABEL runs one): 1 Using systemd, 2 Using Docker, 3 Using Kubernetes\n"))
    }

    @Test(arguments: [("2", "docker-compose", "Using Docker"), ("kubernetes", "kubectl", "Using Kubernetes"), ("SYS", "systemctl", "Using systemd")])
    func onlyTheChosenVariantRunsAndTheRecordSaysWhichAndWhat(choice: String, stub: String, label: String) throws {
        let (cli, env) = try atDeployApplication()
        let r = try cli.run(["run", "7.2.2.4", "--variant", choice, "--yes", "--tick"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ran(cli) == [stub], "only the chosen alternative ran")
        let events = try lastEvents(cli, 3)
        #expect(events[0]["kind"] == "action.started")
        let code = try #require(ChecklistTemplate.embeddedOptiBid().item("7.2.2.4")?.alternatives.first { $0.label == label }?.code)
        #expect(events[0]["data"]?["variant"] == .string(label))
        #expect(events[0]["data"]?["script"] == .string(code), "the exact text run")
        #expect(events[2]["kind"] == "item.ticked")
    }

    @Test func anUnknownOrAmbiguousVariantIsRefusedWithTheList() throws {
        let (cli, env) = try atDeployApplication()
        let before = try cli.run(["log", "--json"], env: env).stdout
        let hint = "ledger: hint: pass --variant N|LABEL: 1 Using systemd, 2 Using Docker, 3 Using Kubernetes (e.g. ledger run 7.2.2.4 --variant 1)\n"
        for (choice, message) in [
            ("podman", "'podman' names none of them"), ("4", "'4' names none of them"),
            ("using", "'using' matches several: 1 Using systemd, 2 Using Docker, 3 Using Kubernetes"),
        ] {
            let r = try cli.run(["run", "7.2.2.4", "--variant", choice, "--yes"], env: env)
            #expect(r.status == 64)
            #expect(r.stderr == "ledger: error: 7.2.2.4 Deploy application: \(message)\n" + hint)
        }
        let whole = try cli.run(["run", "7.2.1.1", "--variant", "1", "--yes"], env: env)
        #expect(whole.status == 64)
        #expect(whole.stderr.contains("its commands offer no alternatives, so --variant does not apply"))
        #expect(try cli.run(["run", "7.2.2.4", "--variant", "1", "--", "true"], env: env).status == 64)
        #expect(ran(cli).isEmpty)
        #expect(try cli.run(["log", "--json"], env: env).stdout == before, "nothing recorded")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalItAsksWhichOne() throws {
        let (cli, env) = try atDeployApplication()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")  // util-linux: runs the command on a new pty
        p.arguments = ["-qec", "'\(CLI.binary)' run 7.2.2.4 --tick", "/dev/null"]
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        p.environment = cli.env.merging(env) { $1 }
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data("kube\ny\n".utf8))  // typed ahead: the pty keeps it until asked
        let shown = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(p.terminationStatus == 0, "\(shown)")
        #expect(shown.contains("Which one? [1-3 or a label; empty: none]"), "\(shown)")
        #expect(ran(cli) == ["kubectl"])
        #expect(try lastEvents(cli, 3)[0]["data"]?["variant"] == "Using Kubernetes")
    }
}
