import Foundation
import LedgerCore
import LedgerStore
import TestSupport
import Testing

/// Keys made by the real minisign open in ledger (`ledger key show`, `SecretKeyFile`), and what
/// ledger signs with them the real `minisign -V` accepts; `ledger key show` reads ledger's own
/// key files without their passphrase.
@Suite(.serialized) struct MinisignKeyTests {
    static let minisign = "/usr/bin/minisign"
    static let hasMinisign = FileManager.default.isExecutableFile(atPath: minisign)

    static func secret(_ s: String) -> SecureBytes { TestSecrets.secure(s) }

    /// `minisign -G` in the scratch directory; the password (when given) is piped on standard
    /// input twice, which minisign 0.11 reads when it is not a terminal.
    static func generate(_ cli: CLI, name: String, password: String?) throws {
        let flags = password == nil ? "-W" : ""
        let input = password == nil ? ": </dev/null" : "printf '%s\\n%s\\n' \"$PW\" \"$PW\""
        let r = try cli.run(
            ["-c", "\(input) | \(minisign) -G \(flags) -p \(name).pub -s \(name).key"],
            env: ["PW": password ?? ""], executable: "/bin/sh")
        try #require(r.status == 0, "\(r.stdout) \(r.stderr)")
    }

    /// Signs a statement with `signer` through `Minisign.sign` and checks it with the real
    /// `minisign -Vm`; an edited statement is refused.
    static func expectMinisignVerifies(_ cli: CLI, signer: Signer, publicKeyFile: String) throws {
        let message = Array("ledger sign-off statement\n".utf8)
        try Data(message).write(to: URL(fileURLWithPath: cli.path("statement.txt")))
        try Data(Minisign.sign(message, key: signer.key, keyNumber: signer.keyNumber, trustedComment: "role:Security Lead").utf8)
            .write(to: URL(fileURLWithPath: cli.path("statement.txt.minisig")))
        let ok = try cli.run(["-Vm", "statement.txt", "-p", publicKeyFile], executable: minisign)
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        #expect(ok.stdout.contains("role:Security Lead"))
        try Data("ledger sign-off statemenT\n".utf8).write(to: URL(fileURLWithPath: cli.path("statement.txt")))
        #expect(try cli.run(["-Vm", "statement.txt", "-p", publicKeyFile], executable: minisign).status != 0)
    }

    @Test(.enabled(if: hasMinisign)) func anEncryptedMinisignKeyOpensWithItsPassphraseAndSignsForMinisign() throws {
        let cli = CLI()
        let password = "minisign test pass"
        try Self.generate(cli, name: "lee", password: password)
        let pub = try #require(PublicKeyInfo(publicKeyFile: try KeyFiles.read(cli.path("lee.pub"))))
        try password.write(toFile: cli.path("pass.txt"), atomically: true, encoding: .utf8)

        let shown = try cli.run(["key", "show", "lee.key", "--key-passphrase-file", "pass.txt", "--name", "lee"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("key id: \(pub.keyID)"))
        #expect(shown.stdout.contains("minisign public key: \(pub.minisignPublicKeyLine)"))
        #expect(shown.stdout.contains("signed-note verifier key: \(SignedNote.verifierKey(name: "lee", publicKey: pub.publicKey))"))

        let wrong = try cli.run(["key", "show", "lee.key", "--json"], env: ["LEDGER_KEY_PASSPHRASE": "not the pass"])
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("the passphrase does not open key file 'lee.key'") && wrong.stderr.contains("LEDGER_KEY_PASSPHRASE"))
        #expect(!wrong.stderr.contains("not the pass") && !wrong.stdout.contains("not the pass"), "no secret in any message")

        let none = try cli.run(["key", "show", "lee.key"])
        #expect(none.status == 64, "standard input is not a terminal: no prompt, no hang")
        #expect(none.stderr.contains("no passphrase for key file 'lee.key'"))

        let file = try #require(SecretKeyFile(text: try KeyFiles.read(cli.path("lee.key"))))
        #expect(file.needsPassphrase && file.publicKey == nil)
        let signer = try file.open(passphrase: Self.secret(password))
        #expect(PublicKeyInfo(signer) == pub)
        try Self.expectMinisignVerifies(cli, signer: signer, publicKeyFile: "lee.pub")
    }

    @Test(.enabled(if: hasMinisign)) func anUnencryptedMinisignKeyNeedsNoPassphrase() throws {
        let cli = CLI()
        try Self.generate(cli, name: "ci", password: nil)
        let pub = try #require(PublicKeyInfo(publicKeyFile: try KeyFiles.read(cli.path("ci.pub"))))
        let shown = try cli.run(["key", "show", "ci.key", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let doc = try CanonicalJSON.parse(Array(shown.stdout.utf8.dropLast()))
        #expect(doc["kind"] == "minisign-secret-key" && doc["key_id"]?.stringValue == pub.keyID)
        #expect(doc["minisign_public_key"]?.stringValue == pub.minisignPublicKeyLine)
        #expect(doc["verifier_key"] == .null && doc["name"] == .null, "minisign keys carry no name")
        let fromPub = try cli.run(["key", "show", "ci.pub", "--json"])
        #expect(try CanonicalJSON.parse(Array(fromPub.stdout.utf8.dropLast()))["key_id"]?.stringValue == pub.keyID)

        let signer = try #require(SecretKeyFile(text: try KeyFiles.read(cli.path("ci.key")))).open(passphrase: nil)
        try Self.expectMinisignVerifies(cli, signer: signer, publicKeyFile: "ci.pub")
    }

    @Test func keyShowReadsALedgerKeyFileWithoutItsPassphrase() throws {
        let cli = CLI()
        let made = try cli.run(["key", "new", "--name", "sam", "--kdf-memory", "19"], env: ["LEDGER_KEY_PASSPHRASE": "kp"])
        try #require(made.status == 0, "\(made.stderr)")
        let verifier = try #require(made.stdout.split(separator: "\n").first { $0.hasPrefix("signed-note verifier key: ") })
        for file in ["sam.key", "sam.key.pub"] {
            let shown = try cli.run(["key", "show", file])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains(verifier), "\(file): \(shown.stdout)")
        }
        let json = try CanonicalJSON.parse(Array(try cli.run(["key", "show", "sam.key", "--json"]).stdout.utf8.dropLast()))
        #expect(json["kind"] == "ledger-secret-key" && json["name"] == "sam")
    }

    @Test func keyShowRefusesWhatIsNotAKeyAndNamesTheFile() throws {
        let cli = CLI()
        try "hello\n".write(toFile: cli.path("notes.txt"), atomically: true, encoding: .utf8)
        let notKey = try cli.run(["key", "show", "notes.txt"])
        #expect(notKey.status == 64 && notKey.stderr.contains("'notes.txt' is not a key file"))
        let missing = try cli.run(["key", "show", "absent.key"])
        #expect(missing.status == 1 && missing.stderr.contains("'absent.key'"))
        #expect(try cli.run(["key", "show", "notes.txt", "--name", "has space"]).status == 64)
    }
}
