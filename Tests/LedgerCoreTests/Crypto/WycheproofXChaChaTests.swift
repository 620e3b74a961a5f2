import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// The published Wycheproof XChaCha20-Poly1305 cases (Tests/Fixtures/test-vectors/wycheproof).
@Suite struct WycheproofXChaChaTests {
    struct Case {
        let id: Int
        let key, iv, aad, msg, ct, tag: [UInt8]
        let valid: Bool
    }

    static func cases() throws -> [Case] {
        let url = Repository.fixture("test-vectors/wycheproof/xchacha20_poly1305_test.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var out: [Case] = []
        for group in root["testGroups"] as! [[String: Any]] {
            for t in group["tests"] as! [[String: Any]] {
                func h(_ k: String) -> [UInt8] { Hex.decode(t[k] as! String)! }
                out.append(
                    Case(
                        id: t["tcId"] as! Int, key: h("key"), iv: h("iv"), aad: h("aad"), msg: h("msg"),
                        ct: h("ct"), tag: h("tag"), valid: (t["result"] as! String) != "invalid"))
            }
        }
        return out
    }

    @Test func everyCasePasses() throws {
        let all = try Self.cases()
        #expect(all.count == 315)
        var checked = 0
        for c in all where c.key.count == 32 && c.iv.count == 24 {
            var k = c.key
            let key = SecureBytes(consuming: &k)
            let opened = AEAD.open(c.ct + c.tag, key: key, nonce: c.iv, ad: c.aad)
            if c.valid {
                #expect(opened == c.msg, "case \(c.id)")
                #expect(AEAD.seal(c.msg, key: key, nonce: c.iv, ad: c.aad) == c.ct + c.tag, "case \(c.id)")
            } else {
                #expect(opened == nil, "case \(c.id) must not open")
            }
            checked += 1
        }
        #expect(checked > 250)
    }
}
