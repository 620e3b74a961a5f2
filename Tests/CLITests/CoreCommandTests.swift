import Foundation
import LedgerCore
import TestSupport
import Testing

@Suite struct CoreCommandTests {
    let pass = TestSecrets.cliEnvironment

    @Test func initNoteLogVerify() throws {
        let cli = CLI()
        try cli.initLedger()
        #expect(try cli.run(["note", "database backup verified", "--as", "alice"], env: pass).status == 0)
        #expect(try cli.run(["note", "second"], env: pass).stdout.hasPrefix("recorded note as record 3 ("))
        let log = try cli.run(["log"], env: pass)
        #expect(log.status == 0)
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasSuffix("alice  note  database backup verified"))
        #expect(lines[2].contains("tester  note  second"))
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("checked without the key"))
        #expect(verify.stdout.contains("intact: no finding"))
        #expect(verify.stderr == "", "no progress when piped")
        let keyed = try cli.run(["verify"], env: pass)
        #expect(keyed.stdout.contains("checked with the key"))
    }

    @Test func logJSONIsOneCanonicalObjectPerLine() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["note", "x \"quoted\""], env: pass)
        let out = try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n")
        #expect(out.count == 2)
        let v = try CanonicalJSON.parse(Array(out[1].utf8))
        #expect(v["kind"] == "note")
        #expect(v["seq"] == 2)
        #expect(v["data"]?["text"] == "x \"quoted\"")
        #expect(v["actor"] == "tester")
    }

    @Test func ledgerIsFoundFromOptionThenEnvironmentThenDefault() throws {
        let cli = CLI()
        try cli.initLedger("a.ledger")
        try cli.initLedger("b.ledger")
        try cli.run(["note", "to a", "--ledger", "a.ledger"], env: pass)
        try cli.run(["note", "to b"], env: pass.merging(["LEDGER_FILE": "b.ledger"]) { $1 })
        #expect(try cli.run(["log", "--ledger", "a.ledger"], env: pass).stdout.contains("to a"))
        #expect(try cli.run(["log"], env: pass.merging(["LEDGER_FILE": "b.ledger"]) { $1 }).stdout.contains("to b"))
        let missing = try cli.run(["log"], env: pass)
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "ledger: error: no ledger at 'deploy.ledger'\nledger: hint: create one with 'ledger init deploy.ledger', or name another with --ledger or LEDGER_FILE\n"
        )
    }

    @Test func passphraseFileWorksAndWrongPassphraseExits5() throws {
        let cli = CLI()
        try cli.initLedger()
        try Data("pass\n".utf8).write(to: URL(fileURLWithPath: cli.path("pp")))
        #expect(try cli.run(["note", "via file", "--passphrase-file", "pp"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.path("deploy.ledger")))
        let wrong = try cli.run(["note", "nope"], env: ["LEDGER_PASSPHRASE": "wrong"])
        #expect(wrong.status == 5)
        #expect(
            wrong.stderr
                == "ledger: error: the passphrase does not open 'deploy.ledger': it is wrong, or the file's key-wrap row (table keys) was changed; the format cannot tell the two apart\nledger: hint: check LEDGER_PASSPHRASE or --passphrase-file; nothing was changed\n"
        )
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("deploy.ledger"))) == before)
        #expect(try cli.run(["verify"], env: ["LEDGER_PASSPHRASE": "wrong"]).status == 5)
    }

    @Test func missingPassphraseIsAUsageErrorNotAPrompt() throws {
        let cli = CLI()
        try cli.initLedger()
        let r = try cli.run(["note", "x"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("ledger: error: no passphrase for 'deploy.ledger'\nledger: hint: set LEDGER_PASSPHRASE"))
    }

    @Test func badCommandLinesExit64WithOneClearMessage() throws {
        let cli = CLI()
        for (args, says) in [
            (["frobnicate"], "frobnicate"), (["note"], "no note text: give TEXT, or --file FILE"), (["init", "--kdf-memory", "8"], "below OWASP's floor"),
            (["note", "  "], "the note is empty"),
        ] {
            let r = try cli.run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("ledger: error: "), "\(args)")
            #expect(r.stderr.contains(says), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("\nledger: hint: "), "\(args)")
        }
    }

    @Test func notALedgerExits6() throws {
        let cli = CLI()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: cli.path("x.txt")))
        let r = try cli.run(["verify", "x.txt"])
        #expect(r.status == 6)
        #expect(r.stderr.hasPrefix("ledger: error: 'x.txt' is not a ledger file"))
    }

    @Test func tamperingExits3AndCorruptionExits4() throws {
        let cli = CLI()
        try cli.initLedger()
        for i in 0..<4 { try cli.run(["note", "n\(i)"], env: pass) }
        try FileManager.default.copyItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("copy.ledger"))
        try cli.tamper("deploy.ledger", "DELETE FROM events WHERE seq = 3")
        let r = try cli.run(["verify", "--json"])
        #expect(r.status == 3)
        let doc = try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
        #expect(doc["intact"] == false)
        #expect(doc["findings"] == [["kind": "missing", "seq": 3, "message": "record 3 is missing: it was deleted from the log"]])
        try cli.tamper("copy.ledger", "UPDATE events SET nonce = x'00' WHERE seq = 2")
        let c = try cli.run(["verify", "copy.ledger"])
        #expect(c.status == 4)
        #expect(c.stdout.contains("malformed at 2: record 2 is malformed: nonce is 1 bytes, not 24"))
    }

    @Test func sqliteShellOpensTheFile() throws {
        let cli = CLI()
        try cli.initLedger()
        let r = try cli.run(["deploy.ledger", "SELECT count(*), min(seq) FROM events"], executable: "/usr/bin/sqlite3")
        #expect(r.stdout == "1|1\n")
    }

    @Test func twoProcessesAppendingAtOnce() throws {
        let cli = CLI()
        try cli.initLedger()
        let script = "for i in $(seq 1 15); do \(CLI.binary) note \"$1-$i\" || exit 1; done"
        let procs = try (0..<2).map { w -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", script, "bash", "w\(w)"]
            p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
            p.environment = cli.env.merging(pass) { $1 }
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in procs { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let r = try cli.run(["verify", "--json"], env: pass)
        let doc = try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
        #expect(doc["intact"] == true)
        #expect(doc["records"] == 31)
    }
}

@Suite struct CheckpointCommandTests {
    let pass = TestSecrets.cliEnvironment

    @Test func checkpointCatchesACutTailOnTheCommandLine() throws {
        let cli = CLI()
        try cli.initLedger()
        for i in 0..<4 { try cli.run(["note", "n\(i)"], env: pass) }
        let cp = try cli.run(["checkpoint", "--out", "cp.note"], env: pass)
        #expect(cp.status == 0)
        #expect(cp.stderr.hasPrefix("checkpoint at 5 records; verifier key: ledger-checkpoint/"))
        #expect(try cli.run(["verify", "--checkpoint", "cp.note"]).status == 0)
        try cli.tamper("deploy.ledger", "DELETE FROM events WHERE seq = 5")
        #expect(try cli.run(["verify"]).status == 0, "the chain alone cannot see it")
        let r = try cli.run(["verify", "--checkpoint", "cp.note"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("truncated at 5: the log has 4 records but a checkpoint was signed at 5"))
        let proof = try CanonicalJSON.parse(Array(try cli.run(["prove", "2"]).stdout.dropLast().utf8))
        #expect(proof["tree_size"] == 4 && proof["leaf_index"] == 1 && proof["proof"]?.arrayValue?.count == 2)
    }
}
