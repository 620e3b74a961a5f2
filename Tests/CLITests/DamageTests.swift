import Foundation
import LedgerCore
import TestSupport
import Testing

/// Damage is never certified and never hidden (issue 9, point 8), on real files through the
/// real binary: `checkpoint` refuses a log that does not verify, writers refuse to append after
/// a tail that does not verify, readers name the record that does not open, and a changed
/// key-wrap row or ledger id is told apart from a wrong passphrase where the format can.
@Suite struct DamageTests {
    let pass = TestSecrets.cliEnvironment
    static let flipCiphertext =
        "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 9) || (CASE WHEN substr(ciphertext, 10, 1) = x'00' THEN x'01' ELSE x'00' END) || substr(ciphertext, 11) AS BLOB) WHERE seq = "

    /// Records: 1 created, 2 deployment.started, 3 item.ticked, 4 note.
    func deployed() throws -> CLI { try CLI.deployed() }

    func count(_ cli: CLI) throws -> String {
        try cli.run(["deploy.ledger", "SELECT count(*) FROM events"], executable: "/usr/bin/sqlite3").stdout
    }

    /// Recomputes record `seq`'s hash from its stored fields (FORMAT.md §7.3), as anyone can.
    func rehash(_ cli: CLI, _ seq: Int) throws {
        let script = """
            import sqlite3, sys; sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0]); import verify as v
            con = sqlite3.connect(sys.argv[2]); lid = dict(con.execute("SELECT key, value FROM meta"))["ledger_id"]
            r = dict(zip(v.COLS, con.execute(f"SELECT {', '.join(v.COLS)} FROM events WHERE seq = {sys.argv[3]}").fetchone()))
            print(v.record_hash(lid, r).hex())
            """
        let h = try cli.run(
            ["-c", script, IndependentVerifierTests.script, cli.path("deploy.ledger"), "\(seq)"], executable: "/usr/bin/env", prefix: "python3")
        precondition(h.status == 0, h.stderr)
        try cli.tamper("deploy.ledger", "UPDATE events SET hash = x'\(h.stdout.trimmingCharacters(in: .newlines))' WHERE seq = \(seq)")
    }

