import TestSupport
import Testing

@testable import LedgerCore

/// Trust files (docs/FORMAT.md §14.5) and the roster fold (§14.1); no disk.
@Suite struct TrustFileTests {
    static func key(_ n: UInt8) -> (line: String, pk: [UInt8]) {
        let s = TestSecrets.signer("k\(n)", number: n, seed: n)
        return (s.minisignPublicKeyLine, s.publicKey)
    }

    @Test func pinsRolesToKeys() throws {
        let a = Self.key(1), b = Self.key(2)
        let t = try TrustFile(text: "# auditors' pins\n\nsigner \(a.line) Security Lead\nsigner \(b.line) Deployment Lead\nrequire-signed rollback.decided\n")
        #expect(t.pin(for: a.pk)?.role == "Security Lead")
        #expect(t.pin(for: b.pk)?.role == "Deployment Lead")
        #expect(t.requireSigned == ["rollback.decided"])
    }

    @Test(arguments: [
        ("signer RWQ Security Lead", "line 1: 'RWQ…' is not a minisign public key (the second line of a .pub file)"),
        ("trust everyone", "line 1: unknown directive 'trust'; expected signer, member, require-signed or checkpoint-key"),
        ("\nrequire-signed Not A Kind", "line 2: expected 'require-signed KIND' with one event kind"),
        ("checkpoint-key nonsense", "line 1: expected 'checkpoint-key VKEY' with a signed-note verifier key"),
    ])
    func badLinesAreNamed(text: String, message: String) {
        #expect(throws: TrustFile.ParseError.self) { try TrustFile(text: text) }
        do { _ = try TrustFile(text: text) } catch { #expect(error.description == message) }
    }

    @Test func crlfLineEndsReadTheSameAndNothingPinnedIsRefused() throws {
        let a = Self.key(1)
        let lf = "# pins\nrequire-signed rollback.decided\nsigner \(a.line) Security Lead\n"
        #expect(try TrustFile(text: lf.replacingOccurrences(of: "\n", with: "\r\n")) == (try TrustFile(text: lf)))
        #expect(try TrustFile(text: lf.replacingOccurrences(of: "\n", with: "\r\n")).requireSigned == ["rollback.decided"])
        #expect(throws: TrustFile.ParseError(line: 1, reason: "the file has no directive: it pins nothing")) { try TrustFile(text: "# only a comment\r\n") }
        #expect(throws: TrustFile.ParseError.self) { try TrustFile(text: "signer \(a.line) Security\rLead\n") }
        #expect(throws: TrustFile.ParseError.self) { try TrustFile(text: "signer \(a.line) Security Lead # sam\n") }
        #expect(throws: TrustFile.ParseError.self) { try TrustFile(text: "require-signed rollback.decide\n") }
    }

    @Test func oneKeyHoldsOneRole() {
        let a = Self.key(1)
        #expect(throws: TrustFile.ParseError(line: 2, reason: "this key is already pinned to role 'Security Lead'; one key holds one role")) {
            try TrustFile(text: "signer \(a.line) Security Lead\nsigner \(a.line) Technical Lead\n")
        }
    }

    @Test func theRosterInForceFollowsAdditionsAndRevocations() {
        let a = Self.key(1)
        func record(_ seq: Int64, _ kind: EventKind, _ p: [String: JSONValue]) -> Record {
            Record(
                seq: seq, kind: kind.rawValue, deployment: [UInt8](repeating: 0, count: 16), epoch: 1, publicData: JSONValue.object(p).canonicalBytes,
                nonce: [UInt8](repeating: 0, count: 24), ciphertext: [UInt8](repeating: 0, count: 16), prevHash: [UInt8](repeating: 0, count: 32),
                hash: [UInt8](repeating: 0, count: 32))
        }
        var roster = Roster()
        #expect(
            roster.apply(
                record(
                    2, .rosterAdded, TrustEvents.rosterAdded(role: "Security Lead", publicKey: a.pk, keyNumber: [UInt8](repeating: 1, count: 8), name: "sam")))
                == nil)
        #expect(roster.activeEntry(for: a.pk)?.role == "Security Lead")
        #expect(
            roster.apply(
                record(
                    3, .rosterAdded, TrustEvents.rosterAdded(role: "Technical Lead", publicKey: a.pk, keyNumber: [UInt8](repeating: 1, count: 8), name: "sam")))?
                .kind == .roleConflict)
        #expect(roster.apply(record(4, .rosterRevoked, TrustEvents.rosterRevoked(publicKey: a.pk, reason: "lost"))) == nil)
        #expect(roster.activeEntry(for: a.pk) == nil)
        #expect(roster.lastEntry(for: a.pk)?.revokedSeq == 4)
        #expect(roster.apply(record(5, .rosterRevoked, TrustEvents.rosterRevoked(publicKey: a.pk, reason: "again"))) != nil)
    }
}
