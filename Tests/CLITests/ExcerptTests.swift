import Foundation
import LedgerCore
import TestSupport
import Testing

/// `ledger export timeline --proofs` and `ledger verify-export`: excerpts checked without the
/// ledger and without the passphrase.
@Suite struct ExcerptCommandTests {
    let pass = TestSecrets.cliEnvironment
    static let schemas = Repository.path("schema")

    /// A ledger with a deployment, a tick, a note and an action; returns the CLI and the
    /// checkpoint verifier key `ledger checkpoint` printed (the key an auditor pins).
    func deployed() throws -> (CLI, String) {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["deploy", "start", "--name", "R1"], env: pass)
        try cli.run(["tick", "1.1.1", "--note", "PR #812 approved"], env: pass)
        try cli.run(["note", "all green", "--role", "Deployment Lead"], env: pass)
        try cli.run(["run", "7.2.1.1", "--tick", "--", "true"], env: pass)
        let cp = try cli.run(["checkpoint", "--out", "cp.note"], env: pass)
        let key = String(cp.stderr.split(separator: " ").last!.dropLast())
        #expect(key.hasPrefix("ledger-checkpoint/"), "\(cp.stderr)")
        return (cli, key)
    }

    /// `ledger verify-export` with no passphrase and no ledger in reach, as JSON.
    func verify(_ cli: CLI, _ file: String, key: String?) throws -> (status: Int32, doc: JSONValue, stderr: String) {
        let r = try cli.run(["verify-export", file, "--json"] + (key.map { ["--checkpoint-key", $0] } ?? []), env: ["LEDGER_FILE": "/nonexistent"])
        let doc = (try? CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))) ?? .null
        return (r.status, doc, r.stderr)
    }

    /// The findings as `kind seq` words.
    func findings(_ doc: JSONValue) -> [String] {
        (doc["findings"]?.arrayValue ?? []).map { "\($0["kind"]!.stringValue!) \($0["seq"]!.intValue!)" }
    }

    /// Writes a copy of `file` with the line of entry `seq` (0: the header) changed.
    func tampered(_ cli: CLI, _ file: String, seq: Int64, _ change: (inout [String: JSONValue]) -> Void) throws -> String {
        var lines = try String(contentsOfFile: cli.path(file), encoding: .utf8).split(separator: "\n").map(String.init)
        let i = try lines.firstIndex { try CanonicalJSON.parse(Array($0.utf8))["seq"]?.intValue ?? 0 == seq }!
        var o = try CanonicalJSON.parse(Array(lines[i].utf8)).objectValue!
        change(&o)
        lines[i] = JSONValue.object(o).canonicalString
        let name = "tampered-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: cli.path(name), atomically: true, encoding: .utf8)
        return name
    }

    static func set(_ o: inout [String: JSONValue], _ outer: String, _ key: String, _ value: JSONValue) {
        var inner = o[outer]!.objectValue!
        inner[key] = value
        o[outer] = .object(inner)
    }

    /// The sequence number of the first entry of `kind`.
    func seq(of kind: String, in cli: CLI, _ file: String) throws -> Int64 {
        let lines = try String(contentsOfFile: cli.path(file), encoding: .utf8).split(separator: "\n")
        return try lines.lazy.map { try CanonicalJSON.parse(Array($0.utf8)) }.first { $0["kind"]?.stringValue == kind }!["seq"]!.intValue!
    }

    @Test func anExportWithProofsFollowsTheSchemaAndVerifiesWithoutTheLedger() throws {
        let (cli, key) = try deployed()
        let export = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl", "--tz", "+02:00"], env: pass)
        #expect(export.status == 0, "\(export.stderr)")
        let check = try cli.run(
            [
                "-c",
                """
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1]))
                lines = [json.loads(l) for l in open(sys.argv[2])]
                for l in lines: jsonschema.validate(l, schema)
                print(len(lines), lines[0]["excerpt"]["tree_size"], all("proof" in l for l in lines[1:]))
                """, Self.schemas + "/timeline.schema.json", cli.path("x.jsonl"),
            ], executable: "/usr/bin/env", prefix: "python3")
        #expect(check.stdout == "8 7 True\n", "\(check.stderr)")
        try FileManager.default.removeItem(atPath: cli.path("deploy.ledger"))
        #expect(cli.env["LEDGER_PASSPHRASE"] == nil)
        let v = try verify(cli, "x.jsonl", key: key)
        #expect(v.status == 0, "\(v.doc.canonicalString) \(v.stderr)")
        #expect(v.doc["intact"] == true && v.doc["key_pinned"] == true && v.doc["entries"] == 7 && v.doc["unproved_context"] == 0)
        let text = try cli.run(["verify-export", "x.jsonl", "--checkpoint-key", key])
        #expect(text.status == 0)
        #expect(text.stdout.contains("(pinned)") && text.stdout.contains("intact: every entry is a record of the ledger's log as shown"), "\(text.stdout)")
        let unpinned = try cli.run(["verify-export", "x.jsonl"])
        #expect(unpinned.status == 0)
        #expect(unpinned.stdout.contains("taken from the file and NOT pinned"), "\(unpinned.stdout)")
    }

    /// An independent check in Python (PyNaCl and the standard library), written from
    /// docs/FORMAT.md §15: checkpoint signature, record hashes, record keys, inclusion proofs.
    static let independent = #"""
        import base64, hashlib, json, struct, sys
        from nacl import bindings as nb
        from nacl.signing import VerifyKey
        lines = [json.loads(l) for l in open(sys.argv[1])]
        head, x = lines[0], lines[0]["excerpt"]
        ledger = bytes.fromhex(head["ledger"])
        name, keyid, b64 = sys.argv[2].split("+", 2)
        pk = base64.b64decode(b64)[1:]
        assert hashlib.sha256(name.encode() + b"\n\x01" + pk).digest()[:4].hex() == keyid
        body, sigs = x["checkpoint"].split("\n\n", 1)
        body += "\n"
        signed = False
        for line in sigs.splitlines():
            who, blob = line[2:].split(" ")
            blob = base64.b64decode(blob)
            if who == name and blob[:4].hex() == keyid:
                VerifyKey(pk).verify(body.encode(), blob[4:]); signed = True
        origin, size, root = body.split("\n")[:3]
        assert signed and origin == "ledger/" + ledger.hex() and int(size) == x["tree_size"]
        size, root = int(size), base64.b64decode(root)
        node = lambda a, b: hashlib.sha256(b"\x01" + a + b).digest()
        def included(leaf, fn, sn, path):
            r, sn = leaf, sn - 1
            for p in path:
                if sn == 0: return False
                if fn & 1 or fn == sn:
                    r = node(p, r)
                    while not fn & 1 and fn: fn >>= 1; sn >>= 1
                else: r = node(r, p)
                fn >>= 1; sn >>= 1
            return sn == 0 and r == root
        for e in lines[1:]:
            p, r = e["proof"], e["proof"]["record"]
            pub, ct, sig = (base64.b64decode(r[k]) for k in ("public", "ciphertext", "sig"))
            nonce = bytes.fromhex(r["nonce"])
            header = (ledger + struct.pack(">QI", r["seq"], r["epoch"]) + bytes.fromhex(r["deployment"]) + bytes([len(r["kind"])])
                      + r["kind"].encode() + struct.pack(">I", len(pub)) + pub + nonce + bytes.fromhex(r["prev_hash"]))
            rh = hashlib.sha256(b"ledger/v1/record\0" + header + struct.pack(">I", len(ct)) + ct + struct.pack(">H", len(sig)) + sig).digest()
            assert rh.hex() == r["hash"] == e["hash"]
            pt = nb.crypto_aead_chacha20poly1305_ietf_decrypt(ct, b"ledger/v1/record-ad\0" + header, bytes(4) + nonce[16:], bytes.fromhex(p["record_key"]))
            payload = json.loads(pt)
            assert (payload["actor"], payload.get("role"), payload["time"]) == (e["actor"], e["role"], e["time"])
            assert (r["seq"], r["kind"], r["deployment"]) == (e["seq"], e["kind"], e["deployment"])
            assert p["leaf_index"] == r["seq"] - 1
            assert included(hashlib.sha256(b"\0" + rh).digest(), p["leaf_index"], size, [bytes.fromhex(q) for q in p["path"]])
        print(len(lines) - 1, "entries check out")
        """#

    @Test func anIndependentVerifierFollowsTheDraft() throws {
        let (cli, key) = try deployed()
        try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass)
        let check = try cli.run(["-c", Self.independent, cli.path("x.jsonl"), key], executable: "/usr/bin/env", prefix: "python3")
        #expect(check.stdout == "7 entries check out\n", "\(check.stderr)")
    }

    @Test func editedTextAndContextAreModifiedAtThatEntry() throws {
        let (cli, key) = try deployed()
        try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass)
        let tick = try seq(of: "item.ticked", in: cli, "x.jsonl")
        let details = try tampered(cli, "x.jsonl", seq: tick) { $0["details"] = "PR #813 approved" }
        let v = try verify(cli, details, key: key)
        #expect(v.status == 3)
        #expect(findings(v.doc) == ["modified \(tick)"])
        #expect(v.doc["findings"]?.arrayValue?.first?["message"]?.stringValue?.contains("details") == true)
        let itemText = try tampered(cli, "x.jsonl", seq: tick) { $0["item_text"] = "Skip the review" }
        #expect(findings(try verify(cli, itemText, key: key).doc) == ["modified \(tick)"])
        let role = try tampered(cli, "x.jsonl", seq: try seq(of: "note", in: cli, "x.jsonl")) { $0["role"] = .null }
        #expect(findings(try verify(cli, role, key: key).doc) == ["modified \(try seq(of: "note", in: cli, "x.jsonl"))"])
    }

    @Test func aChangedProofHashIsABadProof() throws {
        let (cli, key) = try deployed()
        try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass)
        let file = try tampered(cli, "x.jsonl", seq: 3) { o in
            var path = o["proof"]!["path"]!.arrayValue!
            var h = Hex.decode(path[1].stringValue!)!
            h[31] ^= 1
            path[1] = .string(Hex.encode(h))
            Self.set(&o, "proof", "path", .array(path))
        }
        let v = try verify(cli, file, key: key)
        #expect(v.status == 3)
        #expect(findings(v.doc) == ["bad_proof 3"])
    }

    @Test func aChangedCheckpointOrAWrongKeyIsABadCheckpoint() throws {
        let (cli, key) = try deployed()
        try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass)
        func changeNote(_ line: Int, _ value: String) throws -> String {
            try tampered(cli, "x.jsonl", seq: 0) { o in
                var lines = o["excerpt"]!["checkpoint"]!.stringValue!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                lines[line] = value
                Self.set(&o, "excerpt", "checkpoint", .string(lines.joined(separator: "\n")))
            }
        }
        let root = try changeNote(2, Base64.encode([UInt8](repeating: 1, count: 32)))
        #expect(findings(try verify(cli, root, key: key).doc) == ["bad_checkpoint 0"])
        let note = try String(contentsOfFile: cli.path("x.jsonl"), encoding: .utf8)
        let sigLine = try CanonicalJSON.parse(Array(note.split(separator: "\n")[0].utf8))["excerpt"]!["checkpoint"]!.stringValue!.split(separator: "\n")[3]
        let sig = try changeNote(4, String(sigLine.dropLast(4)) + "AAA=")
        let badSig = try verify(cli, sig, key: key)
        #expect(badSig.status == 3)
        #expect(findings(badSig.doc) == ["bad_checkpoint 0"])

        let other = CLI()
        try other.initLedger()
        let otherKey = String(try other.run(["checkpoint"], env: pass).stderr.split(separator: " ").last!.dropLast())
        try FileManager.default.copyItem(atPath: cli.path("x.jsonl"), toPath: other.path("x.jsonl"))
        let wrong = try verify(other, "x.jsonl", key: otherKey)
        #expect(wrong.status == 3)
        #expect(findings(wrong.doc) == ["bad_checkpoint 0"])
    }

    @Test func aMovedEntryIsAFinding() throws {
        let (cli, key) = try deployed()
        try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--kind", "item.", "--output", "x.jsonl"], env: pass)
        let tick = try seq(of: "item.ticked", in: cli, "x.jsonl")
        let moved = try tampered(cli, "x.jsonl", seq: tick) { $0["seq"] = .int(tick + 1) }
        let v = try verify(cli, moved, key: key)
        #expect(v.status == 3)
        #expect(findings(v.doc) == ["modified \(tick + 1)"])
        let rewritten = try tampered(cli, "x.jsonl", seq: tick) { o in
            o["seq"] = .int(tick + 1)
            var record = o["proof"]!["record"]!.objectValue!
            record["seq"] = .int(tick + 1)
            Self.set(&o, "proof", "record", .object(record))
            Self.set(&o, "proof", "leaf_index", .int(tick))
        }
        #expect(findings(try verify(cli, rewritten, key: key).doc).contains("bad_proof \(tick + 1)"))
    }

    @Test func aFilteredExcerptAndAGivenCheckpoint() throws {
        let (cli, key) = try deployed()
        try cli.run(["tick", "1.1.2"], env: pass)
        let deployment = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--deployment", "R1", "--output", "d.jsonl"], env: pass)
        #expect(deployment.status == 0, "\(deployment.stderr)")
        let v = try verify(cli, "d.jsonl", key: key)
        #expect(v.status == 0 && v.doc["entries"] == 7 && v.doc["tree_size"] == 8, "\(v.doc.canonicalString)")

        let old = try cli.run(
            ["export", "timeline", "--format", "jsonl", "--proofs", "--checkpoint", "cp.note", "--kind", "action.", "--output", "a.jsonl"], env: pass)
        #expect(old.status == 0, "\(old.stderr)")
        let actions = try verify(cli, "a.jsonl", key: key).doc
        #expect(actions["tree_size"] == 7 && actions["intact"] == true && actions["unproved_context"] == 2, "\(actions.canonicalString)")
        let uncovered = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--checkpoint", "cp.note", "--output", "all.jsonl"], env: pass)
        #expect(uncovered.status == 1)
        #expect(uncovered.stderr.hasPrefix("ledger: error: record 8 is not covered by the checkpoint, which covers records 1…7\nledger: hint: "))
        #expect(!FileManager.default.fileExists(atPath: cli.path("all.jsonl")))
    }

    @Test func anotherLedgersCheckpointIsRefused() throws {
        let (cli, _) = try deployed()
        let other = CLI()
        try other.initLedger()
        try other.run(["checkpoint", "--out", "cp.note"], env: pass)
        try FileManager.default.copyItem(atPath: other.path("cp.note"), toPath: cli.path("other.note"))
        let r = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--checkpoint", "other.note"], env: pass)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("ledger: error: the checkpoint does not fit this ledger: "), "\(r.stderr)")
    }

    @Test func proofsNeedJSONLinesAndVerifyExportNeedsAnExcerpt() throws {
        let (cli, _) = try deployed()
        let csv = try cli.run(["export", "timeline", "--format", "csv", "--proofs"], env: pass)
        #expect(csv.status == 64)
        #expect(
            csv.stderr
                == "ledger: error: --proofs works only with --format jsonl, not csv\nledger: hint: an excerpt with proofs is JSON Lines: use --format jsonl --proofs\n"
        )
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--checkpoint", "cp.note"], env: pass).status == 64)
        try cli.run(["export", "timeline", "--format", "jsonl", "--output", "plain.jsonl"], env: pass)
        let plain = try cli.run(["verify-export", "plain.jsonl"])
        #expect(plain.status == 1)
        #expect(
            plain.stderr
                == "ledger: error: 'plain.jsonl' is not a timeline excerpt: it is a timeline without proofs\nledger: hint: export it again with --proofs\n")
        #expect(try cli.run(["verify-export", "missing.jsonl"]).status == 1)
        let badKey = try cli.run(["verify-export", "plain.jsonl", "--checkpoint-key", "nope"])
        #expect(badKey.status == 64)
    }

    @Test func aSignedEntryWhoseSignatureWasChangedIsFound() throws {
        let (cli, _) = try deployed()
        let keyEnv = pass.merging(["LEDGER_KEY_PASSPHRASE": "kp"]) { $1 }
        for args in [
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["tick", "1.1.2", "--key", "dana.key"],
        ] {
            let r = try cli.run(args, env: keyEnv)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let cp = try cli.run(["checkpoint", "--out", "cp2.note"], env: pass)
        let key = String(cp.stderr.split(separator: " ").last!.dropLast())
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--checkpoint", "cp2.note", "--output", "x.jsonl"], env: pass).status == 0)
        #expect(try verify(cli, "x.jsonl", key: key).status == 0, "a good signature passes")
        let signed = try #require(
            try String(contentsOfFile: cli.path("x.jsonl"), encoding: .utf8).split(separator: "\n")
                .map { try CanonicalJSON.parse(Array($0.utf8)) }.last { $0["kind"]?.stringValue == "item.ticked" }?["seq"]?.intValue)  // the signed tick of 1.1.2
        let bad = try tampered(cli, "x.jsonl", seq: signed) { o in
            var proof = o["proof"]!.objectValue!, record = proof["record"]!.objectValue!
            var sig = Base64.decode(record["sig"]!.stringValue!)!
            sig[40] ^= 1
            record["sig"] = .string(Base64.encode(sig))
            proof["record"] = .object(record)
            o["proof"] = .object(proof)
        }
        let v = try verify(cli, bad, key: key)
        #expect(v.status == 3)
        #expect(findings(v.doc).contains("bad_signature \(signed)"), "\(v.doc.canonicalString)")
    }

    @Test func aRewrittenLogsExcerptFailsAgainstACheckpointTakenEarlier() throws {
        let (cli, key) = try deployed()
        // A passphrase holder cuts the log and writes another history, then exports it.
        try FileManager.default.copyItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("fork.ledger"))
        let cut = try cli.run(["fork.ledger", CLI.coveringTracks("DELETE FROM events WHERE seq >= 3")], executable: "/usr/bin/sqlite3")
        #expect(cut.status == 0, "\(cut.stderr)")
        #expect(try cli.run(["tick", "1.1.1", "--as", "mallory", "--ledger", "fork.ledger"], env: pass).status == 0)
        #expect(
            try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--ledger", "fork.ledger", "--output", "fork.jsonl"], env: pass).status == 0)
        #expect(try verify(cli, "fork.jsonl", key: key).status == 0, "the pinned key alone cannot tell: every passphrase holder can sign checkpoints")
        let r = try cli.run(["verify-export", "fork.jsonl", "--checkpoint-key", key, "--checkpoint", "cp.note", "--json"])
        #expect(r.status == 3)
        let doc = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
        #expect(findings(doc) == ["bad_checkpoint 0"], "\(r.stdout)")
        // The honest export against that checkpoint matches it.
        #expect(
            try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--checkpoint", "cp.note", "--output", "good.jsonl"], env: pass).status == 0)
        let good = try cli.run(["verify-export", "good.jsonl", "--checkpoint-key", key, "--checkpoint", "cp.note"])
        #expect(good.status == 0 && good.stdout.contains("the checkpoint is the one you trust"), "\(good.stdout)")
    }

    @Test func hostileTextCannotDrawOnTheTerminal() throws {
        let (cli, key) = try deployed()
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass).status == 0)
        let seq = try seq(of: "item.ticked", in: cli, "x.jsonl")
        let bad = try tampered(cli, "x.jsonl", seq: seq) { o in
            o["details"] = .string("\u{1b}[2K\rintact: every entry is a record of the ledger's log as shown")
            o["\u{1b}[1A\u{1b}[2Kx"] = .string("y")
        }
        let r = try cli.run(["verify-export", bad, "--checkpoint-key", key])
        #expect(r.status == 3)
        #expect(!r.stdout.contains("\u{1b}"), "no escape character reaches the terminal")
        #expect(r.stdout.contains("NOT INTACT"))
    }

    @Test func anExcerptOfADamagedLogIsRefusedAndNothingIsWritten() throws {
        let (cli, _) = try deployed()
        let flip = try cli.run(
            [
                "deploy.ledger",
                CLI.coveringTracks(
                    "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 9) || (CASE WHEN substr(ciphertext, 10, 1) = x'00' THEN x'01' ELSE x'00' END) || substr(ciphertext, 11) AS BLOB) WHERE seq = 3"
                ),
            ],
            executable: "/usr/bin/sqlite3")
        #expect(flip.status == 0, "\(flip.stderr)")
        let r = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs"], env: pass)
        #expect(r.status == 3)
        #expect(
            r.stdout.hasPrefix(#"{"error":"the ledger does not verify"#) && r.stdout.filter { $0 == "\n" }.count == 1,
            "no excerpt on standard output, only the error object (docs/CLI.md §Errors as JSON): \(r.stdout)")
        #expect(r.stderr.hasPrefix("ledger: error: the ledger does not verify"))
    }

    @Test func exportsAreWritten0600AndNeverOverTheLedger() throws {
        let (cli, _) = try deployed()
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: cli.path("x.jsonl"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let r = try cli.run(["export", "timeline", "--format", "jsonl", "--output", "deploy.ledger"], env: pass)
        #expect(r.status == 64 && r.stderr.contains("is the ledger's own file"), "\(r.stderr)")
        #expect(try cli.run(["verify"], env: pass).status == 0, "the ledger is intact")
    }

    @Test func strictMembersOffsetsAndEmptyExcerpts() throws {
        let (cli, key) = try deployed()
        #expect(try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "x.jsonl"], env: pass).status == 0)
        let seq = try seq(of: "item.ticked", in: cli, "x.jsonl")
        let extra = try tampered(cli, "x.jsonl", seq: seq) { o in Self.set(&o, "proof", "witness", .string("w")) }
        #expect(findings(try verify(cli, extra, key: key).doc) == ["malformed \(seq)"])
        let offset = try tampered(cli, "x.jsonl", seq: seq) { o in
            let t = o["time"]!.stringValue!
            o["local_time"] = .string(String(t.dropLast()) + "+99:00")
        }
        #expect(findings(try verify(cli, offset, key: key).doc) == ["modified \(seq)"])
        let header = try String(contentsOfFile: cli.path("x.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        try (header + "\n").write(toFile: cli.path("empty.jsonl"), atomically: true, encoding: .utf8)
        let empty = try cli.run(["verify-export", "empty.jsonl", "--checkpoint-key", key])
        #expect(empty.status == 1 && empty.stderr.contains("has no entries"), "\(empty.stderr)")
    }
}
