import Foundation
import LedgerCore
import TestSupport

/// Runs the built `ledger` binary as a user would.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `ledger` executable beside the test bundle.
    static let binary: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" { dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        return dir.appendingPathComponent("ledger").path
    }()

    let dir: String
    var env: [String: String]

    init() {
        dir = TempDir.create(prefix: "ledger-cli-")
        env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": dir, "LEDGER_ACTOR": "tester"]
    }

    func path(_ name: String) -> String { dir + "/" + name }

    /// Runs `ledger args…` in the scratch directory with `extraEnv` added.
    @discardableResult
    func run(_ args: [String], env extraEnv: [String: String] = [:], executable: String = CLI.binary, prefix: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = (prefix.map { [$0] } ?? []) + args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = env.merging(extraEnv) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// SQL that drops the format's append-only triggers, runs `sql`, then re-creates them
    /// with their exact text (schema/001-ledger.sql), as a careful attacker would, so that
    /// only the damage to the records remains to be found.
    static func coveringTracks(_ sql: String) -> String {
        ["events_no_update", "events_no_delete", "keys_no_update", "keys_no_delete"].map { "DROP TRIGGER IF EXISTS \($0); " }.joined()
            + sql + ";\n" + triggers
    }

    /// The `CREATE TRIGGER` statements of schema/001-ledger.sql, verbatim.
    static let triggers: String = {
        let url = Repository.url("schema/001-ledger.sql")
        let text = try! String(contentsOf: url, encoding: .utf8)
        var out = "", current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("CREATE TRIGGER ") { current = "" }
            if current != nil { current! += line + "\n" }
            if line.hasSuffix("END;"), let c = current { out += c; current = nil }
        }
        return out
    }()

    /// Runs `sql` on `file` in the sqlite3 shell, covering its tracks (`coveringTracks`).
    func tamper(_ file: String, _ sql: String) throws {
        let r = try run([path(file), Self.coveringTracks(sql)], executable: "/usr/bin/sqlite3")
        precondition(r.status == 0, r.stderr)
    }

    /// A ledger (`initLedger`) with deployment NAME started on the embedded OptiBid checklist.
    static func started(_ name: String = "Release 42") throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        let r = try cli.run(["deploy", "start", "--name", name], env: TestSecrets.cliEnvironment)
        precondition(r.status == 0, r.stderr)
        return cli
    }

    /// A ledger (`initLedger`) with deployment NAME started on `template`, written as FILE.
    static func started(template: String, file: String = "team.md", name: String = "R1") throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(template.utf8).write(to: URL(fileURLWithPath: cli.path(file)))
        let r = try cli.run(["deploy", "start", "--name", name, "--template", file], env: TestSecrets.cliEnvironment)
        precondition(r.status == 0, r.stderr)
        return cli
    }

    /// Records: 1 created, 2 deployment.started ('R1'), 3 item.ticked (1.1.1), 4 note.
    static func deployed() throws -> CLI {
        let cli = try started("R1")
        for args in [["tick", "1.1.1"], ["note", "all green"]] {
            let r = try cli.run(args, env: TestSecrets.cliEnvironment)
            precondition(r.status == 0, r.stderr)
        }
        return cli
    }

    /// `ledger init --format 1` (one shared passphrase) with a cheap Argon2id cost and
    /// `LEDGER_PASSPHRASE=pass`: the fixture of every format-1 test.
    func initLedger(_ file: String = "deploy.ledger") throws {
        let r = try run(["init", file, "--format", "1", "--kdf-memory", "19", "--kdf-passes", "2"], env: TestSecrets.cliEnvironment)
        precondition(r.status == 0, r.stderr)
    }
}
