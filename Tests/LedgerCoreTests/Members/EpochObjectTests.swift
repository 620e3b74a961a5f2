import TestSupport
import Testing

@testable import LedgerCore

/// The epoch object of format 2 (decision 0017 §6.2, §7, §14): readers' wraps, key check and
/// link, in one canonical spelling; each reader opens its own wrap to the key the check names.
@Suite struct EpochObjectTests {
    let ledger = LedgerID(bytes: Array(0..<16))!
    let readers = ["a", "b", "c"].map { Ed25519(seed: TestSecrets.secure(String(repeating: $0, count: 32))) }
    let key = TestSecrets.secure(String(repeating: "k", count: 32))
    let previousKey = TestSecrets.secure(String(repeating: "p", count: 32))

    func epoch(_ n: UInt32) throws -> EpochObject {
        let wraps = readers.compactMap { X25519Stanza.wrap(key, for: $0.publicKey, ledger: ledger, epoch: n, random: SystemRandom()) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let link = n == 1 ? nil : EpochKey.link(previousKey, under: key, ledger: ledger, epoch: n, random: SystemRandom())
        return try EpochObject(epoch: n, keyCheck: EpochKey.check(key, ledger: ledger, epoch: n), previous: link, wraps: wraps)
    }

    @Test func everyReaderOpensItsWrapToTheCheckedKeyAndTheLinkToThePreviousOne() throws {
        let e = try epoch(2)
        let back = try EpochObject(json: try CanonicalJSON.parse(Array(e.json.canonicalString.utf8)))
        #expect(back == e && back.json.canonicalString == e.json.canonicalString)
        for reader in readers {
            let opened = try #require(back.wrap(for: reader.publicKey)?.unwrap(with: reader, ledger: ledger, epoch: 2))
            #expect(EpochKey.check(opened, ledger: ledger, epoch: 2) == back.keyCheck)
            let p = try #require(back.previous)
            let earlier = try #require(EpochKey.openLink(nonce: p.nonce, sealed: p.sealed, with: opened, ledger: ledger, epoch: 2))
            #expect(earlier.withBytes { Array($0) } == previousKey.withBytes { Array($0) })
        }
    }

    @Test func theFirstEpochHasNoLinkAndEveryLaterOneHasOne() throws {
        let first = try epoch(1), second = try epoch(2)
        #expect(throws: MemberObject.Malformed.self) {
            try EpochObject(epoch: 2, keyCheck: second.keyCheck, previous: nil, wraps: second.wraps)
        }
        #expect(throws: MemberObject.Malformed.self) {
            try EpochObject(epoch: 1, keyCheck: first.keyCheck, previous: second.previous, wraps: first.wraps)
        }
    }

    @Test func wrapsAreSortedUniqueAndBounded() throws {
        let e = try epoch(1)
        #expect(throws: MemberObject.Malformed(member: "wraps", why: "not sorted by key, or a key twice")) {
            try EpochObject(epoch: 1, keyCheck: e.keyCheck, previous: nil, wraps: e.wraps.reversed())
        }
        #expect(throws: MemberObject.Malformed(member: "wraps", why: "not sorted by key, or a key twice")) {
            try EpochObject(epoch: 1, keyCheck: e.keyCheck, previous: nil, wraps: [e.wraps[0], e.wraps[0]])
        }
        #expect(throws: MemberObject.Malformed(member: "wraps", why: "not 1-256 wraps")) {
            try EpochObject(epoch: 1, keyCheck: e.keyCheck, previous: nil, wraps: [])
        }
    }

    @Test(arguments: [
        (#""epoch":1"#, #""epoch":0"#, "epoch"),
        (#""epoch":1"#, #""epoch":"1""#, "epoch"),
        ("]}", #"],"zz":1}"#, "object"),
        (#""epk":""#, #""epq":""#, "wrap"),
    ])
    func aChangedEpochObjectIsMalformed(good: String, bad: String, member: String) throws {
        let text = try epoch(1).json.canonicalString
        #expect(text.contains(good))
        let changed = text.replacingOccurrences(of: good, with: bad)
        do {
            _ = try EpochObject(json: try CanonicalJSON.parse(Array(changed.utf8)))
            Issue.record("accepted: \(changed)")
        } catch let e as MemberObject.Malformed {
            #expect(e.member == member, "\(e)")
        } catch { Issue.record("not a Malformed: \(error)") }
    }
}
