import Foundation
import LedgerCore
import Testing

@testable import LedgerStore

/// The one audit (`LedgerFile.audit`): what its report says was checked and found on real
/// ledger files, the exit category it decides, and that `ledger verify`, `ledger checkpoint`
/// and a timeline export (which all read it) agree on the same damaged file.
@Suite struct AuditTests {
    static func opened(_ path: String, withKey: Bool) throws -> LedgerFile {
        let l = try LedgerFile.open(at: path, readOnly: !withKey)
        if withKey { try l.unlock(passphrase: LedgerFixture.secret()) }
        return l
    }

    static func names(_ findings: [Finding]) -> [String] { findings.map { "\($0.kind.rawValue)@\($0.seq)" } }

    @Test func anIntactLedgerSaysWhatWasCheckedAndHow() throws {
        let f = try SignoffFixture()
        let dana = try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "after the window")
        let sam = try f.sign("Security Lead", SignoffFixture.sam, accept: ["all"], reason: "after the window")
        let count = try f.ledger.count()

        let keyless = try Self.opened(f.fixture.path, withKey: false).audit()
        #expect(keyless.isIntact && keyless.exitCategory == nil)
        #expect(keyless.recordsChecked == count && keyless.method == .keyless && keyless.judge == .roster)
        #expect(keyless.signatures.map(\.seq) == [dana.record.seq, sam.record.seq])
        #expect(keyless.signatures.map(\.kind) == ["signoff", "signoff"])
        #expect(keyless.signatures.map(\.keyID) == [SignoffFixture.dana.keyID, SignoffFixture.sam.keyID])
        #expect(keyless.signatures.map(\.role) == ["Deployment Lead", "Security Lead"])
        #expect(keyless.signatures.map(\.signer) == ["dana", "sam"])
        #expect(keyless.signatures.allSatisfy { $0.isGood })
        #expect(keyless.signoffs.isEmpty, "sign-off statements and staleness need the key")
        #expect(keyless.checkpoint == nil)

