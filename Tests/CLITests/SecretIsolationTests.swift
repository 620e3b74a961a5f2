import Foundation
import LedgerCore
import Testing

/// Issue 9, point 9: the command `ledger run` starts, as the same unprivileged user, cannot read
/// ledger's memory or environment, and the passphrases are out of the environment block.
@Suite struct SecretIsolationTests {
    static let ledgerPassphrase = "lp-Qz7w-Vk31-ledger"
    static let keyPassphrase = "kp-Hn4t-Rb85-signing"
    static let python = "/usr/bin/python3"
    static let nobody: uid_t = 65534

    /// Walks up from the probe (the supervisor, then ledger run), tries /proc/PID/environ,
    /// /proc/PID/maps and every readable mapping of /proc/PID/mem, and prints one JSON line per
    /// ancestor: what each open did (errno name or "read") and whether a needle was found in what it read.
    static let probe = #"""
        import errno, json, sys
        needles = [bytes.fromhex(h) for h in sys.argv[1:]]
        def ppid(pid):
            with open(f"/proc/{pid}/stat") as f:
                return int(f.read().rsplit(")", 1)[1].split()[1])
        def found(data):
            return any(n in data for n in needles)
        def attempt(path, reader):
            try:
                with open(path, "rb", buffering=0) as f:
                    return "read", reader(f)
            except OSError as e:
                return errno.errorcode.get(e.errno, str(e.errno)), False
        pid = ppid("self")
        for _ in range(2):
            out = {"pid": pid}
            out["environ"], hit_env = attempt(f"/proc/{pid}/environ", lambda f: found(f.read()))
            regions = []
            def maps(f):
                for line in f.read().decode().splitlines():
                    addr, perms = line.split()[:2]
                    if perms.startswith("r"):
                        lo, hi = (int(x, 16) for x in addr.split("-"))
                        regions.append((lo, hi))
                return False
            out["maps"], _ = attempt(f"/proc/{pid}/maps", maps)
            def mem(f):
                hit = False
                for lo, hi in regions:
                    try:
                        f.seek(lo)
                        hit = hit or found(f.read(min(hi - lo, 64 << 20)))
                    except OSError:
                        pass
                return hit
            out["mem"], hit_mem = attempt(f"/proc/{pid}/mem", mem)
            out["regions"] = len(regions)
            out["secret_in_environ"], out["secret_in_mem"] = bool(hit_env), bool(hit_mem)
            print(json.dumps(out, separators=(",", ":"), sort_keys=True), flush=True)
            pid = ppid(pid)
        """#

    /// A ledger with a deployment and a signing key on the roster, in a folder owned by nobody
    /// when the tests run as root.
    func prepared() throws -> CLI {
        let cli = CLI()
        let lp = ["LEDGER_PASSPHRASE": Self.ledgerPassphrase, "LEDGER_KEY_PASSPHRASE": Self.keyPassphrase]
        for args in [
            ["init", "--format", "1", "--kdf-memory", "19", "--kdf-passes", "2"], ["deploy", "start", "--name", "R1"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
        ] {
            let r = try cli.run(args, env: lp)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        try Self.probe.write(toFile: cli.path("probe.py"), atomically: true, encoding: .utf8)
        if getuid() == 0 {
            for name in try FileManager.default.contentsOfDirectory(atPath: cli.dir) + [""] {
                chown(cli.path(name), Self.nobody, Self.nobody)
            }
        }
        return cli
    }

    /// Runs `ledger args…` as nobody (through setpriv when we are root).
    func runUnprivileged(_ cli: CLI, _ args: [String], env: [String: String]) throws -> CLI.Result {
        guard getuid() == 0 else { return try cli.run(args, env: env) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        p.arguments = ["--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", CLI.binary] + args
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        p.environment = cli.env.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    var needles: [String] { [Self.ledgerPassphrase, Self.keyPassphrase].map { Hex.encode(Array($0.utf8)) } }

    /// Runs the probe under `ledger run` and returns its lines, parsed.
    func probed(_ cli: CLI, extra: [String], env: [String: String]) throws -> [JSONValue] {
        let r = try runUnprivileged(cli, ["run", "7.2.1.1"] + extra + ["--", Self.python, "probe.py"] + needles, env: env)
        try #require(r.status == 0, "\(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map { try CanonicalJSON.parse(Array($0.utf8)) }
        try #require(lines.count == 2, "the supervisor and ledger run: \(r.stdout)")
        return lines
    }

    func expectRefused(_ lines: [JSONValue]) {
        for line in lines {
            for file in ["environ", "maps", "mem"] {
                #expect(line[file] == "EACCES" || line[file] == "EPERM", "\(file) of \(line["pid"] ?? "?") was not refused: \(line)")
            }
            #expect(line["secret_in_environ"] == false && line["secret_in_mem"] == false, "\(line)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func aCommandRunWithAKeyCannotReadLedgersMemoryOrEnvironment() throws {
        let cli = try prepared()
        let lines = try probed(
            cli, extra: ["--key", "dana.key"],
            env: ["LEDGER_PASSPHRASE": Self.ledgerPassphrase, "LEDGER_KEY_PASSPHRASE": Self.keyPassphrase])
        expectRefused(lines)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func anUnusedKeyPassphraseIsNotReadableEither() throws {
        let cli = try prepared()
        let lines = try probed(cli, extra: [], env: ["LEDGER_PASSPHRASE": Self.ledgerPassphrase, "LEDGER_KEY_PASSPHRASE": Self.keyPassphrase])
        expectRefused(lines)
    }

    /// Root reads any process's memory and environment whatever it does; what it finds in the
    /// environment blocks shows that both variables were wiped at start, used or not.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: python)))
    func thePassphrasesAreWipedFromTheEnvironmentBlockAtStart() throws {
        let cli = try prepared()
        let r = try cli.run(
            ["run", "7.2.1.1", "--", Self.python, "probe.py"] + needles,
            env: ["LEDGER_PASSPHRASE": Self.ledgerPassphrase, "LEDGER_KEY_PASSPHRASE": Self.keyPassphrase])
        try #require(r.status == 0, "\(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map { try CanonicalJSON.parse(Array($0.utf8)) }
        try #require(lines.count == 2)
        for line in lines {
            #expect(line["environ"] == "read", "root reads it: \(line)")
            #expect(line["secret_in_environ"] == false, "\(line)")
        }
    }

    /// The supervisor is a fork of ledger run: its pages of guarded memory are wiped on fork, so
    /// it holds no copy of a secret. Root reads both memories: the unused key passphrase, kept
    /// in guarded memory, is in ledger run's (which shows the probe finds it) and not in the
    /// supervisor's.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: python)))
    func theSupervisorHoldsNoCopyOfGuardedMemory() throws {
        let cli = try prepared()
        let needle = Hex.encode(Array(Self.keyPassphrase.utf8))
        let r = try cli.run(
            ["run", "7.2.1.1", "--", Self.python, "probe.py", needle],
            env: ["LEDGER_PASSPHRASE": Self.ledgerPassphrase, "LEDGER_KEY_PASSPHRASE": Self.keyPassphrase])
        try #require(r.status == 0, "\(r.stderr)")
        let lines = try r.stdout.split(separator: "\n").map { try CanonicalJSON.parse(Array($0.utf8)) }
        try #require(lines.count == 2)
        #expect(lines[0]["mem"] == "read" && lines[0]["secret_in_mem"] == false, "the supervisor: \(lines[0])")
        #expect(lines[1]["mem"] == "read" && lines[1]["secret_in_mem"] == true, "ledger run: \(lines[1])")
    }
}
