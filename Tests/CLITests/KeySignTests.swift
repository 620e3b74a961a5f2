import Foundation
import Testing

/// `ledger key sign` writes what `minisign -S` writes (issue #13 point 7's second way to sign
/// a statement): Debian's real minisign checks both forms, and a changed byte fails.
@Suite struct KeySignTests {
    let kp = ["LEDGER_KEY_PASSPHRASE": "kp"]

    func keyAndFile() throws -> CLI {
        let cli = CLI()
        #expect(try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "19"], env: kp).status == 0)
        try Data("ledger sign-off v2\nrole: Security Lead\n".utf8).write(to: URL(fileURLWithPath: cli.path("r1.statement")))
        return cli
    }

    func minisignVerifies(_ cli: CLI, _ extra: [String] = []) throws -> CLI.Result {
        try cli.run(["-V", "-p", "sam.key.pub", "-m", "r1.statement"] + extra, executable: "/usr/bin/minisign")
    }

    @Test func aPrehashedSignatureChecksWithMinisignWithItsDefaultComment() throws {
        let cli = try keyAndFile()
        let r = try cli.run(["key", "sign", "--key", "sam.key", "r1.statement"], env: kp)
        #expect(r.status == 0 && r.stdout.hasPrefix("wrote r1.statement.minisig (ED, key "), "\(r.stdout)\(r.stderr)")
        let sig = try String(contentsOfFile: cli.path("r1.statement.minisig"), encoding: .utf8).split(separator: "\n")
        #expect(sig.count == 4 && sig[0] == "untrusted comment: signature from ledger secret key")
        #expect(Data(base64Encoded: String(sig[1])).map { Array($0.prefix(2)) } == Array("ED".utf8))
        #expect(sig[2].hasPrefix("trusted comment: timestamp:") && sig[2].hasSuffix("\tfile:r1.statement\thashed"), "\(sig[2])")
        let ok = try minisignVerifies(cli, ["-H"])  // -H: accept only prehashed signatures
        #expect(ok.status == 0 && ok.stdout.contains("Signature and comment signature verified"), "\(ok.stdout)\(ok.stderr)")
        try Data("ledger sign-off v2\nrole: Security Lead \n".utf8).write(to: URL(fileURLWithPath: cli.path("r1.statement")))
        #expect(try minisignVerifies(cli).status != 0, "one byte changed")
    }

    @Test func aLegacySignatureWithAGivenCommentChecksToo() throws {
        let cli = try keyAndFile()
        let r = try cli.run(["key", "sign", "--key", "sam.key", "--legacy", "--trusted-comment", "role:Security Lead\tR1", "r1.statement"], env: kp)
        #expect(r.status == 0 && r.stdout.contains("(Ed, key "), "\(r.stdout)\(r.stderr)")
        let ok = try minisignVerifies(cli)
        #expect(ok.status == 0 && ok.stdout.contains("Trusted comment: role:Security Lead\tR1"), "\(ok.stdout)\(ok.stderr)")
        #expect(try minisignVerifies(cli, ["-H"]).status != 0, "legacy is not prehashed")
    }

    @Test func itNeverOverwritesAndRefusesWhatIsNotAKeyOrAFile() throws {
        let cli = try keyAndFile()
        #expect(try cli.run(["key", "sign", "--key", "sam.key", "r1.statement"], env: kp).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.path("r1.statement.minisig")))
        let again = try cli.run(["key", "sign", "--key", "sam.key", "r1.statement"], env: kp)
        #expect(again.status == 64 && again.stderr.hasPrefix("ledger: error: "), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("r1.statement.minisig"))) == before)
        #expect(try cli.run(["key", "sign", "--key", "sam.key", "--force", "r1.statement"], env: kp).status == 0)
        let pub = try cli.run(["key", "sign", "--key", "sam.key.pub", "--out", "x.sig", "r1.statement"], env: kp)
        #expect(pub.status == 64 && pub.stderr.contains("is a public key file, not a secret key file"), "\(pub.stderr)")
        let missing = try cli.run(["key", "sign", "--key", "sam.key", "--out", "y.sig", "nothing.txt"], env: kp)
        #expect(missing.status == 1 && missing.stderr.contains("cannot read 'nothing.txt'"), "\(missing.stderr)")
        let control = try cli.run(["key", "sign", "--key", "sam.key", "--trusted-comment", "a\u{1B}b", "r1.statement"], env: kp)
        #expect(control.status == 64, "\(control.stderr)")
        #expect(try cli.run(["key", "sign", "r1.statement"], env: kp).status == 64, "no --key")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.sig")) && !FileManager.default.fileExists(atPath: cli.path("y.sig")))
    }
}
