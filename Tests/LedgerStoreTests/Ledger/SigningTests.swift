import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// A small checklist with two sign-off roles, and leads with fixed keys.
struct SignoffFixture {
    /// A small checklist with two sign-off roles (Tests/Fixtures/release-checklist.md).
    static let template = try! String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8)

    static func lead(_ n: UInt8, _ name: String) -> Signer { TestSecrets.signer(name, number: n, seed: n) }

    static let dana = lead(1, "dana"), sam = lead(2, "sam"), mallory = lead(9, "mallory")

    let fixture: LedgerFixture
    let ledger: LedgerFile
    let deployment: DeploymentID

    /// A deployment still executing (only "deploy" ticked), both leads on the roster.
    static func executing() throws -> SignoffFixture { try SignoffFixture(verifying: false) }

    /// A deployment in phase verifying with "smoke tests" still open, and both leads on the roster.
    init(on kind: StorageKind = .sqlite, roster: Bool = true, verifying: Bool = true) throws {
        fixture = try LedgerFixture(notes: 0, on: kind)
        ledger = try fixture.open()
        try ledger.unlock(passphrase: LedgerFixture.secret())
        deployment = try ledger.startDeployment(
            name: "R1", template: try ChecklistTemplate.parse(Array(Self.template.utf8)),
            templateName: "release.md", actor: "dana")
        try ledger.change("1.1", in: deployment, actor: "dana", .tick(note: nil))
        if verifying { try ledger.change("2.1", in: deployment, actor: "dana", .tick(note: nil)) }
        if roster {
            try ledger.addToRoster(role: "Deployment Lead", publicKey: Self.dana.publicKey, keyNumber: Self.dana.keyNumber, name: "dana", actor: "dana")
            try ledger.addToRoster(role: "Security Lead", publicKey: Self.sam.publicKey, keyNumber: Self.sam.keyNumber, name: "sam", actor: "dana")
        }
    }

    @discardableResult
    func sign(_ role: String, _ signer: Signer, accept: [String] = [], reason: String? = nil) throws -> SignoffOutcome {
        try ledger.signOff(deployment, role: role, signer: signer, accept: accept, reason: reason, comment: nil, actor: Actor(signer.name))
    }

    func findings(trust: TrustFile? = nil, withKey: Bool = true) throws -> [String] {
        let l = try fixture.open(readOnly: true)
        if withKey { try l.unlock(passphrase: LedgerFixture.secret()) }
        return (try l.verify().findings + (try l.verifySignatures(trust: trust))).map { "\($0.kind.rawValue)@\($0.seq)" }
    }

    static func trust(_ pins: [(Signer, String)]) throws -> TrustFile {
        try TrustFile(text: pins.map { "signer \($0.0.minisignPublicKeyLine) \($0.1)" }.joined(separator: "\n"))
    }
}

@Suite struct SigningTests {
    @Test(arguments: StorageKind.allCases)
    func signOffIsRefusedWhileRequiredItemsAreOpen(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        let n = try f.ledger.count()
        let open = #expect(throws: LedgerError.self) { try f.sign("Deployment Lead", SignoffFixture.dana) }
        #expect(open?.category == .failure)
        #expect(open?.reason == .requiredItemsOpen(items: ["2.2"]))
        #expect(open?.remedy == .settleOrAcceptOpen)
        let noReason = #expect(throws: LedgerError.self) { try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["2.2"], reason: nil) }
        #expect(noReason?.category == .usage)
        #expect(noReason?.reason == .acceptedWithoutReason)
        #expect(try f.ledger.count() == n, "nothing written by a refused sign-off")
    }

    @Test(arguments: StorageKind.allCases)
    func acceptedOpenItemsAreSignedIntoTheStatement(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        let out = try f.sign("deployment lead", SignoffFixture.dana, accept: ["smoke"], reason: "run after the window")
        #expect(out.signed.statement.role == "Deployment Lead")
        #expect(out.signed.statement.acceptedOpen == ["2.2"])
        #expect(out.signed.statement.reason == "run after the window")
        #expect(out.signed.statement.headSeq == out.record.seq - 1)
        #expect(out.signed.verifies(publicKey: SignoffFixture.dana.publicKey))
        #expect(RecordSignature.verifiedKey(out.record, ledger: f.ledger.id) == SignoffFixture.dana.publicKey)
    }

