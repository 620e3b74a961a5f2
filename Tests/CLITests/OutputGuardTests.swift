import Foundation
import LedgerCore
import TestSupport
import Testing

/// No command that writes a file destroys data: none writes over the ledger or its `-wal`,
/// `-shm`, `-journal` (named, hard-linked, symlinked, or through a dangling symlink), and
/// none replaces an existing file without `--force` (`key new` never does).
@Suite struct OutputGuardTests {
    static let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]

    /// Every command that writes one file, as the arguments that write it to `path`.
    static let writers: [(name: String, args: @Sendable (String) -> [String])] = [
        ("checkpoint --out", { ["checkpoint", "--out", $0] }),
        ("export checklist --output", { ["export", "checklist", "--output", $0] }),
        ("export checklist --format json --output", { ["export", "checklist", "--format", "json", "--output", $0] }),
        ("export timeline --output", { ["export", "timeline", "--format", "md", "--output", $0] }),
        ("export timeline --proofs --output", { ["export", "timeline", "--format", "jsonl", "--proofs", "--output", $0] }),
    ]

    /// A ledger with a deployment signed off by one lead (so that `export signoff` has files).
    func signedOff() throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        try Data(try String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8).utf8).write(
            to: URL(fileURLWithPath: cli.path("release.md")))
        for args in [
            ["deploy", "start", "--name", "R1", "--template", "release.md"], ["key", "new", "--name", "dana", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["tick", "deploy"], ["tick", "health"], ["tick", "smoke"], ["sign", "--role", "Deployment Lead", "--key", "dana.key"],
        ] {
            let r = try cli.run(args, env: Self.env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    func bytes(_ cli: CLI, _ name: String) -> Data? { FileManager.default.contents(atPath: cli.path(name)) }

    /// The ways an attacker or a slip of the hand points an output at the ledger.
    func ledgerTargets(_ cli: CLI) throws -> [(String, String)] {
        let fm = FileManager.default
        try fm.linkItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("hard-link.txt"))
        try fm.createSymbolicLink(atPath: cli.path("sym-link.txt"), withDestinationPath: "deploy.ledger")
        try fm.createSymbolicLink(atPath: cli.path("abs-link.txt"), withDestinationPath: cli.path("deploy.ledger"))
        try fm.createSymbolicLink(atPath: cli.path("dangling-wal.txt"), withDestinationPath: "deploy.ledger-wal")
        try fm.createDirectory(atPath: cli.path("sub"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: cli.path("sub/dangling-journal.txt"), withDestinationPath: "../deploy.ledger-journal")
        return [
            ("deploy.ledger", "deploy.ledger"), ("deploy.ledger-wal", "deploy.ledger-wal"), ("deploy.ledger-shm", "deploy.ledger-shm"),
            ("deploy.ledger-journal", "deploy.ledger-journal"), ("./deploy.ledger", "deploy.ledger"), ("hard-link.txt", "deploy.ledger"),
            ("sym-link.txt", "deploy.ledger"), ("abs-link.txt", "deploy.ledger"), ("dangling-wal.txt", "deploy.ledger-wal"),
            ("sub/dangling-journal.txt", "deploy.ledger-journal"),
        ]
    }

    @Test func noCommandWritesOverTheLedgerOrItsJournalFiles() throws {
        let cli = try signedOff()
        let targets = try ledgerTargets(cli)
        let before = try #require(bytes(cli, "deploy.ledger"))
        for (name, args) in Self.writers {
            for (target, member) in targets {
                for force in [false, true] {
                    let r = try cli.run(args(target) + (force ? ["--force"] : []), env: Self.env)
                    #expect(r.status == 64, "\(name) \(target) force=\(force): \(r.stderr)")
                    #expect(
                        r.stderr
                            == "ledger: error: '\(target)' is the ledger's own file ('\(member)'); writing there would destroy the ledger\nledger: hint: choose another \(name.split(separator: " ").last!); --force never writes over a ledger\n",
                        "\(name) \(target)")
                    #expect(r.stdout.isEmpty)
                }
            }
        }
        #expect(bytes(cli, "deploy.ledger") == before, "the ledger is byte for byte what it was")
        for companion in ["-wal", "-shm", "-journal"] { #expect(!FileManager.default.fileExists(atPath: cli.path("deploy.ledger" + companion))) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: cli.path("dangling-wal.txt")) == "deploy.ledger-wal", "the link is untouched")
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func aLiveWALAndItsHardLinkAreRefused() throws {
        let cli = try signedOff()
        // A reader holds the ledger open, so its -wal and -shm exist while the commands run.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        reader.arguments = [cli.path("deploy.ledger")]
        let input = Pipe()
        reader.standardInput = input
        reader.standardOutput = FileHandle.nullDevice
        try reader.run()
        defer { try? input.fileHandleForWriting.close(); reader.waitUntilExit() }
        input.fileHandleForWriting.write(Data("BEGIN; SELECT count(*) FROM events;\n".utf8))
        let wal = cli.path("deploy.ledger-wal")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: wal) { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: wal), "the reader made a WAL")
        try FileManager.default.linkItem(atPath: wal, toPath: cli.path("wal-link.txt"))
        try FileManager.default.linkItem(atPath: cli.path("deploy.ledger-shm"), toPath: cli.path("shm-link.txt"))
        for (name, args) in Self.writers {
            for (target, member) in [("wal-link.txt", "deploy.ledger-wal"), ("shm-link.txt", "deploy.ledger-shm"), ("deploy.ledger-wal", "deploy.ledger-wal")] {
                let r = try cli.run(args(target) + ["--force"], env: Self.env)
                #expect(
                    r.status == 64 && r.stderr.hasPrefix("ledger: error: '\(target)' is the ledger's own file ('\(member)')"), "\(name) \(target): \(r.stderr)")
            }
        }
    }

    @Test func anExistingFileIsReplacedOnlyWithForce() throws {
        let cli = try signedOff()
        let keep = Data("an unrelated file\n".utf8)
        for (name, args) in Self.writers {
            try keep.write(to: URL(fileURLWithPath: cli.path("keep.txt")))
            var r = try cli.run(args("keep.txt"), env: Self.env)
            #expect(r.status == 64, "\(name): \(r.stderr)")
            #expect(
                r.stderr
                    == "ledger: error: 'keep.txt' exists; nothing was written\nledger: hint: choose another \(name.split(separator: " ").last!), or pass --force to replace it\n"
            )
            #expect(bytes(cli, "keep.txt") == keep, "\(name): the file is unchanged byte for byte")
            r = try cli.run(args("keep.txt") + ["--force"], env: Self.env)
            #expect(r.status == 0, "\(name) --force: \(r.stderr)")
            let written = try #require(bytes(cli, "keep.txt"))
            #expect(written != keep && !written.isEmpty, "\(name) --force replaced it")
            let mode = try FileManager.default.attributesOfItem(atPath: cli.path("keep.txt"))[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            // A new name is written without --force, and then is not replaced.
            let fresh = "fresh-\(name.filter(\.isLetter)).out"
            #expect(try cli.run(args(fresh), env: Self.env).status == 0)
            #expect(try cli.run(args(fresh), env: Self.env).status == 64)
        }
        // A dangling symbolic link to an unrelated place is an existing entry too.
        try FileManager.default.createSymbolicLink(atPath: cli.path("elsewhere.txt"), withDestinationPath: "nowhere/at/all")
        #expect(try cli.run(["checkpoint", "--out", "elsewhere.txt"], env: Self.env).status == 64)
        try FileManager.default.createDirectory(atPath: cli.path("adir"), withIntermediateDirectories: false)
        let dir = try cli.run(["checkpoint", "--out", "adir", "--force"], env: Self.env)
        #expect(dir.status == 64 && dir.stderr.hasPrefix("ledger: error: 'adir' is a directory\n"), "\(dir.stderr)")
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func exportSignoffGuardsEveryFileItWrites() throws {
        let cli = try signedOff()
        #expect(try cli.run(["export", "signoff", "--out", "so"], env: Self.env).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.path("so")).sorted()
        #expect(names.count == 5)
        let statement = try #require(names.first { $0.hasSuffix(".statement") })
        let fm = FileManager.default
        let before = try #require(bytes(cli, "deploy.ledger"))
        // The directory itself is the ledger.
        var r = try cli.run(["export", "signoff", "--out", "deploy.ledger", "--force"], env: Self.env)
        #expect(r.status == 64 && r.stderr.contains("is the ledger's own file ('deploy.ledger')"), "\(r.stderr)")
        // One file inside is a hard link, a symbolic link, a dangling link to the ledger's WAL.
        for (i, plant) in ["hard", "sym", "dangling"].enumerated() {
            let dir = "plant\(i)"
            try fm.createDirectory(atPath: cli.path(dir), withIntermediateDirectories: false)
            switch plant {
            case "hard": try fm.linkItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("\(dir)/\(statement)"))
            case "sym": try fm.createSymbolicLink(atPath: cli.path("\(dir)/\(statement)"), withDestinationPath: "../deploy.ledger")
            default: try fm.createSymbolicLink(atPath: cli.path("\(dir)/\(statement)"), withDestinationPath: cli.path("deploy.ledger-wal"))
            }
            for force in [false, true] {
                r = try cli.run(["export", "signoff", "--out", dir] + (force ? ["--force"] : []), env: Self.env)
                #expect(r.status == 64, "\(plant) force=\(force): \(r.stderr)")
                #expect(r.stderr.hasPrefix("ledger: error: '\(dir)/\(statement)' is the ledger's own file ('"), "\(r.stderr)")
                #expect(try fm.contentsOfDirectory(atPath: cli.path(dir)) == [statement], "nothing else was written")
            }
        }
        #expect(bytes(cli, "deploy.ledger") == before)
        // Existing files of the same names: refused, unchanged; replaced with --force.
        let junk = Data("not a statement\n".utf8)
        try junk.write(to: URL(fileURLWithPath: cli.path("so/\(statement)")))
        r = try cli.run(["export", "signoff", "--out", "so"], env: Self.env)
        #expect(r.status == 64)
        #expect(
            r.stderr.hasPrefix("ledger: error: 'so/")
                && r.stderr.hasSuffix("' exists; nothing was written\nledger: hint: choose another --out, or pass --force to replace it\n"), "\(r.stderr)")
        #expect(bytes(cli, "so/\(statement)") == junk)
        r = try cli.run(["export", "signoff", "--out", "so", "--force"], env: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(bytes(cli, "so/\(statement)") != junk)
        #expect(try fm.contentsOfDirectory(atPath: cli.path("so")).sorted() == names)
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func keyNewNeverReplacesAFileNorTheLedger() throws {
        let cli = try signedOff()
        let secret = try #require(bytes(cli, "dana.key"))
        let key = ["key", "new", "--name", "kim", "--kdf-memory", "19", "--out"]
        var r = try cli.run(key + ["dana.key"], env: Self.env)
        #expect(r.status == 64)
        #expect(r.stderr == "ledger: error: 'dana.key' exists; nothing was written\nledger: hint: choose another --out; this command never replaces a file\n")
        #expect(bytes(cli, "dana.key") == secret, "the secret key is untouched")
        // The public half exists: nothing is written (no secret key left without its .pub).
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: cli.path("kim.key.pub")))
        r = try cli.run(key + ["kim.key"], env: Self.env)
        #expect(r.status == 64 && r.stderr.hasPrefix("ledger: error: 'kim.key.pub' exists"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("kim.key")))
        #expect(bytes(cli, "kim.key.pub") == Data("mine\n".utf8))
        let before = try #require(bytes(cli, "deploy.ledger"))
        for target in ["deploy.ledger", "deploy.ledger-wal", "deploy.ledger-journal"] {
            r = try cli.run(key + [target], env: Self.env)
            #expect(r.status == 64 && r.stderr.hasPrefix("ledger: error: '\(target)' is the ledger's own file"), "\(target): \(r.stderr)")
        }
        #expect(bytes(cli, "deploy.ledger") == before)
        #expect(try cli.run(["verify"], env: Self.env).status == 0)
    }

    @Test func initNeverMakesAJournalFileOfADatabase() throws {
        let cli = CLI()
        try cli.initLedger()
        let before = try #require(bytes(cli, "deploy.ledger"))
        let r = try cli.run(["init", "deploy.ledger-wal", "--kdf-memory", "19"], env: Self.env)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("ledger: error: 'deploy.ledger-wal' is a journal file of the SQLite database '"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("deploy.ledger-wal")))
        #expect(bytes(cli, "deploy.ledger") == before)
    }
}
