import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// The typed bodies against a real ledger: every payload the commands wrote, of every kind,
/// read as a body and written back, is byte for byte the stored plaintext (the format did
/// not move when events became typed).
@Suite struct EventBodyLedgerTests {
    /// A checklist with a sign-off role, a rollback criterion, a contacts table and an item
    /// the template marks done.
    static let template = """
        # Release
        ## 1. Deployment Execution
        - [ ] deploy
        - [x] prepared
        ## 2. Post-Deployment Verification
        - [ ] health checks
        - [ ] smoke tests
        ## 3. Rollback Procedure
        ### When to Rollback
        - Error rate above 5%
        ### Steps
        - [ ] revert
        ### Emergency Contacts
        | Role | Name | Phone |
        |------|------|-------|
        | Database Admin | | |
        ## Sign-Off
        ### Team Sign-Off
        **Deployment Lead:**
        - Name: ___
        """

    /// Builds a ledger holding every kind of `KindInfo.table`, through the ledger's own commands.
    static func ledgerWithEveryKind(_ f: LedgerFixture) throws -> LedgerFile {
        let ledger = try LedgerFile.open(at: f.path)
        try ledger.unlock(passphrase: LedgerFixture.secret())
        let t = try ChecklistTemplate.parse(Array(template.utf8))
        let dana = SignoffFixture.dana, sam = SignoffFixture.sam
        // R1: worked through and signed off.
        let a = try ledger.startDeployment(name: "R1", template: t, templateName: "release.md", actor: "dana")
        _ = try ledger.run(RunRequest(item: "1.1", command: ["true"], recordOutput: true), in: a, actor: "ops")
        try ledger.change("1.1", in: a, actor: Actor("dana", role: "Deployment Lead"), .tick(note: "deployed"))
        try ledger.change("1.1", in: a, actor: "dana", .untick(reason: "redo"))
        try ledger.change("1.1", in: a, actor: "dana", .tick(note: nil))
        let evidence = f.dir.file("health.log")
        try Data("all green\n".utf8).write(to: URL(fileURLWithPath: evidence))
        try ledger.change("2.1", in: a, actor: "ops", .evidence(try EvidenceFile(path: evidence, embed: true)))
        try ledger.change("2.1", in: a, actor: "ops", .note("checked by hand"))
        try ledger.change("2.1", in: a, actor: "ops", .tick(note: nil))
        try ledger.change("2.2", in: a, actor: "ops", .skip(reason: "no smoke suite"))
        try ledger.setContact(a, role: "Database Admin", values: ["Name": "Lee", "Phone": "+49 30 1"], actor: "dana")
        try ledger.append(.note, deployment: a, actor: "dana", data: LedgerNote(text: "all done").data)
        try ledger.addToRoster(role: "Deployment Lead", publicKey: dana.publicKey, keyNumber: dana.keyNumber, name: "dana", actor: "dana")
        try ledger.addToRoster(role: "Deployment Lead", publicKey: sam.publicKey, keyNumber: sam.keyNumber, name: "sam", actor: "dana")
        try ledger.revokeFromRoster(publicKey: sam.publicKey, reason: "left the team", actor: "dana")
        _ = try ledger.signOff(a, role: "Deployment Lead", signer: dana, accept: [], reason: nil, comment: "fine", actor: "dana")
        // R2: no sign-off roles, closed by its lead accepting an item open.
        var map = PhaseMap.inferred(from: t)
        map.signoffRoles = []
        let b = try ledger.startDeployment(name: "R2", template: t, templateName: "release.md", actor: "dana", phases: map)
        try ledger.change(["1.1", "2.1"], in: b, actor: "dana", .tick(note: nil))
        _ = try ledger.closeDeployment(b, accept: ["2.2"], reason: "suite broken", note: "closing", actor: "dana")
        // R3: rolled back.
        let c = try ledger.startDeployment(name: "R3", template: t, templateName: "release.md", actor: "dana")
        try ledger.change("1.1", in: c, actor: "dana", .tick(note: nil))
        _ = try ledger.decideRollback(c, criterion: "R1", details: "errors at 7%", actor: "dana")
        try ledger.change("3.1.1", in: c, actor: "dana", .tick(note: nil))
        try ledger.completeRollback(c, note: "reverted", actor: "dana")
        return ledger
    }

    @Test func everyStoredPayloadReencodesToItsBytes() throws {
        let f = try LedgerFixture(notes: 0)
        let ledger = try Self.ledgerWithEveryKind(f)
        let sealer = try ledger.currentSealer()
        var kinds: Set<EventKind> = []
        for r in try ledger.allRecords() {
            let plaintext = try #require(
                AEAD.open(
                    r.ciphertext, key: sealer.key, nonce: r.nonce,
                    ad: RecordFormat.associatedData(r, ledger: sealer.ledger)))
            let kind = try #require(EventKind(rawValue: r.kind))
            let stored = try Event(kind: kind, deployment: try #require(DeploymentID(bytes: r.deployment)), payload: plaintext)
            let body = EventBody(kind: kind, data: stored.data, publicData: r.publicObject)
            if case .unknown = body { Issue.record("record \(r.seq) (\(r.kind)) read as an unknown kind") }
            let rebuilt = Event(body, deployment: stored.deployment, by: stored.by, time: stored.time)
            #expect(rebuilt.payload == plaintext, "record \(r.seq) (\(r.kind))")
            #expect(
                (rebuilt.publicData.isEmpty ? [] : JSONValue.object(rebuilt.publicData).canonicalBytes) == r.publicData,
                "record \(r.seq) (\(r.kind)) public data")
            kinds.insert(kind)
        }
        #expect(kinds == Set(EventKind.known), "missing: \(Set(EventKind.known).subtracting(kinds).map(\.rawValue).sorted())")
        #expect(try f.kinds(withKey: true) == [])
    }
}
