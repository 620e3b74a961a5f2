import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// The format-2 building blocks (decision 0017 §5, §7, §9, §10): X25519 stanzas, the epoch
/// key check and link, and the record signature, key and hash. Each is attacked field by
/// field; `Format2Vectors` pins the bytes, which tools/independent-verify/format2_vectors.py
/// recomputes with PyNaCl (Format2VectorsTests).
@Suite struct Format2CryptoTests {
    let ledger = LedgerID(bytes: Array(0x10..<0x20))!
    let alice = Ed25519(seed: TestSecrets.secure(String(repeating: "a", count: 32)))
    let bob = Ed25519(seed: TestSecrets.secure(String(repeating: "b", count: 32)))
    let dataKey = TestSecrets.secure(String(repeating: "k", count: 32))

    func bytes(_ s: SecureBytes) -> [UInt8] { s.withBytes { Array($0) } }

    @Test func aStanzaOpensForItsReaderOnly() throws {
        let s = try #require(X25519Stanza.wrap(dataKey, for: alice.publicKey, ledger: ledger, epoch: 2, random: SystemRandom()))
        #expect(s.key == alice.publicKey && s.epk.count == 32 && s.nonce.count == 24 && s.wrapped.count == 48)
        #expect(try #require(s.unwrap(with: alice, ledger: ledger, epoch: 2)).withBytes { Array($0) } == bytes(dataKey))
        #expect(s.unwrap(with: bob, ledger: ledger, epoch: 2) == nil, "another member's identity")
        #expect(s.unwrap(with: alice, ledger: ledger, epoch: 3) == nil, "another epoch")
        #expect(s.unwrap(with: alice, ledger: LedgerID(bytes: Array(0x20..<0x30))!, epoch: 2) == nil, "another ledger")
    }

    /// Every byte of a stanza counts: one bit changed anywhere and it does not open.
    @Test func aChangedStanzaDoesNotOpen() throws {
        let s = try #require(X25519Stanza.wrap(dataKey, for: alice.publicKey, ledger: ledger, epoch: 1, random: SystemRandom()))
        for field in 0..<3 {
            for i in [0, 13, 31] {
                var epk = s.epk, nonce = s.nonce, wrapped = s.wrapped
                switch field {
                case 0: epk[i] ^= 1
                case 1: nonce[i % 24] ^= 0x80
                default: wrapped[i + 16] ^= 4
                }
                let changed = try #require(X25519Stanza(key: s.key, epk: epk, nonce: nonce, wrapped: wrapped))
                #expect(changed.unwrap(with: alice, ledger: ledger, epoch: 1) == nil, "field \(field), byte \(i)")
            }
        }
        #expect(X25519Stanza(key: s.key, epk: s.epk, nonce: s.nonce, wrapped: Array(s.wrapped.dropLast())) == nil, "sizes checked first")
    }

    /// The map to X25519 forgets the sign of x: A and -A have the same X25519 key. The stanza
    /// binds the whole Ed25519 key, so one made for A is no stanza for -A.
    @Test func aStanzaIsBoundToTheWholeEd25519Key() throws {
        var negated = alice.publicKey
        negated[31] ^= 0x80
        let x = try #require(X25519.publicKey(ofEd25519: alice.publicKey))
        #expect(X25519.publicKey(ofEd25519: negated) == x, "the caveat is real")
        let s = try #require(X25519Stanza.wrap(dataKey, for: alice.publicKey, ledger: ledger, epoch: 1, random: SystemRandom()))
        let ss = try #require(X25519.shared(X25519.secretKey(of: alice), s.epk))
        let asNegated = X25519Stanza.wrapKey(ss, epk: s.epk, x: x, recipient: negated)
        #expect(AEAD.openSecret(s.wrapped, key: asNegated, nonce: s.nonce, ad: X25519Stanza.ad(ledger, 1, negated, s.epk)) == nil)
    }

    @Test func keysWithoutAnX25519FormAreRefused() {
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1  // the neutral point: small order
        for bad in [identity, [UInt8](repeating: 0xFF, count: 32), [UInt8](repeating: 0, count: 31)] {
            #expect(X25519.publicKey(ofEd25519: bad) == nil, "\(bad)")
            #expect(X25519Stanza.wrap(dataKey, for: bad, ledger: ledger, epoch: 1, random: SystemRandom()) == nil)
        }
        #expect(X25519.shared(dataKey, [UInt8](repeating: 0, count: 32)) == nil, "an all-zero shared secret is refused")
    }

