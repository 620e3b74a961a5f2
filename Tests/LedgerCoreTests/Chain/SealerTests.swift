import Testing

@testable import LedgerCore

@Suite struct SealerTests {
    let f = ChainFixture(count: 3)

    @Test func opensWhatItSealed() throws {
        let sealer = Sealer(ledger: f.ledger, key: f.key, epoch: 1)
        let e = try sealer.open(f.records[1])
        #expect(e.kind == .note)
        #expect(e.actor == "alice")
        #expect(e.data["text"] == "note 2")
        #expect(e.time.description == "2026-11-26T17:30:02.000Z")
    }

    @Test func recordHashNeedsNoKeyAndCoversEveryField() {
        let r = f.records[1]
        #expect(RecordFormat.computeHash(r, ledger: f.ledger) == r.hash)
        var variants: [Record] = []
        var x = r; x.seq += 1; variants.append(x)
        x = r; x.kind = "notf"; variants.append(x)
        x = r; x.deployment[0] ^= 1; variants.append(x)
        x = r; x.epoch = 2; variants.append(x)
        x = r; x.nonce[0] ^= 1; variants.append(x)
        x = r; x.ciphertext[0] ^= 1; variants.append(x)
        x = r; x.prevHash[0] ^= 1; variants.append(x)
        for v in variants { #expect(RecordFormat.computeHash(v, ledger: f.ledger) != r.hash) }
        let other = LedgerID(bytes: [UInt8](repeating: 9, count: 16))!
        #expect(RecordFormat.computeHash(r, ledger: other) != r.hash)
    }

    @Test func headerChangesBreakTheTag() {
        let sealer = Sealer(ledger: f.ledger, key: f.key, epoch: 1)
        var r = f.records[1]
        r.deployment = f.deploymentB.bytes
        #expect(throws: Sealer.OpenError.authenticationFailed) { try sealer.open(r) }
        r = f.records[1]; r.seq = 7
        #expect(throws: Sealer.OpenError.authenticationFailed) { try sealer.open(r) }
    }

    @Test func wrongKeyFails() {
        var k = [UInt8](repeating: 0x43, count: 32)
        let sealer = Sealer(ledger: f.ledger, key: SecureBytes(consuming: &k), epoch: 1)
        #expect(throws: Sealer.OpenError.authenticationFailed) { try sealer.open(f.records[0]) }
    }

    @Test func payloadIsCanonicalJSON() throws {
        let e = Event(kind: .note, actor: "bob", time: Timestamp(millisecondsSinceEpoch: 5), data: ["text": "hi"])
        #expect(String(decoding: e.payload, as: UTF8.self) == #"{"actor":"bob","data":{"text":"hi"},"time":"1970-01-01T00:00:00.005Z"}"#)
        #expect(try Event(kind: .note, deployment: .none, payload: e.payload) == e)
        #expect(throws: PayloadError.self) { try Event(kind: .note, deployment: .none, payload: Array(#"{"actor":"bob"}"#.utf8)) }
    }

    @Test func keyWrapRoundTripsAndRefusesAWrongPassphrase() throws {
        var p = Array("correct horse".utf8)
        let pass = SecureBytes(consuming: &p)
        let w = try #require(
            WrappedKey.wrap(
                dataKey: f.key, passphrase: pass, ledger: f.ledger, epoch: 1,
                parameters: .owaspFloor, random: SeededRandom(seed: [1])))
        #expect(w.unwrap(passphrase: pass, ledger: f.ledger)?.isEqual(to: f.key) == true)
        var q = Array("wrong horse".utf8)
        #expect(w.unwrap(passphrase: SecureBytes(consuming: &q), ledger: f.ledger) == nil)
        var changed = w
        changed.parameters = Argon2id.Parameters(opsLimit: 3, memLimit: w.parameters.memLimit)
        #expect(changed.unwrap(passphrase: pass, ledger: f.ledger) == nil, "parameters are bound by the AD")
        let weak = try #require(
            WrappedKey.wrap(
                dataKey: f.key, passphrase: pass, ledger: f.ledger, epoch: 1,
                parameters: Argon2id.Parameters(opsLimit: 1, memLimit: 8 << 20), random: SeededRandom(seed: [2])))
        #expect(weak.unwrap(passphrase: pass, ledger: f.ledger) == nil, "a reader refuses a wrap below OWASP's floor, even with the right passphrase")
    }
}
