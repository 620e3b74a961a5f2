import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// Known-answer vectors of the format-2 building blocks, in Tests/Fixtures/format2/vectors.json:
/// every input (seeds, keys, the "random" bytes) and every output. This test recomputes them
/// with LedgerCore; tools/independent-verify/format2_vectors.py recomputes them with PyNaCl,
/// from decision 0017 alone. `LEDGER_UPDATE_DOCS=1` writes the file again.
@Suite struct Format2VectorsTests {
    static let file = "Tests/Fixtures/format2/vectors.json"

    /// Hands out given byte strings in order, as a `RandomSource`.
    final class Replay: RandomSource, @unchecked Sendable {
        var queue: [[UInt8]]
        init(_ queue: [[UInt8]]) { self.queue = queue }
        func bytes(_ count: Int) -> [UInt8] {
            let next = queue.removeFirst()
            precondition(next.count == count, "replay: asked for \(count) bytes, have \(next.count)")
            return next
        }
    }

    static func fill(_ byte: UInt8, _ count: Int) -> [UInt8] { (0..<count).map { byte &+ UInt8($0) } }
    static func secure(_ bytes: [UInt8]) -> SecureBytes {
        var b = bytes
        return SecureBytes(consuming: &b)
    }
    static func hex(_ b: [UInt8]) -> JSONValue { .string(Hex.encode(b)) }
    static func hex(_ s: SecureBytes) -> JSONValue { .string(s.withBytes { Hex.encode(Array($0)) }) }

