import TestSupport
import Testing

@testable import LedgerCore

/// Capabilities and the member object of format 2 (decision 0017 §4, §6.1, §6.2, §14): what the
/// command line accepts, the one spelling the file accepts, and every way a member is malformed.
@Suite struct MemberObjectTests {
    let alice = Ed25519(seed: TestSecrets.secure(String(repeating: "a", count: 32)))
    let number: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]

    @Test func theCommandLineListIsNormalisedAndSorted() throws {
        let set = try CapabilitySet.parse(list: " write , read,sign:Security   Lead ,admin")
        #expect(set.can == ["admin", "read", "sign:Security Lead", "write"])
        #expect(set.holds(.sign(role: "security lead")) && set.holds(.write) && !set.holds(.sign(role: "QA Lead")))
    }

    @Test(arguments: [
        ("write", CapabilitySet.Problem.needsRead(.write)),
        ("admin,sign:X", .needsRead(.admin)),
        ("read,read", .repeated("read")),
        ("read,sign:QA Lead,sign:qa lead", .repeated("sign:qa lead")),
        ("read,delete", .unknown("delete")),
        ("read,sign:", .unknown("sign:")),
        ("read,sign:A#B", .unknown("sign:A#B")),
        ("", .unknown("")),
    ])
    func aBadListIsRefusedWithItsReason(list: String, problem: CapabilitySet.Problem) {
        #expect(throws: problem) { try CapabilitySet.parse(list: list) }
    }

    @Test func theFileTakesOnlyTheCanonicalArray() throws {
        #expect(try CapabilitySet(can: ["read", "sign:QA Lead", "write"]).can == ["read", "sign:QA Lead", "write"])
        #expect(throws: CapabilitySet.Problem.notSorted) { try CapabilitySet(can: ["write", "read"]) }
        #expect(throws: CapabilitySet.Problem.unknown("sign:QA  Lead")) { try CapabilitySet(can: ["read", "sign:QA  Lead"]) }
        #expect(throws: CapabilitySet.Problem.unknown("sign: QA")) { try CapabilitySet(can: ["read", "sign: QA"]) }
        #expect(throws: CapabilitySet.Problem.empty) { try CapabilitySet(can: []) }
    }

    func member(sealed: SealedIdentity? = nil) throws -> MemberObject {
        try MemberObject(can: CapabilitySet.parse(list: "read,write"), key: alice.publicKey, keyNumber: number, name: "Alice Ng", sealed: sealed)
    }

    @Test func aMemberRoundTripsThroughItsCanonicalJSON() throws {
        let ledger = LedgerID(bytes: Array(0..<16))!
        let sealed = SealedIdentity.seal(alice, passphrase: TestSecrets.secure("pw"), ledger: ledger, parameters: .owaspFloor, random: SystemRandom())
        for m in [try member(), try member(sealed: sealed)] {
            let text = m.json.canonicalString
            let back = try MemberObject(json: try CanonicalJSON.parse(Array(text.utf8)))
            #expect(back == m && back.json.canonicalString == text)
        }
        #expect(try member().json.canonicalString.hasPrefix(#"{"can":["read","write"],"key":""#))
        #expect(try member().keyID == "0807060504030201")
    }

    /// Each change to a good member object, and the member it must name.
    @Test(arguments: [
        (#""name":"Alice Ng""#, #""name":" Alice""#, "name"),
        (#""name":"Alice Ng""#, #""name":"""#, "name"),
        (#""name":"Alice Ng""#, "\"name\":\"A\u{2028}B\"", "name"),
        (#""key_number":"0102030405060708""#, #""key_number":"0102030405060A08""#, "key_number"),
        (#""key_number":"0102030405060708""#, #""key_number":"01020304050607""#, "key_number"),
        (#""can":["read","write"]"#, #""can":["write","read"]"#, "can"),
        (#""can":["read","write"]"#, #""can":["write"]"#, "can"),
        (#""can":["read","write"]"#, #""can":"read""#, "can"),
        (#""name":"Alice Ng""#, #""name":"Alice Ng","role":"x""#, "object"),
    ])
    func aMalformedMemberNamesWhatIsWrong(good: String, bad: String, member: String) throws {
        let text = try self.member().json.canonicalString
        #expect(text.contains(good))
        let changed = text.replacingOccurrences(of: good, with: bad)
        do {
            _ = try MemberObject(json: try CanonicalJSON.parse(Array(changed.utf8)))
            Issue.record("accepted: \(changed)")
        } catch let e as MemberObject.Malformed {
            #expect(e.member == member, "\(e)")
        } catch { Issue.record("not a Malformed: \(error)") }
    }

    @Test func aKeyWithoutAnX25519FormOrInAnotherBase64IsMalformed() throws {
        var neutral = [UInt8](repeating: 0, count: 32)
        neutral[0] = 1
        #expect(throws: MemberObject.Malformed(member: "key", why: "not a usable member key")) {
            try MemberObject(can: CapabilitySet.parse(list: "read"), key: neutral, keyNumber: number, name: "n")
        }
        let text = try member().json.canonicalString
        let unpadded = text.replacingOccurrences(of: "=\",\"key_number", with: "\",\"key_number")
        #expect(unpadded != text)
        #expect(throws: MemberObject.Malformed(member: "key", why: "not base64 of 32 bytes")) {
            try MemberObject(json: try CanonicalJSON.parse(Array(unpadded.utf8)))
        }
    }

    @Test func aSealedIdentityOutsideTheCostLimitsIsMalformed() throws {
        let ledger = LedgerID(bytes: Array(0..<16))!
        let sealed = SealedIdentity.seal(alice, passphrase: TestSecrets.secure("pw"), ledger: ledger, parameters: .owaspFloor, random: SystemRandom())
        let text = try member(sealed: sealed).json.canonicalString
        let costly = text.replacingOccurrences(of: #""opslimit":2"#, with: #""opslimit":17"#)
        #expect(costly != text)
        #expect(throws: MemberObject.Malformed(member: "sealed", why: "the Argon2id cost is below the floor or above the cap")) {
            try MemberObject(json: try CanonicalJSON.parse(Array(costly.utf8)))
        }
    }
}
