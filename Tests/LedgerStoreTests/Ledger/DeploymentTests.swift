import Checklist
import Foundation
import LedgerCore
import Testing

@testable import LedgerStore

@Suite struct DeploymentTests {
    func ledger(_ kind: StorageKind = .sqlite) throws -> (LedgerFixture, LedgerFile) {
        let f = try LedgerFixture(notes: 0, on: kind)
        let l = try f.open()
        try l.unlock(passphrase: LedgerFixture.secret())
        return (f, l)
    }

    @Test(arguments: StorageKind.allCases)
    func theRecordedTemplateIsTheOneEveryReadingUses(_ kind: StorageKind) throws {
        let (f, l) = try ledger(kind)
        let text = "# Mine\n## One\n- [ ] alpha\n- [ ] beta\n"
        let id = try l.startDeployment(name: "R1", template: try ChecklistTemplate.parse(Array(text.utf8)), templateName: "mine.md", actor: "dana")
        let view = try f.open().unlocked().view(of: id)
        #expect(view.template.source == Array(text.utf8))
        #expect(view.templateSHA256 == Hex.encode(SHA256.hash(Array(text.utf8))))
        #expect(view.template.items.map(\.plainText) == ["alpha", "beta"])
    }

    @Test(arguments: StorageKind.allCases)
    func severalItemsChangeTogetherOrNotAtAll(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        let id = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let count = try l.count()
        #expect(throws: LedgerError.self) { try l.change(["1.1.1", "1.1.2", "no such item"], in: id, actor: "dana", .tick(note: nil)) }
        #expect(try l.count() == count, "a refused item leaves the others unticked")
        let outcomes = try l.change(["1.1.1", "1.1.2"], in: id, actor: "dana", .tick(note: nil))
        #expect(outcomes.compactMap(\.record?.seq) == [count + 1, count + 2].map(Int64.init))
    }

    @Test(arguments: StorageKind.allCases)
    func tickingATickedItemWritesNothing(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        let id = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let first = try l.change("1.1.1", in: id, actor: "dana", .tick(note: nil))
        #expect(first.record != nil)
        let count = try l.count()
        let again = try l.change("all code changes", in: id, actor: "sam", .tick(note: nil))
        #expect(again.record == nil)
        #expect(again.before.actor == "dana")
        #expect(try l.count() == count)
    }

    @Test(arguments: StorageKind.allCases)
    func deploymentsAreIsolatedAndSelectable(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        let a = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let b = try l.startDeployment(name: "R2", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        try l.change("7.2.1.1", in: a, actor: "dana", .tick(note: nil))
        #expect(try l.view(of: a).state("7.2.1.1").status == .done)
        #expect(try l.view(of: b).state("7.2.1.1").status == .open)
        #expect(try l.resolveDeployment("R2").id == b)
        #expect(try l.resolveDeployment(String(a.hex.prefix(6))).id == a)
        let several = #expect(throws: LedgerError.self) { try l.resolveDeployment(nil) }
        #expect(several?.category == .usage)
        #expect(several?.reason == .severalDeployments(names: ["R1", "R2"]))
        #expect(several?.remedy == .chooseDeployment)
        let unknown = #expect(throws: LedgerError.self) { try l.resolveDeployment("R3") }
        #expect(unknown?.reason == .unknownDeployment(query: "R3"))
        #expect(unknown?.remedy == nil, "the hint lists the deployments instead")
        let exists = #expect(throws: LedgerError.self) {
            try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        }
        #expect(exists?.category == .usage)
        #expect(exists?.reason == .deploymentExists(name: "R1"))
        #expect(exists?.remedy == .chooseAnotherName)
    }

