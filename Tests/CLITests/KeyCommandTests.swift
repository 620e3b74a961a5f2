import Foundation
import LedgerCore
import LedgerStore
import Testing

/// Keys made by `ledger key new` work with Debian's real minisign.
@Suite struct KeyCommandTests {
    @Test func keyNewWritesAnEncrypted0600KeyThatMinisignAccepts() throws {
        let cli = CLI()
        let r = try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "19"], env: ["LEDGER_KEY_PASSPHRASE": "kp"])
        #expect(r.status == 0, "\(r.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.path("sam.key"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "19"], env: ["LEDGER_KEY_PASSPHRASE": "kp"]).status == 64, "never overwrites")
        // sign with the key file, verify with minisign
        let file = try #require(SigningKeyFile(text: try KeyFiles.read(cli.path("sam.key"))))
        var pw = Array("kp".utf8)
        let key = try #require(file.open(passphrase: SecureBytes(consuming: &pw)))
        let message = Array("ledger sign-off statement\n".utf8)
        try Data(message).write(to: URL(fileURLWithPath: cli.path("statement.txt")))
        try Data(Minisign.sign(message, key: key, keyNumber: file.keyNumber, trustedComment: "role:Security Lead").utf8)
            .write(to: URL(fileURLWithPath: cli.path("statement.txt.minisig")))
        let ok = try cli.run(["-V", "-p", "sam.key.pub", "-m", "statement.txt"], executable: "/usr/bin/minisign")
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        #expect(ok.stdout.contains("role:Security Lead"))
        try Data("ledger sign-off statemenT\n".utf8).write(to: URL(fileURLWithPath: cli.path("statement.txt")))
        #expect(try cli.run(["-V", "-p", "sam.key.pub", "-m", "statement.txt"], executable: "/usr/bin/minisign").status != 0)
    }
}
