import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// The published vectors in Tests/Fixtures/test-vectors: RFC 6962 Merkle trees (roots, inclusion
/// and consistency, happy and tampered), Wycheproof Ed25519, and the C2SP signed-note example.
@Suite struct PublishedVectorTests {
    static let root = Repository.fixture("test-vectors")

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path))) as! [String: Any]
    }

    static func files(_ dir: String) throws -> [String] {
        let base = root.appendingPathComponent(dir).path
        return FileManager.default.enumerator(atPath: base)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.map { dir + "/" + $0 }.sorted()
    }

    static func b64(_ v: Any?) -> [UInt8] { (v as? String).flatMap(Base64.decode) ?? [] }

    /// An integer field; sizes beyond Int (the vectors test 2^64−1) become Int.max, which no
    /// proof can satisfy.
    static func int(_ v: Any?) -> Int {
        guard let n = v as? NSNumber else { return -1 }
        return n.uint64Value > UInt64(Int64.max) && n.int64Value < 0 && "\(n)".first != "-" ? Int.max : Int(truncatingIfNeeded: n.int64Value)
    }

    @Test func treeRootsForSizesZeroToEight() throws {
        let d = try Self.json("rfc6962-merkle/tree-roots.json")
        let leaves = (d["leaf_inputs_hex"] as! [String]).map { Merkle.leafHash(Hex.decode($0)!) }
        let roots = (d["root_by_size_hex"] as! [String])
        #expect(roots.count == 9)
        for (n, want) in roots.enumerated() { #expect(Hex.encode(Merkle.root(leaves.prefix(n))) == want, "size \(n)") }
        // proofs we generate verify
        for n in 1...8 {
            for i in 0..<n {
                let proof = Merkle.inclusionProof(i, leaves.prefix(n))
                #expect(Merkle.verifyInclusion(leafHash: leaves[i], index: i, size: n, proof: proof, root: Merkle.root(leaves.prefix(n))))
            }
            for m in 1...n {
                let proof = Merkle.consistencyProof(m, leaves.prefix(n))
                #expect(
                    Merkle.verifyConsistency(size1: m, size2: n, root1: Merkle.root(leaves.prefix(m)), root2: Merkle.root(leaves.prefix(n)), proof: proof),
                    "\(m)→\(n)")
            }
        }
    }

    @Test func everyInclusionCase() throws {
        let files = try Self.files("rfc6962-merkle/testdata/inclusion")
        #expect(files.count > 50)
        for f in files {
            let c = try Self.json(f)
            let ok = Merkle.verifyInclusion(
                leafHash: Self.b64(c["leafHash"]), index: Self.int(c["leafIdx"]), size: Self.int(c["treeSize"]),
                proof: (c["proof"] as? [Any] ?? []).map { Self.b64($0) }, root: Self.b64(c["root"]))
            #expect(ok == !((c["wantErr"] as? Bool) ?? false), "\(f) \(c)")
        }
    }

    @Test func everyConsistencyCase() throws {
        let files = try Self.files("rfc6962-merkle/testdata/consistency")
        #expect(files.count > 50)
        for f in files {
            let c = try Self.json(f)
            let ok = Merkle.verifyConsistency(
                size1: Self.int(c["size1"]), size2: Self.int(c["size2"]), root1: Self.b64(c["root1"]), root2: Self.b64(c["root2"]),
                proof: (c["proof"] as? [Any] ?? []).map { Self.b64($0) })
            #expect(ok == !((c["wantErr"] as? Bool) ?? false), "\(f) \(c)")
        }
    }

    @Test func wycheproofEd25519() throws {
        let d = try Self.json("wycheproof/ed25519_test.json")
        var count = 0
        for g in d["testGroups"] as! [[String: Any]] {
            let pk = Hex.decode((g["publicKey"] as! [String: Any])["pk"] as! String)!
            for t in g["tests"] as! [[String: Any]] {
                let ok = Ed25519.verify(signature: Hex.decode(t["sig"] as! String) ?? [], message: Hex.decode(t["msg"] as! String)!, publicKey: pk)
                #expect(ok == ((t["result"] as! String) == "valid"), "case \(t["tcId"]!)")
                count += 1
            }
        }
        #expect(count == 151)
    }

    @Test func signedNoteVectorIsReproducedByteForByte() throws {
        let d = try Self.json("signed-note/peterneumann.json")
        let skey = (d["skey"] as! String).split(separator: "+", maxSplits: 4)
        var seed = Array(Base64.decode(String(skey[4]))!.dropFirst())
        let key = Ed25519(seed: SecureBytes(consuming: &seed))
        #expect(SignedNote.verifierKey(name: "PeterNeumann", publicKey: key.publicKey) == d["vkey"] as! String)
        let note = SignedNote.sign(d["text"] as! String, name: "PeterNeumann", key: key)
        #expect(note == d["note"] as! String)
        let parsed = try #require(SignedNote.parseVerifierKey(d["vkey"] as! String))
        #expect(SignedNote.verify(note, name: parsed.name, publicKey: parsed.publicKey) == d["text"] as? String)
        #expect(SignedNote.verify(note.replacingOccurrences(of: "cryptography", with: "cryptografy"), name: parsed.name, publicKey: parsed.publicKey) == nil)
        // the README's example key id
        #expect(SignedNote.parseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") != nil)
    }
}
