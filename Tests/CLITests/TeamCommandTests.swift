import Foundation
import LedgerCore
import TestSupport
import Testing

/// Team ledgers (format 2, issue #13) through the `ledger` binary: members with their own keys,
/// records signed by their authors, removal, detached sign-off with Debian's real minisign in
/// another folder, and what verify says about who did what.
@Suite(.serialized) struct TeamCommandTests {
    static let template = SignoffCommandTests.template
    static let minisign = FileManager.default.isExecutableFile(atPath: "/usr/bin/minisign")

    /// The environment of `who` (its identity file and that file's passphrase).
    static func id(_ who: String) -> [String: String] { ["LEDGER_IDENTITY": "\(who).key", "LEDGER_KEY_PASSPHRASE": "\(who)'s key passphrase"] }

    /// A team ledger founded by Dana; Eli and Fay write, Aud reads; deployment R1 on the release
    /// checklist (two sign-off roles), with deploy and health ticked by Eli.
    func team() throws -> CLI {
        let cli = CLI()
        for who in ["dana", "eli", "fay", "aud", "mallory"] {
            let r = try cli.run(["key", "new", "--name", who, "--kdf-memory", "19"], env: Self.id(who))
            precondition(r.status == 0, r.stderr)
        }
        try Data(Self.template.utf8).write(to: URL(fileURLWithPath: cli.path("release.md")))
        let steps: [(String, [String])] = [
            ("dana", ["init", "deploy.ledger", "--as", "Dana"]),
            ("dana", ["member", "add", "Eli", "--key", "eli.key.pub", "--can", "read,write"]),
            ("dana", ["member", "add", "Fay", "--key", "fay.key.pub", "--can", "read, write"]),
            ("dana", ["member", "add", "Aud", "--key", "aud.key.pub", "--can", "read"]),
            ("eli", ["deploy", "start", "--name", "R1", "--template", "release.md"]),
            ("eli", ["tick", "deploy"]), ("eli", ["tick", "health"]),
        ]
        for (who, args) in steps {
            let r = try cli.run(args, env: Self.id(who))
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    func findings(_ cli: CLI, as who: String? = nil) throws -> [String] {
        let r = try cli.run(["verify", "--json"], env: who.map(Self.id) ?? [:])
        guard case .object(let o)? = try? CanonicalJSON.parse(Array(r.stdout.utf8.dropLast())), case .array(let list)? = o["findings"] else {
            return ["unreadable: \(r.stderr)"]
        }
        return list.compactMap { f in f.objectValue.flatMap { o in o["kind"]?.stringValue.map { "\($0)@\(o["seq"]?.intValue ?? -1)" } } }
    }

    @Test func membersAreListedWithWhatTheyMayDoAndSinceWhen() throws {
        let cli = try team()
        let list = try cli.run(["member", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5 && lines[0].hasPrefix("Dana: key ") && lines[0].hasSuffix(", may admin, read, write, since record 1"), "\(list.stdout)")
        #expect(lines[3].hasPrefix("Aud: key ") && lines[3].hasSuffix(", may read, since record 4") && lines[4] == "epoch 1 in force, wrapped to 4 readers")
        let json = try cli.run(["member", "list", "--json"])
        #expect(try JSONOutputTests.validate(cli, "members.schema.json", [json.stdout]) == "valid 1\n")
        #expect(json.stdout.contains(#""can":["read","write"],"key_id":"#) && json.stdout.contains(#""removed_seq":null"#))
        let pins = try cli.run(["member", "list", "--trust"])
        #expect(pins.status == 0 && pins.stdout.split(separator: "\n").filter { $0.hasPrefix("member ") }.count == 4, "\(pins.stdout)")
        try Data(pins.stdout.utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        let pinned = try cli.run(["verify", "--trust", "trust.txt"])
        #expect(pinned.status == 0 && pinned.stdout.contains("and by the keys pinned in trust.txt: 4 keys"), "\(pinned.stdout)\(pinned.stderr)")
        let v1 = CLI()
        try v1.initLedger()
        let refused = try v1.run(["member", "list"])
        #expect(refused.status == 64 && refused.stderr.hasPrefix("ledger: error: 'deploy.ledger' is a format-1 ledger: it has no members"))
    }

    @Test func recordsAreSignedByTheirAuthorsAndNamedForThem() throws {
        let cli = try team()
        let log = try cli.run(["log"], env: Self.id("aud"))
        #expect(log.status == 0, "\(log.stderr)")
        let ticked = log.stdout.split(separator: "\n").filter { $0.contains("item.ticked") }
        #expect(ticked.count == 2 && ticked.allSatisfy { $0.contains("  Eli  item.ticked") && $0.contains("[signed by key ") })
        let asFlag = try cli.run(["tick", "smoke", "--as", "Somebody Else"], env: Self.id("eli"))
        #expect(asFlag.status == 64 && asFlag.stderr.contains("--as names nobody"), "\(asFlag.stderr)")
        let noteAs = try cli.run(["note", "hello", "--as", "Somebody Else"], env: Self.id("eli"))
        #expect(noteAs.status == 64 && noteAs.stderr.contains("--as names nobody"), "\(noteAs.stderr)")
        let roster = try cli.run(["roster", "add", "--role", "Security Lead", "--key", "aud.key.pub"], env: Self.id("dana"))
        #expect(roster.status == 64 && roster.stderr.contains("its sign-off roles are members' sign:ROLE capabilities"), "\(roster.stderr)")
        let reader = try cli.run(["tick", "smoke"], env: Self.id("aud"))
        #expect(reader.status == 64 && reader.stderr.hasPrefix("ledger: error: member 'Aud' (read) may not write item.ticked records"), "\(reader.stderr)")
        let stranger = try cli.run(["status"], env: Self.id("mallory"))
        #expect(stranger.status == 5 && stranger.stderr.contains("is not a member of 'deploy.ledger'"), "\(stranger.stderr)")
        let noIdentity = try cli.run(["status"], env: ["LEDGER_PASSPHRASE": "pass"])
        #expect(noIdentity.status == 64 && noIdentity.stderr.contains("is a team ledger (format 2): it opens with a member's own key"))
        let verify = try cli.run(["verify"], env: Self.id("aud"))
        #expect(
            verify.status == 0 && verify.stdout.contains("  Eli, key ") && verify.stdout.contains(": 3 signatures")
                && verify.stdout.contains("intact: no finding"), "\(verify.stdout)")
    }

    @Test func aRemovedMemberReadsNothingNewAndTheHistoryStillVerifies() throws {
        let cli = try team()
        let removed = try cli.run(["member", "remove", "fay", "--reason", "left the team"], env: Self.id("dana"))
        #expect(
            removed.status == 0 && removed.stdout == "member 'fay' removed (record 8); epoch 2 began (record 9), wrapped only to the remaining readers\n",
            "\(removed.stdout)\(removed.stderr)")
        #expect(try cli.run(["note", "after the removal"], env: Self.id("eli")).status == 0)
        let fay = try cli.run(["log"], env: Self.id("fay"))
        #expect(fay.status == 5 && fay.stderr.contains("was removed from 'deploy.ledger' at record 8: it opens nothing written since"), "\(fay.stderr)")
        #expect(try findings(cli) == [] && findings(cli, as: "aud") == [])
        let all = try cli.run(["member", "list", "--all"])
        #expect(all.stdout.contains(", may read, write, since record 3, removed at record 8") && all.stdout.contains("epoch 2 in force, wrapped to 3 readers"))
        let notAdmin = try cli.run(["member", "remove", "Aud"], env: Self.id("eli"))
        #expect(notAdmin.status == 64 && notAdmin.stderr.contains("member 'Eli' (read, write) may not write member.removed records"), "\(notAdmin.stderr)")
        let notAdminAdd = try cli.run(["member", "add", "Aud", "--key", "aud.key.pub", "--can", "read"], env: Self.id("eli"))
        #expect(
            notAdminAdd.status == 64 && notAdminAdd.stderr.contains("may not write member.added records"),
            "refused as no admin, before the name is judged: \(notAdminAdd.stderr)")
        let last = try cli.run(["member", "remove", "Dana"], env: Self.id("dana"))
        #expect(last.status == 1 && last.stderr.contains("is the last admin"), "\(last.stderr)")
    }

    /// Point 5 inside an excerpt (excerpt version 2): a reader exports proved entries; a changed
    /// actor, a stripped or foreign signature, or an entry sealed with a disclosed record key
    /// under another header is a finding of verify-export, which needs neither file nor key.
    @Test func aTeamExcerptVerifiesAndEveryForgeryInItIsFound() throws {
        let cli = try team()
        let export = try cli.run(["export", "timeline", "--format", "jsonl", "--proofs", "--output", "ex.jsonl"], env: Self.id("aud"))
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOfFile: cli.path("ex.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(try JSONOutputTests.validate(cli, "timeline.schema.json", lines) == "valid \(lines.count)\n")
        #expect(lines[0].contains(#""version":2"#) && lines[0].contains(#""members":["#) && !lines[0].contains("checkpoint_key"))
        let ok = try cli.run(["verify-export", "ex.jsonl"])
        #expect(ok.status == 0 && ok.stdout.contains("intact: every entry is a record of the ledger's log as shown"), "\(ok.stdout)\(ok.stderr)")
        func tampered(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> CLI.Result {
            var out = lines
            let i = out.lastIndex { $0.contains(#""kind":"item.ticked""#) }!
            var entry = try JSONSerialization.jsonObject(with: Data(out[i].utf8)) as! [String: Any]
            change(&entry)
            out[i] = String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            try Data((out.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: cli.path(name)))
            return try cli.run(["verify-export", name])
        }
        let renamed = try tampered("actor.jsonl") { $0["actor"] = "Fay" }
        #expect(renamed.status == 3 && renamed.stdout.contains("shows actor other than its record holds"), "\(renamed.stdout)")
        let unsigned = try tampered("unsigned.jsonl") { e in
            var proof = e["proof"] as! [String: Any], record = proof["record"] as! [String: Any]
            record["sig"] = ""
            proof["record"] = record
            e["proof"] = proof
        }
        #expect(unsigned.status == 3 && unsigned.stdout.contains("unsigned_record") && unsigned.stdout.contains("modified"), "\(unsigned.stdout)")
        let moved = try tampered("moved.jsonl") { e in  // the same ciphertext and key, presented as another record
            var proof = e["proof"] as! [String: Any], record = proof["record"] as! [String: Any]
            record["kind"] = "note"
            proof["record"] = record
            e["proof"] = proof
        }
        #expect(moved.status == 3 && moved.stdout.contains("modified") && moved.stdout.contains("bad_signature"), "\(moved.stdout)")
    }

    /// Point 8 on a team ledger: `unlock` opens the identity once; later commands of the session
    /// need neither its file nor its passphrase, until `lock`.
    @Test func anUnlockedIdentityServesTheSessionUntilLocked() throws {
        let cli = try team()
        let bare = ["/usr/bin/env", "-u", "LEDGER_KEY_PASSPHRASE", "-u", "LEDGER_IDENTITY", CLI.binary]
        let r = try UnlockTests.inSession(
            cli, [bare + ["tick", "smoke"], ["unlock", "--timeout", "2m"], bare + ["tick", "smoke"], ["lock"], bare + ["note", "x"]], env: Self.id("eli"))
        #expect(r.map(\.status) == [64, 0, 0, 0, 64], "\(r.map(\.stderr))")
        #expect(r[1].stdout.hasPrefix("unlocked 'deploy.ledger' in this login session until "), "\(r[1].stdout)")
        let log = try cli.run(["log"], env: Self.id("aud"))
        #expect(log.stdout.contains("  Eli  item.ticked") && log.stdout.contains("2.2 smoke tests"), "signed by the kept identity: \(log.stdout)")
        #expect(try findings(cli) == [])
    }

    /// Point 7: the statement is prepared by a reader, signed in another folder by real minisign,
    /// attached by a writer; a change in between refuses the attach.
    @Test(.enabled(if: minisign)) func aLeadSignsDetachedWithMinisignInAnotherFolder() throws {
        let cli = try team()
        let lead = cli.path("lead-laptop")
        try FileManager.default.createDirectory(atPath: lead, withIntermediateDirectories: true)
        let gen = try cli.run(["-G", "-W", "-p", lead + "/sam.pub", "-s", lead + "/sam.key"], executable: "/usr/bin/minisign")
        #expect(gen.status == 0, "\(gen.stderr)")
        #expect(try cli.run(["member", "add", "Sam", "--key", lead + "/sam.pub", "--can", "sign:Security Lead"], env: Self.id("dana")).status == 0)
        #expect(try cli.run(["tick", "smoke"], env: Self.id("eli")).status == 0)
        let prepared = try cli.run(["sign", "--prepare", "--role", "security lead", "--out", "r1.statement"], env: Self.id("aud"))
        #expect(prepared.status == 0 && prepared.stdout.contains("to be signed by Sam, key "), "\(prepared.stdout)\(prepared.stderr)")
        try FileManager.default.moveItem(atPath: cli.path("r1.statement"), toPath: lead + "/r1.statement")
        let signed = try cli.run(["-S", "-s", lead + "/sam.key", "-m", lead + "/r1.statement"], executable: "/usr/bin/minisign")
        #expect(signed.status == 0, "\(signed.stderr)")
        // A change to the checklist after the statement was prepared: attaching is refused, nothing is written.
        #expect(try cli.run(["untick", "smoke", "--reason", "flaky"], env: Self.id("eli")).status == 0)
        let stale = try cli.run(["sign", "--attach", lead + "/r1.statement.minisig"], env: Self.id("eli"))
        #expect(stale.status == 7 && stale.stderr.contains("changed since the statement was prepared"), "\(stale.stderr)")
        #expect(try cli.run(["tick", "smoke"], env: Self.id("eli")).status == 0)
        let again = try cli.run(["sign", "--prepare", "--role", "Security Lead", "--out", lead + "/r1b.statement"], env: Self.id("aud"))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try cli.run(["-S", "-s", lead + "/sam.key", "-m", lead + "/r1b.statement"], executable: "/usr/bin/minisign").status == 0)
        #expect(try cli.run(["note", "waiting for the deployment lead"], env: Self.id("eli")).status == 0, "a note does not change the signed state")
        let attached = try cli.run(["sign", "--attach", lead + "/r1b.statement.minisig"], env: Self.id("eli"))
        #expect(attached.status == 0 && attached.stdout.hasPrefix("signed off 'R1' as Security Lead with key "), "\(attached.stdout)\(attached.stderr)")
        let twice = try cli.run(["sign", "--attach", lead + "/r1b.statement.minisig"], env: Self.id("eli"))
        #expect(twice.status == 1 && twice.stderr.contains("this statement was attached already (record "), "\(twice.stderr)")
        let verify = try cli.run(["verify"], env: Self.id("aud"))
        #expect(verify.stdout.contains("  Security Lead: Sam, key ") && verify.stdout.contains("(attached by Eli): counts"), "\(verify.stdout)")
        #expect(try findings(cli) == [] && findings(cli, as: "aud") == [])
        // A signature over another statement does not attach.
        try Data("x".utf8).append(to: lead + "/r1b.statement")
        let changed = try cli.run(["sign", "--attach", lead + "/r1b.statement.minisig"], env: Self.id("eli"))
        #expect(changed.status == 64 && changed.stderr.contains("is not a version-2 sign-off statement"), "\(changed.stderr)")
    }
}

extension Data {
    func append(to path: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: self)
    }
}