    @Test func theKeyCheckNamesOneKeyOfOneEpochOfOneLedger() {
        let check = EpochKey.check(dataKey, ledger: ledger, epoch: 4)
        #expect(check.count == 32 && check == EpochKey.check(dataKey, ledger: ledger, epoch: 4))
        #expect(check != EpochKey.check(dataKey, ledger: ledger, epoch: 5))
        #expect(check != EpochKey.check(dataKey, ledger: LedgerID(bytes: Array(0x20..<0x30))!, epoch: 4))
        #expect(check != EpochKey.check(TestSecrets.secure(String(repeating: "j", count: 32)), ledger: ledger, epoch: 4))
    }

    /// The newest key opens the previous one; nothing opens forward.
    @Test func theLinkGoesBackwardOnly() throws {
        let previous = TestSecrets.secure(String(repeating: "p", count: 32))
        let link = EpochKey.link(previous, under: dataKey, ledger: ledger, epoch: 2, random: SystemRandom())
        #expect(link.sealed.count == 48)
        let opened = try #require(EpochKey.openLink(nonce: link.nonce, sealed: link.sealed, with: dataKey, ledger: ledger, epoch: 2))
        #expect(bytes(opened) == bytes(previous))
        #expect(EpochKey.openLink(nonce: link.nonce, sealed: link.sealed, with: previous, ledger: ledger, epoch: 2) == nil)
        #expect(EpochKey.openLink(nonce: link.nonce, sealed: link.sealed, with: dataKey, ledger: ledger, epoch: 3) == nil)
    }

    /// A record's signature covers its header and ciphertext and names its author.
    @Test func aSignedRecordCannotBeChangedOrReattributed() {
        let header = Array("a header of a record".utf8), ciphertext = Array("sealed payload".utf8)
        let sig = RecordV2.sign(header: header, ciphertext: ciphertext, by: alice)
        #expect(sig.count == 96 && Array(sig[..<32]) == alice.publicKey)
        #expect(RecordV2.verify(sig: sig, header: header, ciphertext: ciphertext))
        #expect(!RecordV2.verify(sig: sig, header: header + [0], ciphertext: ciphertext))
        #expect(!RecordV2.verify(sig: sig, header: header, ciphertext: ciphertext + [0]))
        #expect(!RecordV2.verify(sig: bob.publicKey + sig[32...], header: header, ciphertext: ciphertext), "author swapped")
        #expect(!RecordV2.verify(sig: Array(sig.dropLast()), header: header, ciphertext: ciphertext))
    }