    @Test func checkpointRefusesADamagedLogAndWritesNothing() throws {
        let cli = try deployed()
        try cli.tamper("deploy.ledger", Self.flipCiphertext + "2")
        let r = try cli.run(["checkpoint", "--out", "cp.note"], env: pass)
        #expect(r.status == 3)
        #expect(
            r.stderr == """
                ledger: error: 'deploy.ledger' does not verify (1 finding: 1 modified): a checkpoint would certify a damaged log; nothing was signed
                ledger: hint: run 'ledger verify' to see every finding

                """)
        #expect(!FileManager.default.fileExists(atPath: cli.path("cp.note")))
        let meta = try cli.run(["deploy.ledger", "SELECT count(*) FROM meta WHERE key = 'checkpoint_key'"], executable: "/usr/bin/sqlite3")
        #expect(meta.stdout == "0\n", "nothing recorded either")
    }

    @Test func checkpointRefusesAPlantedTriggerAndSignsAnIntactLog() throws {
        let cli = try deployed()
        #expect(try cli.run(["checkpoint", "--out", "good.note"], env: pass).status == 0)
        try cli.tamper("deploy.ledger", "CREATE VIEW peek AS SELECT seq FROM events")
        let r = try cli.run(["checkpoint"], env: pass)
        #expect(r.status == 3 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ledger: error: 'deploy.ledger' does not verify (1 finding: 1 schema)"), "\(r.stderr)")
    }

    @Test func aWriterRefusesToAppendAfterATailWhoseHashIsWrong() throws {
        let cli = try deployed()
        try cli.tamper("deploy.ledger", Self.flipCiphertext + "4")
        let r = try cli.run(["note", "after the damage"], env: pass)
        #expect(r.status == 3)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr == """
                ledger: error: the last record of 'deploy.ledger' (record 4) does not verify: its stored fields no longer match its hash; nothing was appended after it
                ledger: hint: run 'ledger verify' to see what is damaged

                """)
        #expect(try count(cli) == "4\n")
    }

    @Test func aWriterRefusesToAppendAfterATailThatDoesNotOpen() throws {
        let cli = try deployed()
        try cli.tamper("deploy.ledger", Self.flipCiphertext + "4")
        try rehash(cli, 4)
        #expect(try cli.run(["verify"]).status == 0, "keyless, the rehashed tail looks intact")
        let r = try cli.run(["note", "after the damage"], env: pass)
        #expect(r.status == 3)
        #expect(
            r.stderr == """
                ledger: error: the last record of 'deploy.ledger' (record 4) does not verify: it does not open with the ledger's key (it was changed after it was written); nothing was appended after it
                ledger: hint: run 'ledger verify' to see what is damaged

                """)
        // A tick reads the deployment first, and meets the damaged record there.
        let tick = try cli.run(["tick", "1.1.2"], env: pass)
        #expect(tick.status == 3)
        #expect(tick.stderr.hasPrefix("ledger: error: record 4 (note) does not open with the ledger's key"), "\(tick.stderr)")
        #expect(try count(cli) == "4\n")
    }

    @Test func aWriterRefusesToAppendAfterATailThatDoesNotLink() throws {
        let cli = try deployed()
        try cli.tamper("deploy.ledger", "UPDATE events SET prev_hash = zeroblob(32) WHERE seq = 4")
        try rehash(cli, 4)
        let r = try cli.run(["note", "after the damage"], env: pass)
        #expect(r.status == 3)
        #expect(
            r.stderr.hasPrefix(
                "ledger: error: the last record of 'deploy.ledger' (record 4) does not verify: it does not link to record 3; nothing was appended after it"),
            "\(r.stderr)")
    }

    @Test func readersNameTheRecordThatDoesNotOpenAndPointToVerify() throws {
        let cli = try deployed()
        try cli.tamper("deploy.ledger", Self.flipCiphertext + "3")
        let expected = """
            ledger: error: record 3 (item.ticked) does not open with the ledger's key: it was changed after it was written
            ledger: hint: run 'ledger verify' to see what is damaged

            """
        for args in [["log"], ["status"], ["export", "checklist"]] {
            let r = try cli.run(args, env: pass)
            #expect(r.status == 3, "\(args)")
            #expect(r.stderr == expected, "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("authenticationFailed"))
        }
        try cli.tamper("deploy.ledger", Self.flipCiphertext + "2")
        let list = try cli.run(["deploy", "list"], env: pass)
        #expect(list.status == 3)
        #expect(list.stderr.hasPrefix("ledger: error: record 2 (deployment.started) does not open with the ledger's key"), "\(list.stderr)")
    }

    @Test func aChangedKeyWrapRowOrLedgerIdIsToldFromAWrongPassphrase() throws {
        let cli = try deployed()
        try FileManager.default.copyItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("orig.ledger"))
        func attempt(_ sql: String) throws -> CLI.Result {
            try? FileManager.default.removeItem(atPath: cli.path("deploy.ledger"))
            try FileManager.default.copyItem(atPath: cli.path("orig.ledger"), toPath: cli.path("deploy.ledger"))
            try cli.tamper("deploy.ledger", sql)
            return try cli.run(["log"], env: pass)
        }
        let salt = try attempt("UPDATE keys SET salt = x'00'")
        #expect(salt.status == 5)
        #expect(
            salt.stderr.hasPrefix("ledger: error: the key-wrap row of epoch 1 in 'deploy.ledger' was changed: its salt is 1 bytes, not 16\n"), "\(salt.stderr)")
        let cost = try attempt("UPDATE keys SET memlimit = 1048576")
        #expect(
            cost.stderr.hasPrefix(
                "ledger: error: the key-wrap row of epoch 1 in 'deploy.ledger' was changed: its Argon2id cost (1048576 bytes, 2 passes) is outside what any writer uses"
            ), "\(cost.stderr)")
        let id = try attempt("UPDATE meta SET value = zeroblob(16) WHERE key = 'ledger_id'")
        #expect(id.status == 5)
        #expect(
            id.stderr.hasPrefix(
                "ledger: error: the ledger id of 'deploy.ledger' (meta.ledger_id) was changed: neither its first nor its last record hashes under it, so no passphrase opens it\n"
            ), "\(id.stderr)")
        let wrapped = try attempt(
            "UPDATE keys SET wrapped = CAST(substr(wrapped, 1, 9) || (CASE WHEN substr(wrapped, 10, 1) = x'00' THEN x'01' ELSE x'00' END) || substr(wrapped, 11) AS BLOB)"
        )
        let ambiguous = """
            ledger: error: the passphrase does not open 'deploy.ledger': it is wrong, or the file's key-wrap row (table keys) was changed; the format cannot tell the two apart
            ledger: hint: check LEDGER_PASSPHRASE or --passphrase-file; nothing was changed

            """
        #expect(wrapped.status == 5 && wrapped.stderr == ambiguous, "\(wrapped.stderr)")
        try? FileManager.default.removeItem(atPath: cli.path("deploy.ledger"))
        try FileManager.default.copyItem(atPath: cli.path("orig.ledger"), toPath: cli.path("deploy.ledger"))
        let wrong = try cli.run(["log"], env: ["LEDGER_PASSPHRASE": "not it"])
        #expect(wrong.status == 5 && wrong.stderr == ambiguous)
    }

    /// A ledger whose SQLite pages were overwritten (a damaged disk, a bad copy) is damaged, exit 4
    /// (docs/CLI.md §Exit codes); a file that is not SQLite at all stays "not a ledger", exit 6.
    @Test func overwrittenPagesExit4AndAFileThatIsNotSQLiteExits6() throws {
        let cli = try deployed()
        let file = cli.path("deploy.ledger")
        let q = try cli.run(
            [file, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA page_size; SELECT rootpage FROM sqlite_master WHERE name = 'events'"],
            executable: "/usr/bin/sqlite3")
        let numbers = q.stdout.split(separator: "\n").compactMap { Int($0) }
        try #require(numbers.count == 2, "\(q.stdout) \(q.stderr)")
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: UInt64((numbers[1] - 1) * numbers[0]))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: numbers[0]))
        try handle.close()
        let r = try cli.run(["verify"], env: pass)
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("ledger: error: 'deploy.ledger' is damaged: SQLite cannot read it while "), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("ledger: hint: restore the file from a backup\n"), "\(r.stderr)")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: cli.path("x.ledger")))
        let notSQLite = try cli.run(["verify", "x.ledger"], env: pass)
        #expect(notSQLite.status == 6, "\(notSQLite.stderr)")
    }
}
