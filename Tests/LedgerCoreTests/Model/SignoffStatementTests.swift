import Checklist
import Testing

@testable import LedgerCore

/// The sign-off statement and the checklist-state digest it binds (docs/FORMAT.md §14.2–14.3); no disk.
@Suite struct SignoffStatementTests {
    static let statement = SignoffStatement(
        ledger: LedgerID(bytes: Array(1...16))!, deployment: DeploymentID(bytes: Array(17...32))!, deploymentName: "R1\nnext line",
        headSeq: 41, headHash: [UInt8](repeating: 0xab, count: 32), checklistState: [UInt8](repeating: 0xcd, count: 32),
        templateSHA256: String(repeating: "e", count: 64), role: "Security Lead", keyID: "0102030405060708", signer: "sam",
        time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000), acceptedOpen: ["2.2", "8.1.4"], reason: "scheduled", comment: "ok")

    @Test func theTextIsCanonicalAndParsesBack() throws {
        let s = Self.statement
        #expect(
            s.text == """
                ledger sign-off v1
                ledger: 0102030405060708090a0b0c0d0e0f10
                deployment: 1112131415161718191a1b1c1d1e1f20
                deployment-name: R1 next line
                head: 41 \(String(repeating: "ab", count: 32))
                checklist-state: \(String(repeating: "cd", count: 32))
                template-sha256: \(String(repeating: "e", count: 64))
                role: Security Lead
                key-id: 0102030405060708
                signer: sam
                time: 2026-11-26T17:30:00.000Z
                accepted-open: 2.2,8.1.4
                reason: scheduled
                comment: ok

                """)
        #expect(SignoffStatement(text: s.text) == s)
    }

    @Test func aNonCanonicalTextIsRefused() {
        let text = Self.statement.text
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "\n", with: "\r\n")) == nil)
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "role: Security", with: "role:  Security")) == nil)
        #expect(SignoffStatement(text: String(text.dropLast())) == nil, "the last line ends with LF")
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "head: 41", with: "head: 041")) == nil)
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "head: 41", with: "head: 0")) == nil, "the head is a record")
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "template-sha256: eeee", with: "template-sha256: EEEE")) == nil)
        #expect(
            SignoffStatement(text: text.replacingOccurrences(of: "template-sha256: " + String(repeating: "e", count: 64), with: "template-sha256: e")) == nil)
        #expect(SignoffStatement(text: text.replacingOccurrences(of: "signer: sam\n", with: "signer: \n")) == nil, "values are never empty")
    }

    @Test func signaturesVerifyOnlyOverTheExactStatement() {
        var seed = [UInt8](repeating: 3, count: 32)
        let signer = Signer(name: "sam", keyNumber: Array(1...8), key: Ed25519(seed: SecureBytes(consuming: &seed)))
        let signed = SignedStatement(signing: Self.statement, with: signer)
        #expect(signed.verifies(publicKey: signer.publicKey))
        let back = SignedStatement(data: TrustEvents.signoff(signed))
        #expect(back == signed)
        var other = Self.statement
        other.role = "Technical Lead"
        let forged = SignedStatement(data: TrustEvents.signoff(signed).merging(["statement": .string(other.text)]) { $1 })!
        #expect(!forged.verifies(publicKey: signer.publicKey))
        #expect(
            Minisign.verify(
                signed.minisig(keyNumber: signer.keyNumber), message: Array(Self.statement.text.utf8),
                keyNumber: signer.keyNumber, publicKey: signer.publicKey))
    }
}

/// The checklist-state digest: items' states and evidence, not notes.
@Suite struct ChecklistStateTests {
    static let deployment = DeploymentID(bytes: [UInt8](repeating: 1, count: 16))!
    static let template = try! ChecklistTemplate.parse(Array("# T\n## A\n- [ ] one\n- [ ] two\n".utf8))

    func view(_ events: [(EventKind, [String: JSONValue])]) -> DeploymentView {
        var v = LedgerView()
        v.apply(
            Event(
                kind: .deploymentStarted, deployment: Self.deployment, actor: "a", time: Timestamp(millisecondsSinceEpoch: 0),
                data: ChecklistEvents.started(name: "R1", template: Self.template, templateName: "t.md"),
                publicData: ChecklistEvents.startedPublic(template: Self.template)), seq: 1)
        for (i, (kind, data)) in events.enumerated() {
            v.apply(
                Event(kind: kind, deployment: Self.deployment, actor: "a", time: Timestamp(millisecondsSinceEpoch: Int64(i)), data: data), seq: Int64(i + 2))
        }
        return v.deployment(Self.deployment)!
    }

    @Test func theDigestFollowsStatesAndEvidenceButNotNotes() {
        let empty = ChecklistState.digest(view([]))
        let ticked = ChecklistState.digest(view([(.itemTicked, ChecklistEvents.item(ItemID("1.1")))]))
        let noted = ChecklistState.digest(view([(.itemNoted, ChecklistEvents.item(ItemID("1.1"), "text", "hello"))]))
        let evidence = ChecklistState.digest(
            view([(.evidenceAttached, ChecklistEvents.evidence(ItemID("1.2"), name: "a.log", size: 1, sha256: Array(repeating: 1, count: 32), content: nil))]))
        let backAgain = ChecklistState.digest(view([(.itemTicked, ChecklistEvents.item(ItemID("1.1"))), (.itemUnticked, ChecklistEvents.item(ItemID("1.1")))]))
        #expect(empty != ticked)
        #expect(empty == noted)
        #expect(empty != evidence)
        #expect(empty == backAgain, "the state, not the history")
        #expect(
            ChecklistState.document(view([])).canonicalString.hasPrefix(
                "{\"deployment\":\"01010101010101010101010101010101\",\"items\":[{\"evidence\":[],\"id\":\"1.1\",\"status\":\"open\"}"))
    }
}