    @Test func theStartRecordResolvingOpenedIsTheOneTheReplayReads() throws {
        let (f, l) = try ledger()
        let a = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let b = try l.startDeployment(name: "R2", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        try l.change("7.2.1.1", in: a, actor: "dana", .tick(note: nil))
        let fresh = try f.open().unlocked()
        let found = try l.resolveDeployment("R1")
        #expect(l.openedStart?.record.seq == found.startSeq, "the start of the one it found, and no other")
        func same(_ x: DeploymentView, _ y: DeploymentView) -> Bool {
            x.items == y.items && x.eventCount == y.eventCount && x.lastSeq == y.lastSeq && x.startedBy == y.startedBy
                && x.template.source == y.template.source && x.templateSHA256 == y.templateSHA256
        }
        #expect(same(try l.view(of: a), try fresh.view(of: a)), "the same view as a handle that opened it afresh")
        #expect(try l.view(of: a).state("7.2.1.1").status == .done)
        #expect(try l.resolveDeployment("R2").id == b)
        #expect(same(try l.view(of: a), try fresh.view(of: a)), "another deployment's start kept changes nothing")
        #expect(same(try l.view(of: b), try fresh.view(of: b)))
        try l.unlock(passphrase: LedgerFixture.secret())
        #expect(l.openedStart == nil, "new keys forget it")
    }

    @Test func theReplayReadsTheKeptStartInsteadOfOpeningItAgain() throws {
        let (_, l) = try ledger()
        let a = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        _ = try l.resolveDeployment("R1")
        var kept = try #require(l.openedStart)
        #expect(try l.view(of: a).startedBy == "dana")
        // A marker only the kept copy carries: the replay shows it, so it did not open the record again.
        kept.event.actor = "kept copy"
        l.openedStart = kept
        #expect(try l.view(of: a).startedBy == "kept copy")
        // The same marker on a record that is not byte for byte the stored one is not used.
        kept.record.nonce[0] ^= 1
        l.openedStart = kept
        #expect(try l.view(of: a).startedBy == "dana")
    }

    @Test func aStartRecordChangedAfterResolvingIsOpenedAfresh() throws {
        let (f, l) = try ledger()
        let a = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let start = try l.resolveDeployment(nil).startSeq
        #expect(l.openedStart?.record.seq == start)
        // Another process flips a byte of the start record's ciphertext between the two reads.
        try f.attack(
            TamperTests.unlock
                + "UPDATE events SET ciphertext = CAST(substr(ciphertext, 1, 9) || (CASE WHEN substr(ciphertext, 10, 1) = x'00' "
                + "THEN x'01' ELSE x'00' END) || substr(ciphertext, 11) AS BLOB) WHERE seq = \(start)")
        let e = #expect(throws: LedgerError.self) { try l.view(of: a) }
        #expect(e?.category == .tampered, "the changed record is read, not the one opened before")
    }

    @Test(arguments: StorageKind.allCases)
    func unknownItemSuggestsTheNearest(_ kind: StorageKind) throws {
        let (_, l) = try ledger(kind)
        let id = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let e = #expect(throws: LedgerError.self) { try l.change("7.2.9", in: id, actor: "dana", .tick(note: nil)) }
        #expect(e?.category == .usage)
        let nearest = [("7.2.1.1", "Create database backup"), ("7.2.1.2", "Run migrations"), ("7.2.1.3", "Verify migration success")]
        #expect(e?.cause == .checklist(.unknownItem(query: "7.2.9", suggestions: nearest.map { ChecklistError.Candidate(id: $0.0, text: $0.1) })))
    }

    @Test func evidenceIsHashedAndEmbeddedUpToTheLimit() throws {
        let (f, l) = try ledger()
        let id = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        let small = f.dir.file("backup.log"), big = f.dir.file("big.bin")
        try Data("backup ok\n".utf8).write(to: URL(fileURLWithPath: small))
        try Data(count: ChecklistEvents.maxEmbeddedEvidence + 1).write(to: URL(fileURLWithPath: big))
        try l.change("7.2.1.1", in: id, actor: "dana", .evidence(try EvidenceFile(path: small, embed: true)))
        let e = try #require(try l.view(of: id).state("7.2.1.1").evidence.first)
        #expect(e.name == "backup.log" && e.size == 10 && e.embedded)
        #expect(e.sha256 == Hex.encode(SHA256.hash(Array("backup ok\n".utf8))))
        #expect(throws: LedgerError.self) { try EvidenceFile(path: big, embed: true) }
        let unembedded = try EvidenceFile(path: big, embed: false)
        #expect(unembedded.size == ChecklistEvents.maxEmbeddedEvidence + 1 && unembedded.content == nil)
        let content = try #require(try l.allEvents(deployment: id).last?.event.data["content_base64"]?.stringValue)
        #expect(Base64.decode(content) == Array("backup ok\n".utf8))
    }
}

extension LedgerFile {
    func unlocked() throws -> LedgerFile {
        try unlock(passphrase: LedgerFixture.secret())
        return self
    }
}
