import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// Fuzz of what format 2 parses from a file or a user (a member's public data, an epoch with
/// its wraps, a `.minisig`, a sign-off statement v2, a trust file's `member` line): seeded
/// mutations of valid inputs. Nothing may trap; whatever still parses must be canonical (it
/// encodes back to the very bytes it was read from), and the membership fold must keep judging.
@Suite struct Format2ParserFuzzTests {
    static let rounds = 3000

    /// `bytes` with one to four seeded changes: a byte replaced, removed or duplicated.
    static func mutate(_ bytes: [UInt8], _ rng: SeededRandom) -> [UInt8] {
        var b = bytes
        for _ in 0...(Int(rng.bytes(1)[0]) % 4) where !b.isEmpty {
            let r = rng.bytes(3), i = (Int(r[0]) << 8 | Int(r[1])) % b.count
            switch r[2] % 3 {
            case 0: b[i] = rng.bytes(1)[0] & (r[2] & 0x80 == 0 ? 0x7F : 0xFF)
            case 1: b.remove(at: i)
            default: b.insert(b[i], at: i)
            }
        }
        return b
    }

    @Test func mutatedMemberAndEpochObjectsParseCanonicallyOrNotAtAll() throws {
        let rng = SeededRandom(seed: Array("members".utf8))
        let founder = Format2Fixture.identity("f")
        let founding = try Format2Fixture.founding(founder, "Dana", "admin,read,write", random: rng)
        let member = Array(try #require(founding.objectValue?["member"]).canonicalBytes)
        let epoch = Array(try #require(founding.objectValue?["epoch"]).canonicalBytes)
        var parsedMembers = 0, parsedEpochs = 0
        for _ in 0..<Self.rounds {
            let m = Self.mutate(member, rng), e = Self.mutate(epoch, rng)
            if let json = try? CanonicalJSON.parse(m), let object = try? MemberObject(json: json) {
                parsedMembers += 1
                #expect(object.json.canonicalBytes == m, "a member object that parses is canonical: \(String(decoding: m, as: UTF8.self))")
            }
            if let json = try? CanonicalJSON.parse(e), let object = try? EpochObject(json: json) {
                parsedEpochs += 1
                #expect(object.json.canonicalBytes == e)
            }
            // The fold judges a founding record whatever its public data holds.
            var fold = Membership()
            let publicData = try? CanonicalJSON.parse(Self.mutate(founding.canonicalBytes, rng))
            fold.absorb(.init(seq: 1, kind: .ledgerCreated, ledgerLevel: true, epoch: 1, author: founder.publicKey, publicData: publicData))
            #expect(fold.problems.count + fold.entries.count == 1, "record 1 either founds or is one problem")
        }
        #expect(parsedMembers > 0 && parsedMembers < Self.rounds, "the mutations reach both sides: \(parsedMembers)")
        _ = parsedEpochs
    }

    @Test func mutatedSignaturesStatementsAndTrustLinesNeverTrap() throws {
        let rng = SeededRandom(seed: Array("minisig".utf8))
        let key = Format2Fixture.identity("s")
        let statementText = Array(
            "ledger sign-off v2\nledger: \(String(repeating: "ab", count: 16))\ndeployment: \(String(repeating: "cd", count: 16))\ndeployment-name: R1\nhead: 7 \(String(repeating: "ef", count: 32))\nchecklist-state: \(String(repeating: "01", count: 32))\ntemplate-sha256: \(String(repeating: "23", count: 32))\nrole: Security Lead\nkey-id: 0807060504030201\nsigner: Sam\ntime: 2026-12-04T03:00:00.000Z\naccepted-open: none\n"
                .utf8)
        #expect(SignoffStatement(text: String(decoding: statementText, as: UTF8.self))?.version == 2)
        let sig = Array(Minisign.sign(statementText, key: key, keyNumber: [1, 2, 3, 4, 5, 6, 7, 8], trustedComment: "timestamp:1\tfile:s\thashed").utf8)
        let trust = Array("member \(Minisign.publicKeyLine(keyNumber: [1, 2, 3, 4, 5, 6, 7, 8], publicKey: key.publicKey)) read, sign:Security Lead\n".utf8)
        var statements = 0
        for _ in 0..<Self.rounds {
            if let parts = Minisign.parseSignatureFile(String(decoding: Self.mutate(sig, rng), as: UTF8.self)) {
                #expect(parts.algorithm == "Ed" || parts.algorithm == "ED")
                #expect(parts.signature.count == 64 && parts.globalSignature.count == 64 && parts.keyNumber.count == 8)
            }
            let text = String(decoding: Self.mutate(statementText, rng), as: UTF8.self)
            if let s = SignoffStatement(text: text) {
                statements += 1
                #expect(s.text == text, "only the canonical text parses")
            }
            _ = try? TrustFile(text: String(decoding: Self.mutate(trust, rng), as: UTF8.self))
        }
        #expect(statements < Self.rounds)
    }
}
