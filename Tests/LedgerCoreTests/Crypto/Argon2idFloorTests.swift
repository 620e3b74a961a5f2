import LedgerCore
import Testing

/// The Argon2id floor (OWASP's 19 MiB × 2 passes) and this program's caps have one definition,
/// `Argon2id.Parameters`; every check and every message reads it (issue #11 point 4).
@Suite struct Argon2idFloorTests {
    typealias P = Argon2id.Parameters

    @Test func theFloorAndCapsAreTheBoundariesOfWhatIsAccepted() {
        #expect(P.owaspFloor == P(opsLimit: P.floorPasses, memLimit: P.floorMiB << 20))
        #expect(P.owaspFloor.isAcceptable)
        #expect(!P(opsLimit: P.floorPasses - 1, memLimit: P.floorMiB << 20).isAcceptable, "one pass too few")
        #expect(!P(opsLimit: P.floorPasses, memLimit: (P.floorMiB << 20) - 1).isAcceptable, "one byte too little")
        #expect(P(opsLimit: P.capPasses, memLimit: P.capMiB << 20).isAcceptable)
        #expect(!P(opsLimit: P.capPasses + 1, memLimit: P.capMiB << 20).isAcceptable, "one pass too many")
        #expect(!P(opsLimit: P.capPasses, memLimit: (P.capMiB << 20) + 1).isAcceptable, "one byte too much")
        #expect(P.floorDescription == "19 MiB × 2 passes", "the floor users read is OWASP's")
        #expect(P.interactive.isAcceptable && P.moderate.isAcceptable, "the defaults of init and key new clear the floor")
    }

    /// An attacker who lowers a stored wrap's cost is told the floor from the same definition.
    @Test func aWrapBelowTheFloorIsNamedWithTheFloor() {
        let weak = P(opsLimit: 1, memLimit: 8 << 20)
        let wrap = WrappedKey(
            epoch: 0, parameters: weak, salt: [UInt8](repeating: 1, count: Argon2id.saltBytes),
            nonce: [UInt8](repeating: 2, count: AEAD.nonceBytes),
            ciphertext: [UInt8](repeating: 3, count: AEAD.keyBytes + AEAD.tagBytes))
        #expect(wrap.defect == "its Argon2id cost (8388608 bytes, 1 passes) is outside what any writer uses (at least 19 MiB and 2 passes)")
        var fine = wrap
        fine.parameters = .owaspFloor
        #expect(fine.defect == nil)
    }
}
