import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// docs/FORMAT.md §30, the format-2 worked example, recomputed from its own inputs (§30.1) by
/// the library: every intermediate value the page shows for the founder's key, the epoch-1 key
/// check, the founder's wrap, the genesis hash and the three records' record keys must be on
/// the page, so that the page cannot drift from what the program computes.
@Suite struct WorkedExample2Tests {
    static let page: String = {
        let text = try! String(contentsOf: Repository.url("docs/FORMAT.md"), encoding: .utf8)
        let start = text.range(of: "## 30. Format 2 worked example")!.lowerBound
        return String(text[start...])
    }()

    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }
    static func secure(_ hex: String) -> SecureBytes {
        var b = bytes(hex)
        return SecureBytes(consuming: &b)
    }
    static func hex(_ s: SecureBytes) -> String { s.withBytes { Hex.encode(Array($0)) } }

    /// Hands out fixed bytes in order, as the vectors' "random" bytes.
    final class Fixed: RandomSource, @unchecked Sendable {
        var queue: [[UInt8]]
        init(_ queue: [[UInt8]]) { self.queue = queue }
        func bytes(_ count: Int) -> [UInt8] {
            let next = queue.removeFirst()
            precondition(next.count == count)
            return next
        }
    }

    let ledger = LedgerID(bytes: bytes("101112131415161718191a1b1c1d1e1f"))!.inFormat(.v2)
    let k1 = secure("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f")
    let dana = Ed25519(seed: secure("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"))
    let esk = "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
    let nonce = "9192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8"

    @Test func theFoundersKeyWrapAndKeyCheckAreWhatThePageShows() throws {
        let x = try #require(X25519.publicKey(ofEd25519: dana.publicKey))
        let epk = X25519.base(Self.secure(esk))
        let ss = try #require(X25519.shared(Self.secure(esk), x))
        let wk = X25519Stanza.wrapKey(ss, epk: epk, x: x, recipient: dana.publicKey)
        let wrap = try #require(X25519Stanza.wrap(k1, for: dana.publicKey, ledger: ledger, epoch: 1, random: Fixed([Self.bytes(esk), Self.bytes(nonce)])))
        let shown = [
            Hex.encode(dana.publicKey), Hex.encode(x), Self.hex(X25519.secretKey(of: dana)), Hex.encode(EpochKey.check(k1, ledger: ledger, epoch: 1)),
            Hex.encode(epk), Self.hex(ss), Self.hex(wk), Hex.encode(wrap.wrapped), Hex.encode(RecordV2.genesisHash(ledger: ledger)),
        ]
        for value in shown { #expect(Self.page.contains(value), "§30 does not show \(value)") }
    }

    @Test func theRecordKeysOfTheThreeRecordLogAreWhatThePageShows() throws {
        let data = try Data(contentsOf: Repository.url("Tests/Fixtures/format2/vectors.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let chain = try #require(doc["chain"] as? [[String: Any]])
        let shownKeys = Self.page.split(separator: "\n").filter { $0.hasPrefix("rk ") && !$0.contains("BLAKE2b") }.map {
            String($0.split(separator: " ").last!)
        }
        var computed: [String] = []
        for c in chain {
            let r = Record(
                seq: Int64(c["seq"] as! Int), kind: c["kind"] as! String, deployment: Self.bytes(c["deployment"] as! String), epoch: Int64(c["epoch"] as! Int),
                publicData: Array((c["public"] as! String).utf8), nonce: Self.bytes(c["nonce"] as! String), ciphertext: Self.bytes(c["ciphertext"] as! String),
                prevHash: Self.bytes(c["prev_hash"] as! String), hash: Self.bytes(c["hash"] as! String))
            let sig = Self.bytes(c["sig"] as! String)
            computed.append(Self.hex(RecordV2.recordKey(k1, header: RecordFormat.header(r, ledger: ledger), author: Array(sig.prefix(32)))))
        }
        #expect(!shownKeys.isEmpty && Set(shownKeys).isSubset(of: Set(computed)), "§30 shows \(shownKeys); the records' keys are \(computed)")
    }
}
