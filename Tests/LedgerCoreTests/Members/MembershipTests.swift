import TestSupport
import Testing

@testable import LedgerCore

/// The membership fold of format 2 (decision 0017 §6.2 rules 1–6, §6.4, §7.1): who is a member
/// with which capabilities since which record, and the exact problem of every record that
/// breaks a rule, keyless.
@Suite struct MembershipTests {
    let ledger = Format2Fixture.ledger, key = Format2Fixture.key
    let dana = Format2Fixture.identity("d"), erin = Format2Fixture.identity("e"), sam = Format2Fixture.identity("s")

    func member(_ id: Ed25519, _ name: String, _ can: String) throws -> MemberObject { try Format2Fixture.member(id, name, can) }
    func wrap(_ id: Ed25519, epoch: UInt32 = 1) -> X25519Stanza { Format2Fixture.wrap(id, epoch: epoch) }

    /// Record 1, founding the ledger with dana holding `can`, signed by `author`.
    func founding(by author: Ed25519, can: String = "admin,read,write") throws -> Membership.Record {
        .init(
            seq: 1, kind: .ledgerCreated, ledgerLevel: true, epoch: 1, author: author.publicKey,
            publicData: try Format2Fixture.founding(dana, "dana", can))
    }

    func founded() throws -> Membership {
        var m = Membership()
        m.absorb(try founding(by: dana))
        return m
    }

    func added(_ id: Ed25519, _ name: String, _ can: String, seq: Int64, by author: Ed25519? = nil, wrapped: Bool? = nil) throws -> Membership.Record {
        var o = try member(id, name, can).json.objectValue!
        if wrapped ?? can.contains("read") { o["wrap"] = EpochObject.json(wrap(id)) }
        return .init(seq: seq, kind: .memberAdded, ledgerLevel: true, epoch: 1, author: (author ?? dana).publicKey, publicData: .object(o))
    }

    func note(_ seq: Int64, by id: Ed25519?, epoch: UInt32 = 1) -> Membership.Record {
        .init(seq: seq, kind: .note, ledgerLevel: false, epoch: epoch, author: id?.publicKey, publicData: nil)
    }

    @Test func membersComeAndGoWithTheRecordsThatAddAndRemoveThem() throws {
        var m = try founded()
        m.absorb(try added(erin, "erin", "read,write", seq: 2))
        m.absorb(try added(sam, "sam", "sign:Security Lead", seq: 3))
        m.absorb(note(4, by: erin))
        m.absorb(
            .init(
                seq: 5, kind: .memberRemoved, ledgerLevel: true, epoch: 1, author: dana.publicKey, publicData: ["key": .string(Base64.encode(erin.publicKey))]))
        #expect(m.problems.isEmpty, "\(m.problems)")
        #expect(m.inForce.map(\.member.name) == ["dana", "sam"] && m.entries.map(\.addedSeq) == [1, 2, 3])
        #expect(m.entries[1].removedSeq == 5 && m.epoch == 1)
        m.absorb(note(6, by: erin))
        let erinID = try #require(m.entries.first { $0.member.name == "erin" }?.member.keyID)
        #expect(m.problems == [.init(kind: .notAMember, seq: 6, message: "record 6 (note) is signed by key \(erinID) ('erin'), removed at record 5")])
        m.absorb(note(7, by: Format2Fixture.identity("x")))
        #expect(m.problems.last?.message.hasSuffix(", never a member") == true, "\(m.problems)")
    }

    @Test func recordOneMustFoundTheLedgerWithItsOwnAdmin() throws {
        var m = Membership()
        m.absorb(try founding(by: erin, can: "admin,read"))
        #expect(m.problems.map(\.kind) == [.notAMember] && m.inForce.isEmpty)
        var n = Membership()
        n.absorb(try founding(by: dana, can: "read,write"))
        #expect(n.problems.map(\.kind) == [.malformed])
    }

