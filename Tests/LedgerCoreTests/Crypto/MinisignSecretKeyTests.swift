import TestSupport
import Testing

@testable import LedgerCore

/// minisign secret keys made by the real minisign 0.11 open for signing, and ledger's
/// signatures with them are byte for byte the ones minisign makes (Ed25519 is deterministic).
///
/// The fixtures were made with `minisign -G` (password below, piped on standard input) and
/// `minisign -G -W`, then `minisign -S -t "role:Security Lead"` over `Fixture.message`.
/// They are test keys only.
@Suite(.serialized) struct MinisignSecretKeyTests {
    enum Fixture {
        static let passphrase = "ledger fixture passphrase"
        static let message = Array("ledger sign-off statement\n".utf8)
        static let trustedComment = "role:Security Lead"

        static let encryptedKey = """
            untrusted comment: ledger test fixture (password: ledger fixture passphrase)
            RWRTY0Iyy8y5rTUVHaGM+L2fAaGJtn/9rC08/CR+uaRzxG18Zp8AAAACAAAAAAAAAEAAAAAA43Hm/7Mu0ITac4h8VFlkikQ/QjV46EtiojzGfC2CJmFCMzg62DLyg2SkYjZdoC8e0ML5hHYTNlcvoQV1M5JocNgNTuStYxDf7F5IKiETbW7P79QfMu48nfYXgnKB/U7vK4tv5p5wLNY=

            """
        static let encryptedPublic = """
            untrusted comment: minisign public key 9455D35B7EA5F805
            RWQF+KV+W9NVlDDm7+Ioy2MOOlVUzdCvby57ijHOF33t97FVX7E8cJQR

            """
        static let encryptedSignature = """
            untrusted comment: signature from minisign secret key
            RUQF+KV+W9NVlGIXSu/l5L5fjcBxJkJrxHr0tzkSmXZLBxZQigonVMgZqWuZBVvH88Tmn5toPHp8zPKZH8mtpqz2K4aCAIKR2wQ=
            trusted comment: role:Security Lead
            AdDqpq3ZLOAAw4xNWKzRMOosY/r8J1/vA/hYX9I4zHvw8l45V2CI6KrKqyU+MVDppLvuzQ/z2YsHaU/02KQKBQ==

            """

        static let plainKey = """
            untrusted comment: minisign encrypted secret key
            RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAyVns8YgFwroRKORkwoMXJc0QzUwUW6H0qxtT+rf+DmGrSKmDZU/mUhpa2OYlWzJINhx7Lxr0+bMDWtSEtgd0mSGqZk/2suk+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=

            """
        static let plainPublic = """
            untrusted comment: minisign public key BAC20588F1EC59C9
            RWTJWezxiAXCuhpa2OYlWzJINhx7Lxr0+bMDWtSEtgd0mSGqZk/2suk+

            """
        static let plainSignature = """
            untrusted comment: signature from minisign secret key
            RUTJWezxiAXCutBIgr2CEH/dbFlzNKVvijHQ1aStYyeuCwzxYNIrbhZ3rsL/qlN2c3jsKFSge+9YiwTnb1IiWMkH2/ruJ4V44wQ=
            trusted comment: role:Security Lead
            1IUdHrk9YvqZyz7koIxM7b9iLI+BTwwfS5FdjDd95Iw2uN9GULECfxXJeDQeGe0thU/onHQ+NkfhsFyaECqVBg==

            """
    }

    static func secret(_ s: String) -> SecureBytes { TestSecrets.secure(s) }

    /// Signs the fixture message and checks the result against minisign's own signature:
    /// everything after the untrusted comment line is identical.
    static func expectSignsLikeMinisign(_ signer: Signer, publicKeyFile: String, minisignSignature: String) throws {
        let pub = try #require(PublicKeyInfo(publicKeyFile: publicKeyFile))
        #expect(signer.keyNumber == pub.keyNumber && signer.publicKey == pub.publicKey)
        #expect(signer.minisignPublicKeyLine == pub.minisignPublicKeyLine)
        let ours = Minisign.sign(Fixture.message, key: signer.key, keyNumber: signer.keyNumber, trustedComment: Fixture.trustedComment)
        #expect(ours.split(separator: "\n").dropFirst() == minisignSignature.split(separator: "\n").dropFirst())
        #expect(Minisign.verify(minisignSignature, message: Fixture.message, keyNumber: pub.keyNumber, publicKey: pub.publicKey))
    }

    /// The text of a minisign key with its blob changed by `edit`.
    static func edited(_ text: String, _ edit: (inout [UInt8]) -> Void) -> String {
        let lines = text.split(separator: "\n")
        var blob = Base64.decode(String(lines[1]))!
        edit(&blob)
        return "\(lines[0])\n\(Base64.encode(blob))\n"
    }

