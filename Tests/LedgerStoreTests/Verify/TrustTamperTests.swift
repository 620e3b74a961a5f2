import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

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
        let forged = try f.ledger.addToRoster(
            role: "Security Lead", publicKey: SignoffFixture.mallory.publicKey,
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
        var sig = try RawSQL(f.fixture.path).blob("SELECT sig FROM events WHERE seq = \(b)")
        sig[40] ^= 0x01  // always a change (setting a byte to a fixed value is not, 1 time in 256)
        try f.fixture.attack(Self.unlock + "UPDATE events SET sig = \(sig.sqlHex) WHERE seq = \(b)")
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
        let r = try forge(f, role: "Security Lead", signer: SignoffFixture.dana, named: SignoffFixture.dana)
        let got = try f.findings()
        #expect(got == ["invalid_signoff@\(r.seq)", "role_conflict@\(r.seq)", "untrusted_signer@\(r.seq)"], "\(got)")
        #expect(try f.findings(withKey: false) == ["role_conflict@\(r.seq)", "untrusted_signer@\(r.seq)"], "the rules of §14.4 need the key")
        #expect(try f.ledger.view(of: f.deployment).signoffs.map(\.role) == ["Deployment Lead", "Security Lead"], "the forged sign-off does not count")
    }

    @Test func aStatementThatLiesAboutTheStateIsFound() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let r = try forge(
            f, role: "Deployment Lead", signer: SignoffFixture.dana, named: SignoffFixture.dana,
            checklistState: [UInt8](repeating: 7, count: 32))
        #expect(try f.findings() == ["bad_signature@\(r.seq)"], "a statement that does not describe the log is judged no further")
        #expect(try f.findings(withKey: false).isEmpty, "the statement is encrypted: only a key holder can compare it with the state")
    }

    @Test func anUnsignedEventOfARequiredKindIsFound() throws {
        let f = try SignoffFixture()
        let r = try f.ledger.decideRollback(f.deployment, criterion: "R1", details: nil, actor: "dana").1
        var trust = try SignoffFixture.trust([(SignoffFixture.dana, "Deployment Lead"), (SignoffFixture.sam, "Security Lead")])
        #expect(try f.findings(trust: trust).isEmpty)
        trust = try TrustFile(
            text:
                "require-signed rollback.decided\nsigner \(SignoffFixture.dana.minisignPublicKeyLine) Deployment Lead\nsigner \(SignoffFixture.sam.minisignPublicKeyLine) Security Lead\n"
        )
        #expect(try f.findings(trust: trust) == ["unsigned@\(r.seq)"])
    }

    /// Appends a sign-off through the library's raw append, around `signOff`'s checks; its
    /// statement states `checklistState` when given (else the true one).
    @discardableResult
    func forge(
        _ f: SignoffFixture, role: String, statementRole: String? = nil, signer: Signer?, named: Signer,
        accepted: [String] = [], checklistState: [UInt8]? = nil
    ) throws -> Record {
        let view = try f.ledger.view(of: f.deployment)
        let head = try f.ledger.head()!
        let time = Timestamp(millisecondsSinceEpoch: 1_795_714_300_000)
        let st = SignoffStatement(
            ledger: f.ledger.id, deployment: f.deployment, deploymentName: "R1", headSeq: head.seq, headHash: head.hash,
            checklistState: checklistState ?? ChecklistState.digest(view), templateSHA256: view.templateSHA256, role: statementRole ?? role,
            keyID: named.keyID, signer: named.name, time: time, acceptedOpen: accepted, reason: accepted.isEmpty ? nil : "r")
        return try f.ledger.append(
            [
                Event(
                    kind: .signoff, deployment: f.deployment, actor: named.name, time: time,
                    data: TrustEvents.signoff(SignedStatement(signing: st, with: named)),
                    publicData: TrustEvents.signoffPublic(role: role, publicKey: named.publicKey, keyNumber: named.keyNumber))
            ], signer: signer)[0]
    }

    @Test func aSignatureChangedAndRehashedOnTheLastRecordIsABadSignature() throws {
        let (f, _, b) = try signedOff()
        var r = try #require(try f.ledger.allRecords().last)
        #expect(r.seq == b)
        r.signature[40] ^= 1
        let hash = RecordFormat.computeHash(r, ledger: f.ledger.id)
        try f.fixture.attack(Self.unlock + "UPDATE events SET sig = \(r.signature.sqlHex), hash = \(hash.sqlHex) WHERE seq = \(b)")
        #expect(try f.findings() == ["bad_signature@\(b)"], "the chain holds; only the signature shows it")
        #expect(try f.findings(withKey: false) == ["bad_signature@\(b)"])
    }

    @Test func aStatementReplayedAtALaterPositionIsFound() throws {
        let f = try SignoffFixture()
        let first = try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "later")
        try f.ledger.append(.note, deployment: f.deployment, actor: "dana", data: ["text": "after the sign-off"])
        // The same signed statement, carried again by a record the lead's key signs later.
        let r = try f.ledger.append(
            [
                Event(
                    kind: .signoff, deployment: f.deployment, actor: "dana", time: first.signed.statement.time,
                    data: TrustEvents.signoff(first.signed),
                    publicData: TrustEvents.signoffPublic(
                        role: "Deployment Lead", publicKey: SignoffFixture.dana.publicKey,
                        keyNumber: SignoffFixture.dana.keyNumber))
            ], signer: SignoffFixture.dana)[0]
        #expect(try f.findings() == ["bad_signature@\(r.seq)"])
        let l = try LedgerFile.open(at: f.fixture.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        #expect(try l.verifySignatures(trust: nil).first?.message.contains("head (it names record \(first.record.seq - 1))") == true)
    }

    @Test func aPublicRoleThatIsNotTheStatementsIsFound() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let r = try forge(f, role: "Security Lead", statementRole: "Deployment Lead", signer: SignoffFixture.sam, named: SignoffFixture.sam)
        #expect(try f.findings() == ["bad_signature@\(r.seq)"])
    }

    @Test(arguments: ["executing", "rolled back", "no such role", "open items"])
    func aSignOffAgainstTheRulesIsFoundAndDoesNotCount(_ case: String) throws {
        let f = try SignoffFixture()
        var role = "Deployment Lead"
        switch `case` {
        case "executing":
            let g = try SignoffFixture.executing()
            let r = try forge(g, role: role, signer: SignoffFixture.dana, named: SignoffFixture.dana, accepted: ["2.1", "2.2"])
            #expect(try g.findings() == ["invalid_signoff@\(r.seq)"])
            #expect(try g.ledger.view(of: g.deployment).signoffs.isEmpty)
            return
        case "rolled back":
            try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
            try f.ledger.decideRollback(f.deployment, criterion: "R1", details: nil, actor: "dana")
            try f.ledger.change("revert", in: f.deployment, actor: "dana", .tick(note: nil))
            try f.ledger.completeRollback(f.deployment, note: nil, actor: "dana")
        case "no such role": role = "Release Manager"
        default: break
        }
        if `case` == "no such role" { try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil)) }
        let r = try forge(f, role: role, signer: SignoffFixture.dana, named: SignoffFixture.dana)
        let got = try f.findings()
        #expect(got.contains("invalid_signoff@\(r.seq)"), "\(got)")
        #expect(try f.ledger.view(of: f.deployment).signoffs.isEmpty, "a sign-off against the rules does not count")
    }

    @Test func unsignedSignOffsNamingTheLeadsKeysDoNotCloseTheDeployment() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let a = try forge(f, role: "Deployment Lead", signer: nil, named: SignoffFixture.dana)
        let b = try forge(f, role: "Security Lead", signer: nil, named: SignoffFixture.sam)
        let view = try f.ledger.view(of: f.deployment)
        #expect(view.phase == .verifying && view.signoffs.isEmpty)
        #expect(try f.findings() == ["unsigned@\(a.seq)", "unsigned@\(b.seq)"])
        try f.sign("Deployment Lead", SignoffFixture.dana)
        #expect(try f.sign("Security Lead", SignoffFixture.sam).view.phase == .signedOff, "the real leads can still sign off")
    }

    @Test func aKeyRevokedInTheLogIsNotTrustedEvenWhenTheTrustFilePinsIt() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        try f.ledger.revokeFromRoster(publicKey: SignoffFixture.sam.publicKey, reason: "key stolen", actor: "dana")
        let r = try forge(f, role: "Security Lead", signer: SignoffFixture.sam, named: SignoffFixture.sam)
        let trust = try SignoffFixture.trust([(SignoffFixture.dana, "Deployment Lead"), (SignoffFixture.sam, "Security Lead")])
        #expect(try f.findings(trust: trust, withKey: false) == ["untrusted_signer@\(r.seq)"])
    }

    @Test func aPublicTemplateDigestThatLiesIsFound() throws {
        let f = try SignoffFixture()
        let other = try ChecklistTemplate.parse(Array("# Other\n## 1. Deployment Execution\n- [ ] deploy\n".utf8))
        let approved = try ChecklistTemplate.parse(Array(SignoffFixture.template.utf8))
        let id = DeploymentID(bytes: [UInt8](repeating: 0x5e, count: 16))!
        let r = try f.ledger.append([
            Event(
                kind: .deploymentStarted, deployment: id, actor: "eve", time: Timestamp(millisecondsSinceEpoch: 1_795_714_400_000),
                data: ChecklistEvents.started(name: "R2", template: other, templateName: "release.md"),
                publicData: ChecklistEvents.startedPublic(template: approved))
        ])[0]
        #expect(try f.findings() == ["malformed@\(r.seq)"])
        #expect(try f.ledger.view(of: id).templateSHA256 == Hex.encode(SHA256.hash(other.source)), "readers use the digest of the recorded template")
    }
}