    @Test func eachCapabilityAllowsItsKindsOnly() throws {
        var m = try founded()
        m.absorb(try added(erin, "erin", "read", seq: 2))
        m.absorb(note(3, by: erin))
        m.absorb(try added(sam, "sam", "read,write", seq: 4, by: erin))
        m.absorb(.init(seq: 5, kind: .rosterAdded, ledgerLevel: true, epoch: 1, author: dana.publicKey, publicData: nil))
        m.absorb(note(6, by: nil))
        #expect(m.problems.map(\.kind) == [.notPermitted, .notPermitted, .notPermitted, .unsignedRecord], "\(m.problems)")
        #expect(m.problems[0].message.hasPrefix("member 'erin' (key ") && m.problems[0].message.hasSuffix("; may read) may not write note: it needs write"))
        #expect(m.inForce.map(\.member.name) == ["dana", "erin"])
    }

    /// A lead holding read and sign:ROLE may author its own sign-off record, and only that.
    @Test func aLeadMayRecordItsOwnSignoffOfItsRole() throws {
        var m = try founded()
        m.absorb(try added(sam, "sam", "read,sign:Security Lead", seq: 2))
        let own: JSONValue = ["key": .string(Base64.encode(sam.publicKey)), "role": "security lead"]
        let other: JSONValue = ["key": .string(Base64.encode(sam.publicKey)), "role": "QA Lead"]
        m.absorb(.init(seq: 3, kind: .signoff, ledgerLevel: false, epoch: 1, author: sam.publicKey, publicData: own))
        m.absorb(.init(seq: 4, kind: .signoff, ledgerLevel: false, epoch: 1, author: sam.publicKey, publicData: other))
        #expect(m.problems.map(\.seq) == [4] && m.problems.map(\.kind) == [.notPermitted])
    }

    @Test func conflictsAndWrapsAreNamed() throws {
        var m = try founded()
        m.absorb(try added(erin, "erin", "read", seq: 2))
        m.absorb(try added(erin, "erin2", "read", seq: 3))
        m.absorb(try added(sam, "ERIN", "read", seq: 4))
        m.absorb(try added(sam, "sam", "read", seq: 5, wrapped: false))
        m.absorb(try added(sam, "sam", "sign:QA", seq: 6, wrapped: true))
        m.absorb(
            .init(
                seq: 7, kind: .memberRemoved, ledgerLevel: true, epoch: 1, author: dana.publicKey, publicData: ["key": .string(Base64.encode(dana.publicKey))]))
        m.absorb(
            .init(seq: 8, kind: .memberRemoved, ledgerLevel: true, epoch: 1, author: dana.publicKey, publicData: ["key": .string(Base64.encode(sam.publicKey))])
        )
        #expect(m.problems.map(\.kind) == [.memberConflict, .memberConflict, .badWraps, .badWraps, .memberConflict, .memberConflict], "\(m.problems)")
        #expect(m.problems[4].message == "removing 'dana' would leave no admin")
        #expect(m.inForce.map(\.member.name) == ["dana", "erin"])
    }

    @Test func aNewEpochIsWrappedToExactlyTheReadersInForceAndFollowsTheLastOne() throws {
        var m = try founded()
        m.absorb(try added(erin, "erin", "read", seq: 2))
        func started(_ seq: Int64, _ epoch: UInt32, _ readers: [Ed25519]) throws -> Membership.Record {
            let wraps = readers.map { wrap($0, epoch: epoch) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let link = EpochKey.link(key, under: key, ledger: ledger, epoch: epoch, random: SystemRandom())
            let e = try EpochObject(epoch: epoch, keyCheck: EpochKey.check(key, ledger: ledger, epoch: epoch), previous: link, wraps: wraps)
            return .init(seq: seq, kind: .epochStarted, ledgerLevel: true, epoch: epoch, author: dana.publicKey, publicData: e.json)
        }
        m.absorb(try started(3, 2, [dana]))
        m.absorb(try started(4, 2, [dana, erin]))
        m.absorb(note(5, by: dana, epoch: 2))
        m.absorb(try started(6, 2, [dana, erin]))
        #expect(m.problems.map(\.kind) == [.badWraps, .wrongEpoch], "\(m.problems)")
        #expect(m.epoch == 2, "the epoch with the wrong wraps did not start; record 4 started it")
        #expect(m.problems[1].message == "record 6 is under epoch 2, not 3")
    }
}