    static func storeLE(_ value: UInt64, into blob: inout [UInt8], at offset: Int) {
        for i in 0..<8 { blob[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    @Test func anEncryptedKeyFromMinisignOpensWithItsPassphraseAndSignsExactlyAsMinisignDoes() throws {
        let key = try #require(MinisignSecretKey(text: Fixture.encryptedKey))
        #expect(key.needsPassphrase)
        #expect(key.protection == .scrypt(opsLimit: 33_554_432, memLimit: 1_073_741_824), "minisign's SENSITIVE limits")
        #expect(key.comment == "ledger test fixture (password: ledger fixture passphrase)")
        let file = try #require(SecretKeyFile(text: Fixture.encryptedKey))
        #expect(file.formatName == "minisign" && file.needsPassphrase)
        #expect(file.publicKey == nil, "the key number and public key are encrypted too")
        #expect(throws: SecretKeyFile.OpenError.passphraseRequired) { try file.open(passphrase: nil) }
        let signer = try file.open(passphrase: Self.secret(Fixture.passphrase))
        #expect(signer.keyID == "9455D35B7EA5F805" && signer.name == "")
        try Self.expectSignsLikeMinisign(signer, publicKeyFile: Fixture.encryptedPublic, minisignSignature: Fixture.encryptedSignature)
    }

    @Test func aWrongPassphraseIsToldApartFromAFileThatIsNotAKey() throws {
        let key = try #require(MinisignSecretKey(text: Fixture.encryptedKey))
        #expect(throws: MinisignSecretKey.OpenError.wrongPassphrase) { try key.open(passphrase: Self.secret("ledger fixture passphrasE")) }
        #expect(SecretKeyFile(text: "untrusted comment: not a key\nRWQ=\n") == nil)
    }

    @Test func anUnencryptedKeyFromMinisignWOpensWithoutAPassphrase() throws {
        let key = try #require(MinisignSecretKey(text: Fixture.plainKey))
        #expect(!key.needsPassphrase && key.protection == .none)
        let signer = try key.open(passphrase: nil)
        #expect(signer.keyID == "BAC20588F1EC59C9")
        try Self.expectSignsLikeMinisign(signer, publicKeyFile: Fixture.plainPublic, minisignSignature: Fixture.plainSignature)
        let file = try #require(SecretKeyFile(text: Fixture.plainKey))
        #expect(!file.needsPassphrase)
        #expect(file.publicKey == PublicKeyInfo(publicKeyFile: Fixture.plainPublic))
        #expect(try file.open(passphrase: Self.secret("ignored")).publicKey == signer.publicKey)
        #expect(
            try MinisignSecretKey(text: Fixture.plainKey.replacingOccurrences(of: "\n", with: "\r\n"))?.open(passphrase: nil).keyID
                == "BAC20588F1EC59C9", "CR LF line ends are read too")
    }

    @Test func anUnencryptedKeyWithAChecksumIsChecked() throws {
        // minisign 0.11 writes a zero checksum with -W; other writers fill it in. Both open,
        // and a filled-in checksum that does not match is refused.
        let clear = SecureBytes(count: MinisignSecretKey.sealedBytes)
        clear.withMutableBytes { c in
            let plain = Base64.decode(String(Fixture.plainKey.split(separator: "\n")[1]))!
            for i in 0..<MinisignSecretKey.sealedBytes { c[i] = plain[MinisignSecretKey.headerBytes + i] }
        }
        let chk = MinisignSecretKey.computeChecksum(clear)
        let withChk = Self.edited(Fixture.plainKey) { $0.replaceSubrange(126..<158, with: chk) }
        #expect(try MinisignSecretKey(text: withChk)?.open(passphrase: nil).keyID == "BAC20588F1EC59C9")
        let badChk = Self.edited(withChk) { $0[140] ^= 1 }
        #expect(throws: MinisignSecretKey.OpenError.damaged) { try MinisignSecretKey(text: badChk)?.open(passphrase: nil) }
        let otherSeed = Self.edited(Fixture.plainKey) { $0[70] ^= 0x80 }
        #expect(throws: MinisignSecretKey.OpenError.damaged, "the seed no longer gives the stored public key") {
            try MinisignSecretKey(text: otherSeed)?.open(passphrase: nil)
        }
        #expect(throws: SecretKeyFile.OpenError.self) { try SecretKeyFile(text: otherSeed)?.open(passphrase: nil) }
    }

    @Test func absurdScryptLimitsAreRefusedBeforeAnythingIsDerived() throws {
        for (ops, mem) in [(UInt64(33_554_432), UInt64.max), (UInt64.max, UInt64(1_073_741_824)), (UInt64(1) << 40, UInt64(1) << 40)] {
            let text = Self.edited(Fixture.encryptedKey) {
                Self.storeLE(ops, into: &$0, at: 38); Self.storeLE(mem, into: &$0, at: 46)
            }
            let key = try #require(MinisignSecretKey(text: text))
            #expect(throws: MinisignSecretKey.OpenError.unsupportedParameters(opsLimit: ops, memLimit: mem)) {
                try key.open(passphrase: Self.secret(Fixture.passphrase))
            }
            let file = try #require(SecretKeyFile(text: text))
            #expect(throws: SecretKeyFile.OpenError.self) { try file.open(passphrase: Self.secret(Fixture.passphrase)) }
        }
    }

