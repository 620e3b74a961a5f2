import Testing

@testable import LedgerCore

/// Roles are the same role without regard to ASCII case, and only ASCII case (docs/FORMAT.md
/// §14.1, as tools/independent-verify/verify.py folds them): "Sécurité" and "SÉCURITÉ" are two
/// roles, as they are to an independent verifier. A `sign:ROLE` capability folds the same way.
@Suite struct RoleComparisonTests {
    @Test func onlyASCIILettersFold() {
        #expect(Roster.sameRole("Security Lead", "security LEAD"))
        #expect(!Roster.sameRole("Responsable Sécurité", "RESPONSABLE SÉCURITÉ"))
        #expect(Roster.sameRole("Responsable Sécurité", "RESPONSABLE SéCURITé"))
        #expect(!Roster.sameRole("Straße", "STRASSE"))
    }

    @Test func aSignCapabilityMatchesRolesAsTheRosterDoes() throws {
        let set = try CapabilitySet.parse(list: "read,sign:Responsable Sécurité")
        #expect(set.holds(.sign(role: "responsable sécurité")))
        #expect(!set.holds(.sign(role: "RESPONSABLE SÉCURITÉ")))
    }
}