    @Test(arguments: StorageKind.allCases)
    func everyRoleSigningThePresentStateClosesTheDeployment(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let first = try f.sign("Deployment Lead", SignoffFixture.dana)
        #expect(first.view.phase == .verifying)
        #expect(first.view.missingSignoffs == ["Security Lead"])
        let last = try f.sign("Security Lead", SignoffFixture.sam)
        #expect(last.view.phase == .signedOff)
        #expect(try f.findings().isEmpty)
        do {
            try f.ledger.change("2.2", in: f.deployment, actor: "dana", .untick(reason: nil))
            Issue.record("an untick after the sign-off was accepted")
        } catch let e as LedgerError {
            #expect(e.reason == .deploymentClosed(deployment: "R1"))
            #expect(e.remedy == .startNewDeployment)
        }
    }

    @Test(arguments: StorageKind.allCases)
    func rosterDecidesWhoMaySignForWhichRole(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        func refusal(_ body: () throws -> Void) -> String {
            do { try body(); return "accepted" } catch let e as LedgerError { return e.message } catch { return "\(error)" }
        }
        #expect(refusal { try f.sign("Security Lead", SignoffFixture.mallory) } == "key 0909090909090909 is not on the roster of '\(f.fixture.path)'")
        #expect(
            refusal { try f.sign("Security Lead", SignoffFixture.dana) }
                == "key 0101010101010101 holds the role Deployment Lead on the roster, not Security Lead")
        #expect(refusal { try f.sign("Release Manager", SignoffFixture.dana) } == "'Release Manager' is not a sign-off role of 'R1'")
        #expect(
            refusal {
                try f.ledger.addToRoster(
                    role: "Security Lead", publicKey: SignoffFixture.dana.publicKey, keyNumber: SignoffFixture.dana.keyNumber, name: "dana", actor: "x")
            } == "key 0101010101010101 already holds the role Deployment Lead (record 5); one key cannot fill two roles")
    }

    @Test func aKeyWhoseNumberIsNotTheRostersIsRefused() throws {
        let f = try SignoffFixture()
        try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        let renumbered = TestSecrets.signer("dana", number: 7, seed: 1)  // dana's key pair under another key number
        let count = try f.ledger.count()
        do {
            try f.sign("Deployment Lead", renumbered)
            Issue.record("signed with a key number the roster does not hold")
        } catch let e as LedgerError {
            #expect(e.message == "the roster holds this public key under key id 0101010101010101, not 0707070707070707")
        }
        #expect(try f.ledger.count() == count, "nothing written")
    }

    @Test(arguments: StorageKind.allCases)
    func aChangeAfterSigningMakesTheSignOffStale(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        let s = try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "later")
        let tick = try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil))
        #expect(try f.findings() == ["stale_signoff@\(s.record.seq)"])
        #expect(try f.findings(withKey: false).isEmpty, "staleness needs the key")
        let l = try f.fixture.open()
        try l.unlock(passphrase: LedgerFixture.secret())
        let message = try l.verifySignatures(trust: nil).first?.message ?? ""
        #expect(message.contains("first changed by record \(tick.record!.seq)"))
        try f.sign("Deployment Lead", SignoffFixture.dana)
        #expect(try f.findings().isEmpty, "signing again supersedes the stale sign-off")
    }

    @Test(arguments: StorageKind.allCases)
    func signedEventsAreJudgedByTheRosterInForce(_ kind: StorageKind) throws {
        let f = try SignoffFixture(on: kind)
        let signed = try f.ledger.decideRollback(f.deployment, criterion: "R1", details: nil, actor: "dana", signer: SignoffFixture.dana)
        #expect(signed.1.signature.count == 96)
        #expect(try f.findings().isEmpty)
        try f.ledger.revokeFromRoster(publicKey: SignoffFixture.dana.publicKey, reason: "left", actor: "sam")
        let late = try f.ledger.append(.note, deployment: f.deployment, actor: "dana", data: ["text": "after revocation"], signer: SignoffFixture.dana)
        #expect(try f.findings() == ["untrusted_signer@\(late.seq)"], "the earlier signature stays good; the later one is not")
    }
}
