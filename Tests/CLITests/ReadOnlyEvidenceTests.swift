import Foundation
import LedgerCore
import TestSupport
import Testing

/// Evidence can be checked where it lies: the read-only commands work, as an unprivileged
/// user, on a ledger in a read-only folder and on a read-only file, and leave no `-wal` or
/// `-shm` beside it; records still in a write-ahead log count, or the command says why not.
@Suite struct ReadOnlyEvidenceTests {
    static let env = TestSecrets.cliEnvironment
    static let setpriv = "/usr/bin/setpriv"
    static let canDropPrivileges = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv)

    /// The read-only commands, with arguments that name the ledger at `path`.
    static func readers(_ path: String) -> [[String]] {
        [
            ["verify", path], ["verify", path, "--json"], ["log", "--ledger", path], ["log", "--json", "--ledger", path],
            ["show", "--ledger", path], ["show", "1.1.1", "--ledger", path], ["status", "--ledger", path],
            ["export", "checklist", "--ledger", path], ["export", "checklist", "--format", "json", "--ledger", path],
            ["export", "timeline", "--format", "csv", "--ledger", path], ["export", "timeline", "--format", "jsonl", "--proofs", "--ledger", path],
            ["deploy", "list", "--ledger", path], ["roster", "list", "--ledger", path], ["prove", "2", "--ledger", path],
        ]
    }

    /// A ledger with a deployment, a tick with a note and a note, at `evidence/deploy.ledger`.
    func evidence() throws -> CLI {
        let cli = CLI()
        try FileManager.default.createDirectory(atPath: cli.path("evidence"), withIntermediateDirectories: false)
        try cli.initLedger("evidence/deploy.ledger")
        for args in [["deploy", "start", "--name", "R1"], ["tick", "1.1.1", "--note", "PR #812 approved"], ["note", "all quiet"]] {
            let r = try cli.run(args + ["--ledger", "evidence/deploy.ledger"], env: Self.env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    /// Runs `ledger args…` as `nobody` (uid and gid 65534, no groups).
    func asNobody(_ cli: CLI, _ args: [String], env: [String: String] = Self.env) throws -> CLI.Result {
        try cli.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + args, env: env, executable: Self.setpriv)
    }

    /// What `args` print, without the parts that differ from run to run (export times).
    static func stable(_ args: [String], _ out: String) -> String {
        guard args.starts(with: ["export", "timeline"]) else { return out }
        return out.split(separator: "\n").filter { !$0.contains("generated_at") && !$0.contains(",export,") }.joined(separator: "\n")
    }

    func listing(_ cli: CLI, _ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: cli.path(dir)).sorted() }

    @Test(.enabled(if: canDropPrivileges)) func readOnlyCommandsWorkInAReadOnlyFolderAsNobody() throws {
        let cli = try evidence()
        let path = "evidence/deploy.ledger"
        // What each command prints on the ledger where it was written (read-only opening: nothing appears beside it).
        var expected: [String] = []
        for args in Self.readers(path) {
            let r = try cli.run(args, env: Self.env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            expected.append(Self.stable(args, r.stdout))
        }
        #expect(try listing(cli, "evidence") == ["deploy.ledger"], "no -wal or -shm after reading")
        let before = try #require(FileManager.default.contents(atPath: cli.path(path)))
        #expect(chmod(cli.path(path), 0o444) == 0 && chmod(cli.path("evidence"), 0o555) == 0)
        #expect(access(cli.path(path), R_OK) == 0)
        #expect(try asNobody(cli, ["note", "x", "--ledger", path]).status == 1, "nobody cannot write here: the test is real")
        for (args, want) in zip(Self.readers(path), expected) {
            let r = try asNobody(cli, args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.stable(args, r.stdout) == want, "\(args) prints what it printed before")
        }
        #expect(expected[0].contains(": 4 records") && expected[0].contains("intact"), "\(expected[0])")
        #expect(expected[2].contains("1.1.1 All code changes reviewed and approved — PR #812 approved") && expected[2].contains("all quiet"))
        #expect(expected[6].contains("phase: preparing"))
        #expect(try listing(cli, "evidence") == ["deploy.ledger"], "no -wal or -shm beside the evidence")
        #expect(FileManager.default.contents(atPath: cli.path(path)) == before)
        chmod(cli.path("evidence"), 0o755)
    }

    @Test(.enabled(if: canDropPrivileges)) func aReadOnlyFileInAWritableFolderAsNobody() throws {
        let cli = try evidence()
        let path = "evidence/deploy.ledger"
        #expect(chmod(cli.path(path), 0o444) == 0 && chmod(cli.path("evidence"), 0o777) == 0)
        for args in Self.readers(path) {
            let r = try asNobody(cli, args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(try listing(cli, "evidence") == ["deploy.ledger"], "\(args) left nothing beside the file")
        }
        let r = try asNobody(cli, ["log", "--ledger", path])
        #expect(r.stdout.contains("all quiet"))
        // The passphrase from a file that nobody can read works too.
        try Data("pass\n".utf8).write(to: URL(fileURLWithPath: cli.path("pass.txt")))
        chmod(cli.path("pass.txt"), 0o444)
        let viaFile = try asNobody(cli, ["status", "--ledger", path, "--passphrase-file", "pass.txt"], env: [:])
        #expect(viaFile.status == 0 && viaFile.stdout.contains("phase: preparing"), "\(viaFile.stderr)")
        #expect(try listing(cli, "evidence") == ["deploy.ledger"])
    }

    /// A reader that holds the ledger open, so that the next writer's records stay in the WAL.
    func holdOpen(_ cli: CLI, _ path: String) throws -> (Process, Pipe) {
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        reader.arguments = [cli.path(path)]
        let input = Pipe()
        reader.standardInput = input
        reader.standardOutput = FileHandle.nullDevice
        try reader.run()
        input.fileHandleForWriting.write(Data("SELECT count(*) FROM events;\n".utf8))
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: cli.path(path + "-wal")) { usleep(20_000) }
        return (reader, input)
    }

    @Test func recordsStillInTheWriteAheadLogCount() throws {
        let cli = try evidence()
        let path = "evidence/deploy.ledger"
        let (reader, input) = try holdOpen(cli, path)
        defer { try? input.fileHandleForWriting.close(); reader.waitUntilExit() }
        #expect(try cli.run(["note", "only in the log", "--ledger", path], env: Self.env).status == 0)
        let wal = try FileManager.default.attributesOfItem(atPath: cli.path(path + "-wal"))[.size] as? NSNumber
        #expect((wal?.intValue ?? 0) > 32, "the new record is in the write-ahead log, not yet in the file")
        let log = try cli.run(["log", "--ledger", path], env: Self.env)
        #expect(log.status == 0 && log.stdout.contains("only in the log"), "\(log.stderr)")
        let verify = try cli.run(["verify", path, "--json"], env: Self.env)
        #expect(verify.status == 0 && verify.stdout.contains("\"records\":5"), "\(verify.stdout)")
        // A copy of the file and its log in a read-only folder, without the -shm SQLite needs: said so.
        guard Self.canDropPrivileges else { return }
        let fm = FileManager.default
        try fm.createDirectory(atPath: cli.path("copy"), withIntermediateDirectories: false)
        for suffix in ["", "-wal"] { try fm.copyItem(atPath: cli.path(path + suffix), toPath: cli.path("copy/deploy.ledger" + suffix)) }
        for suffix in ["", "-wal"] { chmod(cli.path("copy/deploy.ledger" + suffix), 0o444) }
        chmod(cli.path("copy"), 0o555)
        defer { chmod(cli.path("copy"), 0o755) }
        let r = try asNobody(cli, ["log", "--ledger", "copy/deploy.ledger"])
        #expect(r.status == 1)
        #expect(
            r.stderr.hasPrefix(
                "ledger: error: cannot read 'copy/deploy.ledger' read-only: its write-ahead log 'copy/deploy.ledger-wal' may hold records not yet in the file"),
            "\(r.stderr)")
        #expect(r.stderr.contains("\nledger: hint: copy the ledger with its -wal and -shm files into a folder you can write to"))
        #expect(try listing(cli, "copy") == ["deploy.ledger", "deploy.ledger-wal"])
    }
}
