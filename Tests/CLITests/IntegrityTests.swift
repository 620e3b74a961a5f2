import Foundation
import LedgerCore
import TestSupport
import Testing

/// What SQL and a disclosed record key can do behind the tool's back, on real files through
/// the real binary (issue 9, point 7): a planted trigger, an emptied log, a forged record
/// written with an excerpt's record key. Both verifiers must agree.
@Suite struct IntegrityTests {
    let pass = ["LEDGER_PASSPHRASE": "pass", "PW": "pass"]

    func deployed() throws -> CLI { try CLI.deployed() }

    func findings(_ cli: CLI, _ args: [String] = [], withKey: Bool = true) throws -> (status: Int32, rows: [String], theirs: [String]) {
        let r = try cli.run(["verify", "--json"] + args, env: withKey ? pass : [:])
        let doc = try CanonicalJSON.parse(Array(r.stdout.trimmingCharacters(in: .newlines).utf8))
        let theirs = try IndependentVerifierTests().independent(cli, "deploy.ledger", withKey: withKey)
        return (r.status, IndependentVerifierTests.rows(doc), IndependentVerifierTests.rows(theirs))
    }

    @Test func aTriggerThatSwallowsInsertsMakesWritersFailAndVerifyNameIt() throws {
        let cli = try deployed()
        let planted = try cli.run(
            [cli.path("deploy.ledger"), "CREATE TRIGGER swallow BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END;"],
            executable: "/usr/bin/sqlite3")
        #expect(planted.status == 0, "\(planted.stderr)")
        let error = """
            ledger: error: 'deploy.ledger' did not store record 5 as written: something in the file (a trigger?) changed or dropped it
            ledger: hint: nothing was written; run 'ledger verify' to see what is in the file

            """
        for args in [["note", "swallowed"], ["untick", "1.1.1"], ["tick", "1.1.2"]] {
            let r = try cli.run(args, env: pass)
            #expect(r.status == 3, "\(args)")
            #expect(r.stdout == "", "nothing claimed: \(r.stdout)")
            #expect(r.stderr == error, "\(args)")
        }
        let v = try cli.run(["verify"])
        #expect(v.status == 3)
        #expect(
            v.stdout.contains(
                "  schema at 0: the file has trigger 'swallow' on 'events' that the format does not define (FORMAT.md §4): a trigger can change or drop what a writer stores"
            ), "\(v.stdout)")
        let both = try findings(cli)
        #expect(both.rows == ["schema@0"] && both.theirs == both.rows)
    }

    @Test(arguments: [
        "DELETE FROM events",
        "CREATE VIEW peek AS SELECT seq FROM events",
        "DROP INDEX events_by_deployment",
        "DROP TRIGGER keys_no_update",
    ])
    func bothVerifiersFindStructuralDamage(_ attack: String) throws {
        let cli = try deployed()
        if attack.hasPrefix("DELETE") {
            try cli.tamper("deploy.ledger", attack)
        } else {
            #expect(try cli.run([cli.path("deploy.ledger"), attack], executable: "/usr/bin/sqlite3").status == 0)
        }
        for withKey in [false, true] {
            let both = try findings(cli, withKey: withKey)
            #expect(both.status == 3)
            #expect(both.rows == (attack.hasPrefix("DELETE") ? ["missing@1"] : ["schema@0"]), "\(attack)")
            #expect(both.theirs == both.rows, "\(attack)")
        }
    }

    /// The attack of issue 9 point 7(c): with one excerpt's record key, and nothing else, write
    /// a record that opens with the data key. Before nonce_reuse it passed `verify` with the
    /// key, a trust file pinning the checkpoint key, and a checkpoint.
    @Test func aRecordForgedWithAnExcerptsRecordKeyIsFound() throws {
        let cli = try deployed()
        let cp = try cli.run(["checkpoint", "--out", "cp.note"], env: pass)
        let key = String(cp.stderr.split(separator: " ").last!.dropLast())
        try Data("checkpoint-key \(key)\n".utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--kind", "note", "--output", "x.jsonl"], env: pass).status == 0)
        let forge = try cli.run(
            [Self.forger, IndependentVerifierTests.script, cli.path("x.jsonl"), cli.path("deploy.ledger")],
            executable: "/usr/bin/env", prefix: "python3")
        #expect(forge.status == 0, "\(forge.stderr)")
        let log = try cli.run(["log"], env: pass)
        #expect(log.status == 0 && log.stdout.contains("forged by mallory"), "the forgery opens with the data key: \(log.stdout)\(log.stderr)")
        let r = try cli.run(["verify", "--trust", "trust.txt", "--checkpoint", "cp.note"], env: pass)
        #expect(r.status == 3)
        #expect(
            r.stdout.contains(
                "  nonce_reuse at 5: record 5's nonce begins with the same 16 bytes as record 4's, so both have one record key: whoever holds record 4's key (from an excerpt) could have written record 5"
            ), "\(r.stdout)")
        for withKey in [false, true] {
            let both = try findings(cli, withKey: withKey)
            #expect(both.rows == ["nonce_reuse@5"] && both.theirs == both.rows)
        }
    }

    @Test func theTimelineSchemaKnowsEveryFindingKind() throws {
        let url = Repository.url("schema/timeline.schema.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let line = try #require(text.range(of: #""kind": \{ "enum": \[[^\]]*\]"#, options: .regularExpression))
        let kinds = Set(
            text[line].split(separator: "\"").filter { $0.allSatisfy { $0.isLowercase || $0 == "_" } && !["kind", "enum"].contains($0) }.map(String.init))
        #expect(kinds == Set(FindingKind.allCases.map(\.rawValue)))
    }

    /// Deletes record 1 and renumbers the rest from 1, recomputing every hash and link from the
    /// genesis hash (FORMAT.md §7.3, with the independent verifier's functions); or only
    /// rewrites record 1's link and rehashes the chain.
    static let recut = """
        import sqlite3, sys, hashlib; sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0]); import verify as v
        con = sqlite3.connect(sys.argv[2]); lid = dict(con.execute("SELECT key, value FROM meta"))["ledger_id"]
        rows = [dict(zip(v.COLS, t)) for t in con.execute(f"SELECT {', '.join(v.COLS)} FROM events ORDER BY seq")]
        if sys.argv[3] == "cut": rows = [dict(r, seq=r["seq"] - 1) for r in rows[1:]]
        prev = hashlib.sha256(v.L_GENESIS + lid).digest() if sys.argv[3] == "cut" else bytes(32)
        for r in rows: r["prev_hash"] = prev; r["hash"] = prev = v.record_hash(lid, r)
        for t in ("events_no_update", "events_no_delete"):
            sql = con.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (t,)).fetchone()[0]; con.execute(f"DROP TRIGGER {t}")
            globals().setdefault("triggers", []).append(sql)
        con.execute("DELETE FROM events")
        con.executemany(f"INSERT INTO events ({', '.join(v.COLS)}) VALUES ({', '.join('?' * len(v.COLS))})", [[r[c] for c in v.COLS] for r in rows])
        for sql in triggers: con.execute(sql)
        con.commit()
        """

    @Test(arguments: ["cut", "relink"])
    func bothVerifiersFindARewrittenStart(_ how: String) throws {
        let cli = try deployed()
        let r = try cli.run(["-c", Self.recut, IndependentVerifierTests.script, cli.path("deploy.ledger"), how], executable: "/usr/bin/env", prefix: "python3")
        #expect(r.status == 0, "\(r.stderr)")
        let keyless = try findings(cli, withKey: false)
        #expect(keyless.status == 3)
        #expect(keyless.rows == ["modified@1"] && keyless.theirs == keyless.rows, "\(how)")
        let keyed = try findings(cli, withKey: true)
        #expect(keyed.rows.first == "modified@1" && keyed.rows.dropFirst().allSatisfy { $0.hasPrefix("undecryptable@") }, "\(keyed.rows)")
        #expect(keyed.theirs == keyed.rows, "\(how)")
    }

    /// A Python script that knows only the excerpt (its record key) and FORMAT.md: it appends
    /// a note whose nonce begins with the excerpted record's 16 bytes, sealed under its key.
    static let forger: String = {
        let path = NSTemporaryDirectory() + "ledger-forger-\(UUID().uuidString).py"
        try! Data(
            """
            import hashlib, json, sqlite3, struct, sys, os
            sys.path.insert(0, os.path.dirname(sys.argv[1])); import verify as v
            from nacl import bindings as nb
            entry = [json.loads(l) for l in open(sys.argv[2])][1]
            rec, key = entry["proof"]["record"], bytes.fromhex(entry["proof"]["record_key"])
            con = sqlite3.connect(sys.argv[3])
            lid = dict(con.execute("SELECT key, value FROM meta"))["ledger_id"]
            seq, head = con.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
            nonce = bytes.fromhex(rec["nonce"])[:16] + b"\\x77" * 8
            r = {"seq": seq + 1, "kind": "note", "deployment": bytes.fromhex(rec["deployment"]), "epoch": 1, "public": b"",
                 "nonce": nonce, "prev_hash": head, "sig": b""}
            payload = b'{"actor":"mallory","data":{"text":"forged by mallory"},"time":"2026-12-02T12:00:00.000Z"}'
            r["ciphertext"] = nb.crypto_aead_chacha20poly1305_ietf_encrypt(payload, v.L_RECORD_AD + v.header(lid, r), b"\\0" * 4 + nonce[16:], key)
            r["hash"] = v.record_hash(lid, r)
            con.execute("INSERT INTO events (seq, kind, deployment, epoch, public, nonce, ciphertext, sig, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        [r[c] for c in ("seq", "kind", "deployment", "epoch", "public", "nonce", "ciphertext", "sig", "prev_hash", "hash")])
            con.commit()
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        return path
    }()
}
