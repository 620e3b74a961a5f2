import Foundation
import TestSupport
import Testing

/// `ledger unlock` and `ledger lock` (issue #13 point 8, decision 0018): the data keys kept in
/// the Linux session keyring for a bounded time, for this login session only. Each test runs
/// real `ledger` processes inside a session keyring of its own (a Python harness joins a new
/// one, as `keyctl session -` does, and runs the commands one after another).
@Suite struct UnlockTests {
    /// Runs `commands` in order, in one new session keyring; each one's exit status and output.
    /// `sleep N` waits N seconds between them; a command starting with `/` is run as it is,
    /// any other is a `ledger` command.
    static func inSession(_ cli: CLI, _ commands: [[String]], env: [String: String] = [:]) throws -> [CLI.Result] {
        let harness = """
            import ctypes, json, subprocess, sys, time
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.syscall(250, 1, None) <= 0: sys.exit("cannot join a new session keyring")
            out = []
            for argv in json.loads(sys.argv[1]):
                if argv[0] == "sleep": time.sleep(float(argv[1])); continue
                r = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
                out.append([r.returncode, r.stdout, r.stderr])
            print(json.dumps(out))
            """
        let argv = commands.map { $0.first == "sleep" || $0.first?.hasPrefix("/") == true ? $0 : [CLI.binary] + $0 }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self)
        let r = try cli.run(["-c", harness, json], env: env, executable: "/usr/bin/python3")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[Any]] ?? []
        return rows.map { CLI.Result(status: Int32($0[0] as? Int ?? -1), stdout: $0[1] as? String ?? "", stderr: $0[2] as? String ?? "") }
    }

    func started() throws -> CLI {
        let cli = try CLI.started("R1")
        try Data((TestSecrets.cliPassphrase + "\n").utf8).write(to: URL(fileURLWithPath: cli.path("pw")))
        return cli
    }

    @Test func anUnlockedLedgerNeedsNoPassphraseUntilItIsLocked() throws {
        let cli = try started()
        let r = try Self.inSession(
            cli, [["tick", "1.1.1"], ["unlock", "--passphrase-file", "pw"], ["tick", "1.1.1"], ["note", "hi"], ["lock"], ["tick", "1.1.2"], ["lock"]])
        #expect(r.map(\.status) == [64, 0, 0, 0, 0, 64, 0], "\(r.map(\.stderr))")
        #expect(r[1].stdout.hasPrefix("unlocked 'deploy.ledger' in this login session until ") && r[1].stdout.contains("(15m)"))
        #expect(r[2].stdout.hasPrefix("ticked 1.1.1 "))
        #expect(r[5].stderr.hasPrefix("ledger: error: no passphrase for 'deploy.ledger'"))
        #expect(r[6].stdout == "'deploy.ledger' was not unlocked in this login session\n")
        #expect(try cli.run(["verify"], env: TestSecrets.cliEnvironment).status == 0)
    }

    /// The kernel forgets the keys at the timeout, however busy the session is.
    @Test func theKeysExpireAtTheTimeout() throws {
        let cli = try started()
        let r = try Self.inSession(cli, [["unlock", "--passphrase-file", "pw", "--timeout", "5s"], ["tick", "1.1.1"], ["sleep", "6"], ["tick", "1.1.2"]])
        #expect(r.map(\.status) == [0, 0, 64], "\(r.map(\.stderr))")
    }

    /// Another login session (another session keyring) of the same user does not get them.
    @Test func anotherSessionOfTheSameUserDoesNotGetThem() throws {
        let cli = try started()
        #expect(try Self.inSession(cli, [["unlock", "--passphrase-file", "pw"]]).map(\.status) == [0])
        #expect(try Self.inSession(cli, [["tick", "1.1.1"]]).map(\.status) == [64])
    }

    /// A command `ledger run` starts is in a session keyring of its own: it cannot find the key.
    @Test func aCommandLedgerRunsCannotReadTheKeys() throws {
        let cli = try started()
        let id = try #require(try cli.run(["verify", "--json"]).stdout.split(separator: "\"ledger\":\"").dropFirst().first?.prefix(32))
        let probe = """
            import ctypes, sys
            libc = ctypes.CDLL(None, use_errno=True)
            k = libc.syscall(250, 10, -3, b"user", b"ledger:v1:\(id)", 0)
            print("found" if k > 0 else "not found")
            """
        let r = try Self.inSession(
            cli, [["unlock", "--passphrase-file", "pw"], ["/usr/bin/python3", "-c", probe], ["run", "1.1.1", "--", "/usr/bin/python3", "-c", probe]])
        #expect(r.count == 3 && r[0].status == 0 && r[2].status == 0, "\(r.map(\.stderr))")
        #expect(r[1].stdout == "found\n", "the session itself possesses it: \(r[1].stdout)\(r[1].stderr)")
        #expect(r[2].stdout.contains("not found") && !r[2].stdout.contains("\nfound"), "\(r[2].stdout)")
    }

    /// Completion reads the deployment's own checklist once the ledger is unlocked (before, it
    /// offers the embedded one).
    @Test func completionUsesTheUnlockedKeys() throws {
        let cli = try CLI.started(template: CompletionTests.team)
        try Data((TestSecrets.cliPassphrase + "\n").utf8).write(to: URL(fileURLWithPath: cli.path("pw")))
        let complete = ["---completion", "tick", "--", "positional@0", "2", "2", "ledger", "tick", "1."]
        let r = try Self.inSession(cli, [complete, ["unlock", "--passphrase-file", "pw"], complete])
        #expect(r.map(\.status) == [0, 0, 0])
        #expect(r[0].stdout.contains("1.1.3"), "locked: the embedded checklist: \(r[0].stdout)")
        #expect(r[2].stdout == "1.1.1\n1.1.2\n", "unlocked: R1's own checklist: \(r[2].stdout)")
    }

    @Test func withoutASessionKeyringOfItsOwnUnlockRefusesAndSaysWhy() throws {
        let cli = try started()
        // A process whose session keyring is the user-session keyring (what a process without a
        // login session is given): python joins that one explicitly.
        let harness = """
            import ctypes, os, subprocess, sys
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall(250, 1, ("_uid_ses.%d" % os.getuid()).encode())
            r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            sys.stdout.write(r.stderr); sys.exit(r.returncode)
            """
        let r = try cli.run(["-c", harness, CLI.binary, "unlock", "--passphrase-file", "pw"], executable: "/usr/bin/python3")
        #expect(r.status == 1 && r.stdout.hasPrefix("ledger: error: this process has no session keyring of its own"), "\(r.stdout)\(r.stderr)")
    }

    @Test(arguments: ["0s", "13h", "1d", "+5", "15 m", "m", "99999999999999999999"])
    func aTimeoutOutsideOneSecondToTwelveHoursIsAUsageError(timeout: String) throws {
        let r = try started().run(["unlock", "--passphrase-file", "pw", "--timeout", timeout])
        #expect(r.status == 64 && r.stderr.contains("is not a duration from 1 second to 12 hours"), "\(timeout): \(r.stderr)")
    }
}