    /// The whole document, computed.
    static func vectors() -> JSONValue {
        let ledger = LedgerID(bytes: fill(0x10, 16))!
        let epoch: UInt32 = 2
        let dataKey = fill(0x40, 32), previousKey = fill(0x60, 32)
        var members: [JSONValue] = [], stanzas: [JSONValue] = []
        for (i, seed) in [fill(0x01, 32), fill(0xA0, 32)].enumerated() {
            let id = Ed25519(seed: secure(seed))
            members.append([
                "seed": hex(seed), "ed25519": hex(id.publicKey), "x25519": hex(X25519.publicKey(ofEd25519: id.publicKey)!),
                "x25519_secret": hex(X25519.secretKey(of: id)),
            ])
            let esk = fill(0x80 + UInt8(i), 32), nonce = fill(0xC0 + UInt8(i), 24)
            let s = X25519Stanza.wrap(secure(dataKey), for: id.publicKey, ledger: ledger, epoch: epoch, random: Replay([esk, nonce]))!
            let ss = X25519.shared(secure(esk), X25519.publicKey(ofEd25519: id.publicKey)!)!
            stanzas.append([
                "recipient": hex(id.publicKey), "esk": hex(esk), "epk": hex(s.epk), "shared": hex(ss),
                "wrap_key": hex(X25519Stanza.wrapKey(ss, epk: s.epk, x: X25519.publicKey(ofEd25519: id.publicKey)!, recipient: id.publicKey)),
                "nonce": hex(s.nonce), "wrapped": hex(s.wrapped),
            ])
        }
        let linkNonce = fill(0xE0, 24)
        let link = EpochKey.link(secure(previousKey), under: secure(dataKey), ledger: ledger, epoch: epoch, random: Replay([linkNonce]))
        let author = Ed25519(seed: secure(fill(0x01, 32)))
        let header = Array("a format-2 header: ledger ‖ seq ‖ epoch ‖ deployment ‖ kind ‖ public ‖ nonce ‖ prev".utf8)
        let rk = RecordV2.recordKey(secure(dataKey), header: header, author: author.publicKey)
        let recordNonce = fill(0x30, 24)
        let ad = RecordV2.associatedData(header: header, author: author.publicKey)
        let payload = Array(#"{"data":{"text":"vector"},"time":"2026-12-04T00:00:00.000Z"}"#.utf8)
        let ciphertext = AEAD.seal(payload, key: rk, nonce: recordNonce, ad: ad)
        let sig = RecordV2.sign(header: header, ciphertext: ciphertext, by: author)
        let sealedPass = Array("vector passphrase".utf8)
        let sealed = SealedIdentity.seal(
            Ed25519(seed: secure(fill(0x01, 32))), passphrase: secure(sealedPass), ledger: ledger, parameters: .owaspFloor,
            random: Replay([fill(0x50, 16), fill(0x70, 24)]))!
        return [
            "chain": .array(chain(ledger: ledger, dataKey: dataKey)),
            "sealed_identity": [
                "passphrase": hex(sealedPass), "member_seed": hex(fill(0x01, 32)), "opslimit": .int(Int64(sealed.parameters.opsLimit)),
                "memlimit": .int(Int64(sealed.parameters.memLimit)), "salt": hex(sealed.salt), "nonce": hex(sealed.nonce), "secret": hex(sealed.secret),
            ],
            "about": "format-2 building blocks, decision 0017 §5, §7.2-7.4, §8, §9.2-9.4, §10; hex throughout",
            "ledger": hex(ledger.bytes), "epoch": .int(Int64(epoch)), "data_key": hex(dataKey),
            "members": .array(members), "stanzas": .array(stanzas),
            "key_check": hex(EpochKey.check(secure(dataKey), ledger: ledger, epoch: epoch)),
            "link": ["previous_key": hex(previousKey), "nonce": hex(link.nonce), "sealed": hex(link.sealed)],
            "record": [
                "author_seed": hex(fill(0x01, 32)), "header": hex(header), "record_key": hex(rk), "ad": hex(ad),
                "nonce": hex(recordNonce), "payload": hex(payload), "ciphertext": hex(ciphertext), "sig": hex(sig),
                "hash": hex(RecordV2.hash(header: header, ciphertext: ciphertext, sig: sig)),
                "genesis": hex(RecordV2.genesisHash(ledger: ledger)),
            ],
        ]
    }

    /// A three-record format-2 log: founded by member 0 (admin), member 1 added with read and
    /// write (its wrap), a note by member 1. Every field in hex, the public data as text.
    static func chain(ledger: LedgerID, dataKey: [UInt8]) -> [JSONValue] {
        let founder = Ed25519(seed: secure(fill(0x01, 32))), writer = Ed25519(seed: secure(fill(0xA0, 32)))
        let key = secure(dataKey)
        func member(_ id: Ed25519, _ name: String, _ can: String) -> JSONValue {
            try! MemberObject(can: CapabilitySet.parse(list: can), key: id.publicKey, keyNumber: fill(0x11, 8), name: name).json
        }
        let epoch = try! EpochObject(
            epoch: 1, keyCheck: EpochKey.check(key, ledger: ledger, epoch: 1), previous: nil,
            wraps: [X25519Stanza.wrap(key, for: founder.publicKey, ledger: ledger, epoch: 1, random: Replay([fill(0x90, 32), fill(0x91, 24)]))!])
        var added = member(writer, "erin", "read,write").objectValue!
        added["wrap"] = EpochObject.json(
            X25519Stanza.wrap(key, for: writer.publicKey, ledger: ledger, epoch: 1, random: Replay([fill(0x92, 32), fill(0x93, 24)]))!)
        let steps: [(EventKind, JSONValue?, String, Ed25519)] = [
            (.ledgerCreated, ["epoch": epoch.json, "format": 2, "member": member(founder, "dana", "admin,read,write")], #"{"format":2}"#, founder),
            (.memberAdded, .object(added), "{}", founder),
            (.note, nil, #"{"text":"all green"}"#, writer),
        ]
        var prev = RecordV2.genesisHash(ledger: ledger)
        return steps.enumerated().map { i, step in
            let payload = Array(#"{"data":\#(step.2),"time":"2026-12-04T02:0\#(i):00.000Z"}"#.utf8)
            let publicData = step.1.map { Array($0.canonicalString.utf8) } ?? []
            let r = Format2Chain.seal(
                kind: step.0, deployment: nil, publicData: publicData, payload: payload, seq: Int64(i + 1), epoch: 1, prevHash: prev,
                nonce: fill(0xB0 + UInt8(i), 24), dataKey: key, author: step.3, ledger: ledger)
            prev = r.hash
            return [
                "seq": .int(r.seq), "kind": .string(r.kind), "deployment": hex(r.deployment), "epoch": .int(r.epoch),
                "public": .string(String(decoding: r.publicData, as: UTF8.self)), "nonce": hex(r.nonce), "ciphertext": hex(r.ciphertext),
                "sig": hex(r.signature), "prev_hash": hex(r.prevHash), "hash": hex(r.hash), "payload": hex(payload),
            ]
        }
    }

    @Test func theVectorsAreWhatLedgerCoreComputes() throws {
        let computed = Self.vectors().canonicalString + "\n"
        if ProcessInfo.processInfo.environment["LEDGER_UPDATE_DOCS"] == "1" {
            try computed.write(to: Repository.url(Self.file), atomically: true, encoding: .utf8)
        }
        let stored = try String(contentsOf: Repository.url(Self.file), encoding: .utf8)
        #expect(stored == computed, "run LEDGER_UPDATE_DOCS=1 swift test --filter Format2VectorsTests, and say why the bytes changed")
    }

    /// Runs the independent script on `file`; its exit status and output.
    static func independent(_ file: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Repository.path("tools/independent-verify/format2_vectors.py"), file]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    /// An implementation written from decision 0017 alone (Python, PyNaCl and hashlib) gets
    /// every byte of the vectors, and fails a record whose ciphertext was changed.
    @Test func anIndependentImplementationAgrees() throws {
        let (status, text) = try Self.independent(Repository.path(Self.file))
        #expect(status == 0 && text.contains("43 of 43 checks agree"), "\(text)")
        var doc = try CanonicalJSON.parse(Array(try String(contentsOf: Repository.url(Self.file), encoding: .utf8).utf8.dropLast())).objectValue!
        var chain = doc["chain"]!.arrayValue!, note = chain[2].objectValue!
        let ct = note["ciphertext"]!.stringValue!
        note["ciphertext"] = .string((ct.first == "0" ? "1" : "0") + ct.dropFirst())
        chain[2] = .object(note)
        doc["chain"] = .array(chain)
        let changed = TempDir.create(prefix: "format2-") + "/vectors.json"
        try JSONValue.object(doc).canonicalString.write(toFile: changed, atomically: true, encoding: .utf8)
        let (bad, out) = try Self.independent(changed)
        #expect(bad == 1 && out.contains("FAIL chain 3: record hash") && out.contains("FAIL chain 3: opens to its payload"), "\(out)")
    }

    /// The stanzas open with each member's identity, and the link with the data key.
    @Test func theStoredStanzasOpen() throws {
        let doc = try CanonicalJSON.parse(Array(try String(contentsOf: Repository.url(Self.file), encoding: .utf8).utf8.dropLast()))
        let ledger = LedgerID(bytes: Hex.decode(doc["ledger"]!.stringValue!)!)!
        for (m, s) in zip(doc["members"]!.arrayValue!, doc["stanzas"]!.arrayValue!) {
            let id = Ed25519(seed: Self.secure(Hex.decode(m["seed"]!.stringValue!)!))
            let field = { (k: String) in Hex.decode(s[k]!.stringValue!)! }
            let stanza = try #require(X25519Stanza(key: field("recipient"), epk: field("epk"), nonce: field("nonce"), wrapped: field("wrapped")))
            let key = try #require(stanza.unwrap(with: id, ledger: ledger, epoch: 2))
            #expect(key.withBytes { Hex.encode(Array($0)) } == doc["data_key"]!.stringValue!)
        }
    }
}