    @Test func malformedFilesAreNotKeys() {
        let blob = Base64.decode(String(Fixture.plainKey.split(separator: "\n")[1]))!
        let line = { (b: [UInt8]) in "untrusted comment: x\n\(Base64.encode(b))\n" }
        var wrongAlg = blob; wrongAlg[1] = 0x44  // "ED" is a signature, not a key
        var unknownKDF = blob; unknownKDF[2] = 0x41  // neither "Sc" nor none
        var wrongChk = blob; wrongChk[5] = 0x33  // not "B2"
        for text in [
            "", "untrusted comment: x\n", "RWQ=\n", String(Fixture.plainKey.split(separator: "\n")[1]),
            line(Array(blob.dropLast())), line(blob + [0]), line(wrongAlg), line(unknownKDF), line(wrongChk),
            "untrusted comment: x\n!!!!\n", Fixture.plainPublic, Fixture.plainSignature,
        ] {
            #expect(MinisignSecretKey(text: text) == nil, "\(text)")
            #expect(SecretKeyFile(text: text) == nil, "\(text)")
        }
    }

    @Test func everySingleByteChangeToAnUnencryptedKeyIsRefusedOrKeepsTheSamePublicKey() throws {
        let original = try #require(MinisignSecretKey(text: Fixture.plainKey)).open(passphrase: nil)
        for position in 0..<MinisignSecretKey.blobBytes {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                let text = Self.edited(Fixture.plainKey) { $0[position] ^= mask }
                guard let key = MinisignSecretKey(text: text) else { continue }
                if let signer = try? key.open(passphrase: nil) { #expect(signer.publicKey == original.publicKey, "byte \(position)") }
            }
        }
    }

    @Test func aLedgerKeyFileIsRecognisedAndItsPublicHalfNeedsNoPassphrase() throws {
        let key = Ed25519.generate()
        let sealed = try #require(SigningKeyFile.seal(key, name: "sam", passphrase: Self.secret("pw"), parameters: .owaspFloor, random: SystemRandom()))
        let file = try #require(SecretKeyFile(text: sealed.text))
        #expect(file.formatName == "ledger-signing-key-v1" && file.needsPassphrase)
        let info = try #require(file.publicKey)
        #expect(info.name == "sam" && info.publicKey == key.publicKey && info.keyID == sealed.keyID)
        #expect(info.verifierKey() == SignedNote.verifierKey(name: "sam", publicKey: key.publicKey))
        #expect(info.verifierKey(name: "lee") == SignedNote.verifierKey(name: "lee", publicKey: key.publicKey))
        #expect(throws: SecretKeyFile.OpenError.passphraseRequired) { try file.open(passphrase: nil) }
        #expect(throws: SecretKeyFile.OpenError.wrongPassphrase) { try file.open(passphrase: Self.secret("pW")) }
        let signer = try file.open(passphrase: Self.secret("pw"))
        #expect(signer.name == "sam" && signer.publicKey == key.publicKey && signer.keyNumber == sealed.keyNumber)
        #expect(
            PublicKeyInfo(
                publicKeyFile: Minisign.publicKey(keyNumber: sealed.keyNumber, publicKey: key.publicKey, comment: "minisign public key \(sealed.keyID) (sam)"))
                == info, "the name is read back from the comment 'ledger key new' writes")
    }

    @Test func aTruncatedLedgerKeyFileIsNotAKeyAndDoesNotCrash() {
        for text in [
            "ledger-signing-key-v1", "ledger-signing-key-v1\nname:", "ledger-signing-key-v1\nname: sam\npublic:\n",
            "ledger-signing-key-v1\nname: sam\nkey-number: zz\n",
        ] {
            #expect(SecretKeyFile(text: text) == nil, "\(text)")
        }
    }
}