    /// The excerpt-key forgery of format 1 (decision 0017 §10): a disclosed record key seals a
    /// new payload that opens with it, but the record it would go into does not verify (the
    /// author's signature covers the ciphertext), and no other header or author has that key.
    @Test func aDisclosedRecordKeyOpensOneRecordAndSealsNothingThatVerifies() {
        let header = Array("header of record 7".utf8), nonce = [UInt8](repeating: 7, count: 24)
        let rk = RecordV2.recordKey(dataKey, header: header, author: alice.publicKey)
        let ad = RecordV2.associatedData(header: header, author: alice.publicKey)
        let ciphertext = AEAD.seal(Array(#"{"data":{},"time":"x"}"#.utf8), key: rk, nonce: nonce, ad: ad)
        let sig = RecordV2.sign(header: header, ciphertext: ciphertext, by: alice)
        #expect(AEAD.open(ciphertext, key: rk, nonce: nonce, ad: ad) != nil, "the key opens its record")
        let forged = AEAD.seal(Array(#"{"data":{"x":1},"time":"x"}"#.utf8), key: rk, nonce: nonce, ad: ad)
        #expect(!RecordV2.verify(sig: sig, header: header, ciphertext: forged), "re-sealed: the signature no longer holds")
        #expect(bytes(RecordV2.recordKey(dataKey, header: header + [1], author: alice.publicKey)) != bytes(rk), "another header")
        #expect(bytes(RecordV2.recordKey(dataKey, header: header, author: bob.publicKey)) != bytes(rk), "another author")
        let hash = RecordV2.hash(header: header, ciphertext: ciphertext, sig: sig)
        #expect(hash != RecordV2.hash(header: header, ciphertext: ciphertext, sig: bob.publicKey + sig[32...]), "the hash covers sig")
    }
}

/// The passphrase member of format 2 (decision 0017 §8): a seed sealed under Argon2id.
@Suite struct SealedIdentityTests {
    let ledger = LedgerID(bytes: Array(0x10..<0x20))!
    let alice = Ed25519(seed: TestSecrets.secure(String(repeating: "a", count: 32)))
    let pass = TestSecrets.secure("correct horse")

    static func failure(_ r: Result<Ed25519, SealedIdentity.OpenError>) -> SealedIdentity.OpenError? {
        if case .failure(let e) = r { return e }
        return nil
    }

    func sealed() throws -> SealedIdentity {
        try #require(SealedIdentity.seal(alice, passphrase: pass, ledger: ledger, parameters: .owaspFloor, random: SystemRandom()))
    }

    @Test func thePassphraseOpensTheMembersIdentity() throws {
        let s = try sealed()
        let opened = try s.open(passphrase: pass, ledger: ledger, publicKey: alice.publicKey).get()
        #expect(opened.publicKey == alice.publicKey)
        #expect(Self.failure(s.open(passphrase: TestSecrets.secure("correct horsE"), ledger: ledger, publicKey: alice.publicKey)) == .wrongPassphrase)
        #expect(Self.failure(s.open(passphrase: pass, ledger: LedgerID(bytes: Array(0x20..<0x30))!, publicKey: alice.publicKey)) == .wrongPassphrase)
        var other = alice.publicKey
        other[0] ^= 1
        #expect(Self.failure(s.open(passphrase: pass, ledger: ledger, publicKey: other)) == .wrongPassphrase, "bound to the member's key")
    }

    @Test func everyFieldIsBound() throws {
        let s = try sealed()
        var salt = s.salt, nonce = s.nonce, secret = s.secret
        salt[3] ^= 1
        nonce[5] ^= 1
        secret[40] ^= 1
        let more = Argon2id.Parameters(opsLimit: s.parameters.opsLimit + 1, memLimit: s.parameters.memLimit)
        for changed in [
            SealedIdentity(parameters: s.parameters, salt: salt, nonce: s.nonce, secret: s.secret),
            SealedIdentity(parameters: s.parameters, salt: s.salt, nonce: nonce, secret: s.secret),
            SealedIdentity(parameters: s.parameters, salt: s.salt, nonce: s.nonce, secret: secret),
            SealedIdentity(parameters: more, salt: s.salt, nonce: s.nonce, secret: s.secret),
        ] {
            #expect(Self.failure(try #require(changed).open(passphrase: pass, ledger: ledger, publicKey: alice.publicKey)) == .wrongPassphrase)
        }
        #expect(SealedIdentity(parameters: s.parameters, salt: s.salt, nonce: s.nonce, secret: Array(s.secret.dropLast())) == nil)
    }

    /// A planted cost is refused before anything is derived, so it costs nothing.
    @Test func aCostOutsideTheFloorAndCapIsRefusedUnopened() throws {
        let s = try sealed()
        for p in [
            Argon2id.Parameters(opsLimit: 17, memLimit: 19 << 20), .init(opsLimit: 2, memLimit: (4096 << 20) + 1), .init(opsLimit: 1, memLimit: 19 << 20),
        ] {
            let planted = try #require(SealedIdentity(parameters: p, salt: s.salt, nonce: s.nonce, secret: s.secret))
            #expect(Self.failure(planted.open(passphrase: pass, ledger: ledger, publicKey: alice.publicKey)) == .unacceptableCost)
            #expect(SealedIdentity.seal(alice, passphrase: pass, ledger: ledger, parameters: p, random: SystemRandom()) == nil)
        }
    }

    /// A seed that is not the member's, sealed with the member's key in the associated data
    /// (a crafted record), opens but is refused.
    @Test func aSeedOfAnotherKeyIsNotTheMember() throws {
        let mallory = Ed25519(seed: TestSecrets.secure(String(repeating: "m", count: 32)))
        let salt = [UInt8](repeating: 1, count: 16), nonce = [UInt8](repeating: 2, count: 24)
        let kek = try #require(Argon2id.deriveKey(passphrase: pass, salt: salt, parameters: .owaspFloor))
        let ad = SealedIdentity.associatedData(ledger, alice.publicKey, .owaspFloor, salt)
        let secret = mallory.seed.withBytes { AEAD.seal($0, key: kek, nonce: nonce, ad: ad) }
        let crafted = try #require(SealedIdentity(parameters: .owaspFloor, salt: salt, nonce: nonce, secret: secret))
        #expect(Self.failure(crafted.open(passphrase: pass, ledger: ledger, publicKey: alice.publicKey)) == .notTheMembersKey)
    }
}
