import Foundation
import LedgerCore
import TestSupport
import Testing

/// `ledger roster export --trust`: a trust file of the roster in force and the checkpoint key
/// that `ledger verify --trust` accepts unchanged, and judges exactly once edited.
@Suite(.serialized) struct TrustExportTests {
    let env = SignedLedger.env

    @Test func theExportIsATrustFileVerifyAccepts() throws {
        let cli = try SignedLedger.make()
        let dana = try SignedLedger.keyID(cli, "dana.key.pub"), sam = try SignedLedger.keyID(cli, "sam.key.pub")
        let pub = { (f: String) in String(try String(contentsOfFile: cli.path(f), encoding: .utf8).split(separator: "\n")[1]) }
        let r = try cli.run(["roster", "export", "--trust"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 8, "\(r.stdout)")
        #expect(lines[2].hasPrefix("# dana, Deployment Lead: key \(dana) (SHA256:") && lines[2].hasSuffix("), added at record 3"))
        #expect(lines[3] == "signer \(try pub("dana.key.pub")) Deployment Lead")
        #expect(lines[4].hasPrefix("# sam, Security Lead: key \(sam) (SHA256:"))
        #expect(lines[5] == "signer \(try pub("sam.key.pub")) Security Lead")
        #expect(lines[6] == "# the ledger's checkpoint key, derived with the passphrase")
        #expect(lines[7].hasPrefix("checkpoint-key ledger-checkpoint/"))
        try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        #expect(try cli.run(["verify", "--trust", "trust.txt"]).status == 0)
        #expect(try cli.run(["verify", "--trust", "trust.txt"], env: env).status == 0)
    }

    @Test func anEditedKeyIsReportedExactly() throws {
        let cli = try SignedLedger.make()
        #expect(try cli.run(["roster", "export", "--trust", "--out", "trust.txt"], env: env).status == 0)
        #expect(try cli.run(["key", "new", "--name", "eve", "--kdf-memory", "19"], env: env).status == 0)
        let text = try String(contentsOfFile: cli.path("trust.txt"), encoding: .utf8)
        let dana = String(try String(contentsOfFile: cli.path("dana.key.pub"), encoding: .utf8).split(separator: "\n")[1])
        let eve = String(try String(contentsOfFile: cli.path("eve.key.pub"), encoding: .utf8).split(separator: "\n")[1])
        try Data(text.replacingOccurrences(of: dana, with: eve).utf8).write(to: URL(fileURLWithPath: cli.path("edited.txt")))
        let id = try SignedLedger.keyID(cli, "dana.key.pub")
        let r = try cli.run(["verify", "--trust", "edited.txt", "--json"])
        #expect(r.status == 3)
        let doc = try CanonicalJSON.parse(Array(r.stdout.utf8.dropLast()))
        let found = doc["findings"]?.arrayValue?.map { "\($0["kind"]?.stringValue ?? "") at \($0["seq"]?.intValue ?? 0): \($0["message"]?.stringValue ?? "")" }
        #expect(
            found == [
                "untrusted_signer at 3: record 3 puts key \(id) (dana) on the roster as Deployment Lead, which the trust file does not pin",
                "untrusted_signer at 7: record 7 (signoff) is signed by key \(id) (dana), which the trust file does not pin",
            ])
    }

    @Test func outRefusesAnExistingFileAndTheFormIsRequired() throws {
        let cli = try SignedLedger.make()
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: cli.path("trust.txt")))
        var r = try cli.run(["roster", "export", "--trust", "--out", "trust.txt"], env: env)
        #expect(r.status == 64)
        #expect(r.stderr == "ledger: error: 'trust.txt' exists; nothing was written\nledger: hint: choose another --out, or pass --force to replace it\n")
        #expect(try String(contentsOfFile: cli.path("trust.txt"), encoding: .utf8) == "mine\n")
        r = try cli.run(["roster", "export", "--trust", "--out", "trust.txt", "--force"], env: env)
        let replaced = try String(contentsOfFile: cli.path("trust.txt"), encoding: .utf8)
        #expect(r.status == 0 && replaced.hasPrefix("# trust file for ledger "))
        r = try cli.run(["roster", "export"], env: env)
        #expect(r.status == 64 && r.stderr.hasPrefix("ledger: error: say what to export: --trust"))
    }

    @Test func withoutThePassphraseTheRecordedCheckpointKeyIsMarkedAsSuch() throws {
        let cli = try SignedLedger.make()
        var r = try cli.run(["roster", "export", "--trust"])
        #expect(
            r.status == 0 && r.stdout.hasSuffix("# no checkpoint key: give the passphrase, or add 'checkpoint-key KEY' as 'ledger checkpoint' printed it\n"))
        #expect(try cli.run(["checkpoint", "--out", "cp.txt"], env: env).status == 0)
        r = try cli.run(["roster", "export", "--trust"])
        #expect(
            r.stdout.contains(
                "# the checkpoint key the ledger file records (not derived: compare it with the one 'ledger checkpoint' printed)\ncheckpoint-key "))
    }
}
