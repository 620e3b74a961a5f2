@testable import LedgerCore

/// A deterministic chain of sealed records built in memory (no disk).
struct ChainFixture {
    let ledger = LedgerID(bytes: Array(1...16))!
    let key: SecureBytes
    let records: [Record]
    let deploymentA = DeploymentID(bytes: [UInt8](repeating: 0xA, count: 16))!
    let deploymentB = DeploymentID(bytes: [UInt8](repeating: 0xB, count: 16))!

    init(count: Int = 8) {
        var k = [UInt8](repeating: 0x42, count: 32)
        key = SecureBytes(consuming: &k)
        let random = SeededRandom(seed: Array("chain fixture".utf8))
        let sealer = Sealer(ledger: ledger, key: key, epoch: 1)
        var prev = RecordFormat.genesisHash(ledger: ledger)
        var out: [Record] = []
        for i in 1...count {
            let e = Event(
                kind: i == 1 ? .ledgerCreated : .note, deployment: i % 2 == 0 ? deploymentA : deploymentB,
                actor: "alice", time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000 + Int64(i) * 1000),
                data: ["text": .string("note \(i)")])
            let r = sealer.seal(e, seq: Int64(i), prevHash: prev, nonce: random.bytes(24))
            prev = r.hash
            out.append(r)
        }
        records = out
    }

    /// Recomputes the hash of `r` (as an attacker without the key can).
    func rehash(_ r: Record) -> Record {
        var r = r
        r.hash = RecordFormat.computeHash(r, ledger: ledger)
        return r
    }

    /// Relinks and rehashes every record from `index` on (a capable attacker without the key).
    func relink(_ records: [Record], from index: Int) -> [Record] {
        var out = records
        for i in index..<out.count {
            if i > 0 { out[i].prevHash = out[i - 1].hash }
            out[i] = rehash(out[i])
        }
        return out
    }

    func verify(_ records: [Record], withKey: Bool) -> VerifyReport {
        let v = ChainVerifier(ledger: ledger, keys: withKey ? [1: key] : nil)
        v.add(records)
        return v.finish()
    }
}
