import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// `LedgerFile.trustExport()`: the roster in force and the checkpoint key, and where it came from.
@Suite struct TrustExportLibraryTests {
    @Test func theRosterInForceAndTheDerivedCheckpointKey() throws {
        let f = try SignoffFixture()
        _ = try f.ledger.revokeFromRoster(publicKey: SignoffFixture.sam.publicKey, reason: "lost", actor: "dana")
        let e = try f.ledger.trustExport()
        #expect(e.signers.map(\.keyID) == [SignoffFixture.dana.keyID], "a revoked key is not in force")
        let derived = try f.ledger.checkpoint().verifierKey
        #expect(e.checkpointKeyDerived && e.checkpointKey == derived)
    }

    @Test func lockedItIsTheRecordedKeyOrNone() throws {
        let f = try SignoffFixture()
        let locked = try f.fixture.open(readOnly: true)
        #expect(try locked.trustExport().checkpointKey == nil, "no checkpoint signed yet: none recorded")
        let signed = try f.ledger.checkpoint()
        let e = try f.fixture.open(readOnly: true).trustExport()
        #expect(e.checkpointKey == signed.verifierKey && !e.checkpointKeyDerived)
    }
}
