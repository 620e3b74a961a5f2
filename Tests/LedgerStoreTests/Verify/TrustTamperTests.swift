import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

/// Attacks on signatures, sign-offs and the roster in real ledger files, each expecting the
/// exact findings.
@Suite struct TrustTamperTests {
    static let unlock = TamperTests.unlock

    /// A deployment that both leads signed off.
    func signedOff() throws -> (SignoffFixture, Int64, Int64) {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let a = try f.sign("Deployment Lead", SignoffFixture.dana).record.seq
        let b = try f.sign("Security Lead", SignoffFixture.sam).record.seq
        #expect(try f.findings().isEmpty)
        return (f, a, b)
    }

    @Test func aRosterForgedInsideTheFileIsCaughtByTheTrustFile() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        try f.sign("Deployment Lead", SignoffFixture.dana)
        // An insider with the passphrase puts their own key on the roster and signs as Security Lead.
        let forged = try f.ledger.addToRoster(role: "Security Lead", publicKey: SignoffFixture.mallory.publicKey,
                                              keyNumber: SignoffFixture.mallory.keyNumber, name: "sam", actor: "sam")!
        let signoff = try f.sign("Security Lead", SignoffFixture.mallory).record.seq
        #expect(try f.findings().isEmpty, "the roster inside the file vouches for the forger")
        let trust = try SignoffFixture.trust([(SignoffFixture.dana, "Deployment Lead"), (SignoffFixture.sam, "Security Lead")])
        #expect(try f.findings(trust: trust) == ["untrusted_signer@\(forged.seq)", "untrusted_signer@\(signoff)"])
        #expect(try f.findings(trust: trust, withKey: false).count == 2, "the trust check needs no key")
    }

    @Test func aStrippedSignatureIsFound() throws {
        let (f, a, _) = try signedOff()
        try f.fixture.attack(Self.unlock + "UPDATE events SET sig = x'' WHERE seq = \(a)")
        #expect(try f.findings() == ["modified@\(a)", "unsigned@\(a)"])
    }

    @Test func aFlippedSignatureByteIsFound() throws {
        let (f, _, b) = try signedOff()
        try f.fixture.attack(Self.unlock + "UPDATE events SET sig = CAST(substr(sig, 1, 40) || x'00' || substr(sig, 42) AS BLOB) WHERE seq = \(b)")
        #expect(try f.findings() == ["modified@\(b)", "bad_signature@\(b)"])
    }

    @Test func aSignatureCopiedFromAnotherRecordIsFound() throws {
        let (f, a, b) = try signedOff()
        try f.fixture.attack(Self.unlock + "UPDATE events SET sig = (SELECT sig FROM events WHERE seq = \(a)) WHERE seq = \(b)")
        #expect(try f.findings() == ["modified@\(b)", "bad_signature@\(b)"])
    }

    @Test func aSignOffWrittenAroundTheChecksIsFound() throws {
        let (f, _, _) = try signedOff()
        // The Deployment Lead's key signs a Security Lead sign-off directly through the library's append.
        let view = try f.ledger.view(of: f.deployment)
        let head = try f.ledger.head()!
        let st = SignoffStatement(ledger: f.ledger.id, deployment: f.deployment, deploymentName: "R1", headSeq: head.seq, headHash: head.hash,
                                  checklistState: ChecklistState.digest(view), templateSHA256: view.templateSHA256, role: "Security Lead",
                                  keyID: SignoffFixture.dana.keyID, signer: "dana", time: Timestamp(millisecondsSinceEpoch: 1_795_714_300_000))
        f.ledger.signer = SignoffFixture.dana
        let r = try f.ledger.append([Event(kind: .signoff, deployment: f.deployment, actor: "dana", time: st.time,
                                           data: TrustEvents.signoff(SignedStatement(signing: st, with: SignoffFixture.dana)),
                                           publicData: TrustEvents.signoffPublic(role: "Security Lead", publicKey: SignoffFixture.dana.publicKey))])[0]
        #expect(try f.findings() == ["role_conflict@\(r.seq)", "untrusted_signer@\(r.seq)"])
    }

    @Test func aStatementThatLiesAboutTheStateIsFound() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let view = try f.ledger.view(of: f.deployment)
        let head = try f.ledger.head()!
        let st = SignoffStatement(ledger: f.ledger.id, deployment: f.deployment, deploymentName: "R1", headSeq: head.seq, headHash: head.hash,
                                  checklistState: [UInt8](repeating: 7, count: 32), templateSHA256: view.templateSHA256, role: "Deployment Lead",
                                  keyID: SignoffFixture.dana.keyID, signer: "dana", time: Timestamp(millisecondsSinceEpoch: 1_795_714_300_000))
        f.ledger.signer = SignoffFixture.dana
        let r = try f.ledger.append([Event(kind: .signoff, deployment: f.deployment, actor: "dana", time: st.time,
                                           data: TrustEvents.signoff(SignedStatement(signing: st, with: SignoffFixture.dana)),
                                           publicData: TrustEvents.signoffPublic(role: "Deployment Lead", publicKey: SignoffFixture.dana.publicKey))])[0]
        #expect(try f.findings() == ["bad_signature@\(r.seq)", "stale_signoff@\(r.seq)"])
        #expect(try f.findings(withKey: false).isEmpty, "the statement is encrypted: only a key holder can compare it with the state")
    }

    @Test func anUnsignedEventOfARequiredKindIsFound() throws {
        let f = try SignoffFixture()
        let r = try f.ledger.decideRollback(f.deployment, criterion: "R1", details: nil, actor: "dana").1
        var trust = try SignoffFixture.trust([(SignoffFixture.dana, "Deployment Lead"), (SignoffFixture.sam, "Security Lead")])
        #expect(try f.findings(trust: trust).isEmpty)
        trust = try TrustFile(text: "require-signed rollback.decided\nsigner \(SignoffFixture.dana.minisignPublicKeyLine) Deployment Lead\nsigner \(SignoffFixture.sam.minisignPublicKeyLine) Security Lead\n")
        #expect(try f.findings(trust: trust) == ["unsigned@\(r.seq)"])
    }
}
