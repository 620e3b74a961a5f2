import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Writers prepare outside the write lock (issue 9, point 10): the view a write decides on is
/// read in a snapshot that needs no lock, and under the lock only what others appended since
/// is folded in, giving exactly the view a full read would.
@Suite struct PreparedWriteTests {
    func deployed() throws -> (LedgerFixture, LedgerFile, DeploymentID) {
        let f = try LedgerFixture(notes: 0)
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        let id = try l.startDeployment(name: "R1", template: .embeddedOptiBid(), templateName: "optibid", actor: "dana")
        return (f, l, id)
    }

    func other(_ f: LedgerFixture) throws -> LedgerFile {
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        return l
    }

    @Test func theViewIsPreparedWhileAnotherProcessHoldsTheWriteLock() throws {
        let (f, l, id) = try deployed()
        let holder = try RawSQL(f.path)
        try holder.exec("BEGIN IMMEDIATE")
        let p = try l.prepareView(of: id, withRoster: false)
        #expect(p.head.seq == 2)
        #expect(try LedgerFile.deployment(id, in: p.view).name == "R1")
        try holder.exec("ROLLBACK")
    }

    @Test func recordsAppendedMeanwhileAreFoldedInUnderTheLock() throws {
        let (f, l, id) = try deployed()
        var p = try l.prepareView(of: id, withRoster: false)
        let writer = try other(f)
        try writer.change(["1.1.1", "1.1.2"], in: id, actor: "sam", .tick(note: nil))
        try writer.append(.note, actor: "sam", data: ["text": "ledger-level, not folded"])
        try l.store.exclusively { () throws(LedgerError) in try l.catchUp(&p, of: id) }
        #expect(p.view == (try l.ledgerView(of: id)), "the same view a full read gives")
        #expect(try LedgerFile.deployment(id, in: p.view).state(try LedgerFile.deployment(id, in: p.view).template.resolveItem("1.1.2").id).status == .done)
        // and a change decided on it does not tick the item again
        let outcome = try l.change("1.1.1", in: id, actor: "dana", .tick(note: nil))
        #expect(outcome.record == nil)
    }

    @Test func aLogCutBelowThePreparedHeadIsReadAgainInFull() throws {
        let (f, l, id) = try deployed()
        try l.change("1.1.1", in: id, actor: "dana", .tick(note: nil))
        var p = try l.prepareView(of: id, withRoster: false)
        try f.attack(TamperTests.unlock + "DELETE FROM events WHERE seq = 3")
        try l.store.exclusively { () throws(LedgerError) in try l.catchUp(&p, of: id) }
        #expect(p.head.seq == 2)
        #expect(p.view == (try l.ledgerView(of: id)), "the tick that is gone is not in the view")
    }
}
