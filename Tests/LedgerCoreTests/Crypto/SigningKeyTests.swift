import TestSupport
import Testing

@testable import LedgerCore

@Suite struct SigningKeyTests {
    static func secret(_ s: String) -> SecureBytes { TestSecrets.secure(s) }

    @Test func keyFileRoundTripsAndRefusesAWrongPassphraseOrAnEditedFile() throws {
        let key = Ed25519.generate()
        let file = try #require(SigningKeyFile.seal(key, name: "sam", passphrase: Self.secret("pw"), parameters: .owaspFloor, random: SystemRandom()))
        let parsed = try #require(SigningKeyFile(text: file.text))
        #expect(parsed == file)
        #expect(parsed.open(passphrase: Self.secret("pw"))?.publicKey == key.publicKey)
        #expect(parsed.open(passphrase: Self.secret("pW")) == nil)
        let renamed = try #require(SigningKeyFile(text: file.text.replacingOccurrences(of: "name: sam", with: "name: eve")))
        #expect(renamed.open(passphrase: Self.secret("pw")) == nil, "the name is bound by the AD")
        #expect(!file.text.contains(Base64.encode(key.seed.withBytes { Array($0) })), "the seed is not in the file")
    }

    @Test func minisignSignaturesVerifyAndBindTheTrustedComment() {
        let key = Ed25519.generate()
        let kn: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let sig = Minisign.sign(Array("statement".utf8), key: key, keyNumber: kn, trustedComment: "role:Security Lead")
        #expect(Minisign.verify(sig, message: Array("statement".utf8), keyNumber: kn, publicKey: key.publicKey))
        #expect(!Minisign.verify(sig, message: Array("statemenT".utf8), keyNumber: kn, publicKey: key.publicKey))
        let edited = sig.replacingOccurrences(of: "Security Lead", with: "Deployment Lead")
        #expect(!Minisign.verify(edited, message: Array("statement".utf8), keyNumber: kn, publicKey: key.publicKey))
        let pub = Minisign.publicKey(keyNumber: kn, publicKey: key.publicKey, comment: "c")
        #expect(Minisign.parsePublicKey(pub).map { $0.keyNumber == kn && $0.publicKey == key.publicKey } == true)
    }

    @Test func aKeyFileWithAnEmptyFieldIsNotAKeyAndDoesNotCrash() {
        #expect(SigningKeyFile(text: "ledger-signing-key-v1\nname:\nkey-number:") == nil)
    }
}
