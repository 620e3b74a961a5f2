import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// The note limit the library enforces, and naming a roster holder recorded without a name
/// with the format's existing records alone.
@Suite struct NotesAndRosterNameTests {
    func thrown(_ body: () throws -> Void) -> LedgerError? {
        do { try body(); return nil } catch { return error as? LedgerError }
    }

    @Test(arguments: StorageKind.allCases) func aNoteIsRefusedWhenEmptyOrLongerThan64KiB(_ kind: StorageKind) throws {
        let dir = TempDir()
        let ledger = try LedgerFixture.create(kind, at: dir.file("deploy.ledger"))
        let full = String(repeating: "a", count: NoteText.maxBytes)
        #expect(try ledger.note(full, actor: "alice").seq == 2)
        let long = thrown { try ledger.note(full + "b", actor: "alice") }
        #expect(long?.reason == .noteTooLong(bytes: 65_537) && long?.category == .usage)
        #expect(thrown { try ledger.note(" \n\t", actor: "alice") }?.reason == .noteEmpty)
        #expect(try ledger.head()?.seq == 2, "nothing was written")
    }

    @Test(arguments: StorageKind.allCases) func anEmptyHolderNameIsRecordedByARevocationAndAnAdditionTogether(_ kind: StorageKind) throws {
        let dir = TempDir()
        let ledger = try LedgerFixture.create(kind, at: dir.file("deploy.ledger"))
        let dana = TestSecrets.signer("dana", number: 1, seed: 1)
        try ledger.addToRoster(role: "Deployment Lead", publicKey: dana.publicKey, keyNumber: dana.keyNumber, name: "", actor: "alice")
        #expect(try ledger.recordRosterName(role: "deployment lead", publicKey: dana.publicKey, keyNumber: dana.keyNumber, name: " ", actor: "alice").isEmpty)
        let records = try ledger.recordRosterName(role: "deployment lead", publicKey: dana.publicKey, keyNumber: dana.keyNumber, name: "Dana", actor: "alice")
        #expect(records.map(\.seq) == [3, 4] && records.map(\.kind) == ["roster.revoked", "roster.added"])
        let roster = try ledger.roster()
        #expect(roster.active.map(\.name) == ["Dana"] && roster.active.map(\.role) == ["Deployment Lead"], "the role as first recorded")
        #expect(roster.entries.map(\.revokedSeq) == [3, nil])
        let again = try ledger.recordRosterName(role: "Deployment Lead", publicKey: dana.publicKey, keyNumber: dana.keyNumber, name: "Eve", actor: "alice")
        #expect(again.isEmpty, "a recorded name is never changed")
        #expect(try ledger.roster().active.map(\.name) == ["Dana"])
        #expect(try ledger.audit().findings.isEmpty)
    }
}