        let keyed = try Self.opened(f.fixture.path, withKey: true).audit()
        #expect(keyed.isIntact && keyed.exitCategory == nil && keyed.method == .withKey)
        let signoffs = try #require(keyed.signoffs.first)
        #expect(keyed.signoffs.count == 1 && signoffs.deployment == f.deployment && signoffs.name == "R1")
        #expect(signoffs.counted == 2 && signoffs.stale == 0)
        #expect(signoffs.roles.map { $0.signoff?.seq } == [dana.record.seq, sam.record.seq])
    }

    @Test func aRecordChangedThroughSQLIsTamperingInTheReport() throws {
        let f = try LedgerFixture(notes: 5)
        try f.attack(TamperTests.unlock + "UPDATE events SET kind = 'oote' WHERE seq = 3")
        for withKey in [false, true] {
            let report = try Self.opened(f.path, withKey: withKey).audit()
            #expect(Self.names(report.findings) == ["modified@3"], "with the key: \(withKey)")
            #expect(report.recordsChecked == 6 && report.exitCategory == .tampered)
            #expect(report.damage == report.findings)
        }
    }

    @Test func corruptionOnlyIsCorrupt() throws {
        let f = try LedgerFixture(notes: 5)
        try f.attack(TamperTests.unlock + "UPDATE events SET sig = x'01' WHERE seq = 3")
        let report = try Self.opened(f.path, withKey: true).audit()
        #expect(Self.names(report.findings) == ["malformed@3"])
        #expect(report.exitCategory == .corrupt)
    }

    @Test func aStaleSignoffAloneIsTheStaleCategoryAndStillCertifiable() throws {
        let f = try SignoffFixture()
        let s = try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "later")
        let tick = try #require(try f.ledger.change("2.2", in: f.deployment, actor: "dana", .tick(note: nil)).record)
        let l = try Self.opened(f.fixture.path, withKey: true)
        let report = try l.audit()
        #expect(Self.names(report.findings) == ["stale_signoff@\(s.record.seq)"])
        #expect(report.exitCategory == .stale && report.damage.isEmpty)
        let signoffs = try #require(report.signoffs.first)
        #expect(signoffs.stale == 1 && signoffs.counted == 0)
        #expect(signoffs.roles.map(\.role) == ["Deployment Lead", "Security Lead"])
        #expect(signoffs.roles.map(\.stale) == [true, false])
        #expect(signoffs.staleSince == [s.record.seq: tick.seq])
        #expect(try l.verifiedCheckpoint(of: report).checkpoint.size == report.recordsChecked, "a stale sign-off is not damage")
        #expect(try Self.opened(f.fixture.path, withKey: false).audit().exitCategory == nil, "staleness needs the key")
    }

    @Test func aCheckpointThatHoldsAndOneTheLogWasCutBelow() throws {
        let f = try LedgerFixture(notes: 2)
        let l = try Self.opened(f.path, withKey: true)
        for i in 0..<3 { try l.append(.note, actor: "dana", data: ["text": .string("n\(i)")]) }
        let cp = try l.checkpoint()
        let keyless = try Self.opened(f.path, withKey: false)

        let pinned = try keyless.audit(AuditRequest(checkpoint: cp.note, checkpointKey: cp.verifierKey))
        let outcome = try #require(pinned.checkpoint)
        #expect(outcome.holds && outcome.isPinned && outcome.keySource == .given)
        #expect(outcome.size == 6 && outcome.root == cp.checkpoint.root && outcome.verifierKey == cp.verifierKey)
        #expect(pinned.isIntact && pinned.exitCategory == nil)
        #expect(try keyless.audit(AuditRequest(checkpoint: cp.note)).checkpoint?.keySource == .ledger, "the key recorded in the file")
        #expect(try l.audit(AuditRequest(checkpoint: cp.note)).checkpoint?.keySource == .derived)
        let trust = try TrustFile(text: "checkpoint-key \(cp.verifierKey)")
        let trusted = try keyless.audit(AuditRequest(trust: trust, checkpoint: cp.note))
        #expect(trusted.checkpoint?.keySource == .trustFile && trusted.judge == .trustFile)

        try f.attack(TamperTests.unlock + "DELETE FROM events WHERE seq >= 5")
        let cut = try Self.opened(f.path, withKey: false).audit(AuditRequest(checkpoint: cp.note, checkpointKey: cp.verifierKey))
        #expect(Self.names(cut.checkpoint?.findings ?? []) == ["truncated@5"])
        #expect(Self.names(cut.findings) == ["truncated@5"], "the chain alone sees nothing")
        #expect(cut.checkpoint?.size == 6 && cut.checkpoint?.holds == false)
        #expect(cut.exitCategory == .tampered && cut.recordsChecked == 4)
    }

    @Test func verifyCheckpointAndExportAgreeOnATamperedFile() throws {
        let f = try SignoffFixture()
        try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "later")
        try f.fixture.attack(
            TamperTests.unlock + "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 20) || x'00' || substr(ciphertext, 22) AS BLOB) WHERE seq = 3")
        let l = try Self.opened(f.fixture.path, withKey: true)
        let verified = try l.audit()
        #expect(!verified.isIntact && verified.exitCategory == .tampered)
        let (header, audited) = try l.timelineHeader(TimelineFilter(), deploymentName: nil, zone: "UTC")
        #expect(header.verify.findings == verified.findings && audited.findings == verified.findings)
        #expect(!header.verify.intact && header.verify.records == verified.recordsChecked)
        do {
            _ = try l.verifiedCheckpoint()
            Issue.record("a damaged log was certified")
        } catch {
            #expect(error.category == .tampered)
            #expect(error.message.contains("(\(verified.damage.count) finding\(verified.damage.count == 1 ? "" : "s"): \(verified.damage.tally))"))
        }
    }

    @Test func oneJudgementDecidesWhetherASignoffCounts() throws {
        let f = try SignoffFixture()
        let s = try f.sign("Deployment Lead", SignoffFixture.dana, accept: ["all"], reason: "later")
        var before = LedgerView()
        var signoff: Event?
        try f.ledger.events(deployment: f.deployment, withRoster: true) { (r, e) throws(LedgerError) in
            if r.seq == s.record.seq { signoff = e } else { before.apply(e, seq: r.seq) }
        }
        let e = try #require(signoff)
        let d = try #require(before.deployment(f.deployment))
        guard case .counts(let counted) = SignoffRules.judge(e.body, e, seq: s.record.seq, before: d, roster: before.roster) else {
            Issue.record("the recorded sign-off does not count")
            return
        }
        #expect(counted.role == "Deployment Lead" && counted.publicKey == SignoffFixture.dana.publicKey)
        let refused = SignoffRules.judge(e.body, e, seq: s.record.seq, before: d, roster: Roster())
        #expect(refused == .refused([.roleNotHeld("Deployment Lead")]))
        #expect(
            SignoffRefusal.roleNotHeld("Deployment Lead").message(seq: 7) == "signoff at 7: the roster in force does not give its key the role Deployment Lead")
        #expect(counted.isStale(present: ChecklistState.digest(d)) == false)
        #expect(counted.isStale(present: [0]))
    }
}
