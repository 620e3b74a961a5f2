/// Format-2 records end to end (decision 0017 §9): sealing a payload as a record signed by its
/// author, opening it with the epoch's data key, and checking a log keyless: each hash, link,
/// sequence number and author's signature, and the membership rules (`Membership`).
public enum Format2Chain {
    /// Seals `payload` (the canonical JSON `{"data":…,"time":…}`) as record `seq` by `author`:
    /// the record key and associated data bind the full header and the author (§9.3); `sig` is
    /// the author's (§9.2); the hash covers it (§9.4).
    public static func seal(
        kind: EventKind, deployment: DeploymentID?, publicData: [UInt8] = [], payload: [UInt8], seq: Int64, epoch: UInt32,
        prevHash: [UInt8], nonce: [UInt8], dataKey: SecureBytes, author: Ed25519, ledger: LedgerID
    ) -> Record {
        var r = Record(
            seq: seq, kind: kind.rawValue, deployment: deployment?.bytes ?? [UInt8](repeating: 0, count: 16), epoch: Int64(epoch),
            publicData: publicData, nonce: nonce, ciphertext: [], prevHash: prevHash, hash: [])
        let header = RecordFormat.header(r, ledger: ledger)
        let rk = RecordV2.recordKey(dataKey, header: header, author: author.publicKey)
        r.ciphertext = AEAD.seal(payload, key: rk, nonce: nonce, ad: RecordV2.associatedData(header: header, author: author.publicKey))
        r.signature = RecordV2.sign(header: header, ciphertext: r.ciphertext, by: author)
        r.hash = RecordV2.hash(header: header, ciphertext: r.ciphertext, sig: r.signature)
        return r
    }

    /// The payload of a format-2 record, opened with its epoch's data key; nil when it does not
    /// open (changed, re-signed by another author, or another key).
    /// With `scratch` (32 guarded bytes, one caller's alone), the record key is derived into it
    /// rather than into a new guarded allocation.
    public static func open(_ r: Record, dataKey: SecureBytes, ledger: LedgerID, scratch: SecureBytes? = nil) -> [UInt8]? {
        guard r.malformation == nil, r.signature.count == RecordV2.signatureBytes else { return nil }
        let header = RecordFormat.header(r, ledger: ledger), author = Array(r.signature.prefix(32))
        let key =
            if let scratch, scratch.count == 32 { RecordV2.recordKey(dataKey, header: header, author: author, into: scratch) } else {
                RecordV2.recordKey(dataKey, header: header, author: author)
            }
        return AEAD.open(
            r.ciphertext, key: key, nonce: r.nonce,
            ad: RecordV2.associatedData(header: header, author: author))
    }

    /// What a keyless check of a format-2 log found: problems as values, in `seq` order.
    public struct Report: Sendable {
        /// Chain problems: a record whose hash, link, sequence number or signature is wrong.
        public var chain: [(seq: Int64, problem: String)] = []
        /// The membership fold at the end: members in force, and every rule broken.
        public var membership = Membership()
        /// True when nothing at all was found.
        public var isClean: Bool { chain.isEmpty && membership.problems.isEmpty }
    }

    /// Checks `records` (in stored order) keyless.
    public static func check(_ records: [Record], ledger: LedgerID) -> Report {
        var report = Report()
        var prev = RecordV2.genesisHash(ledger: ledger), next: Int64 = 1
        for r in records {
            if let why = r.malformation {
                report.chain.append((r.seq, "malformed: \(why)"))
                continue
            }
            let header = RecordFormat.header(r, ledger: ledger)
            if r.seq != next { report.chain.append((r.seq, "expected record \(next)")) }
            if r.prevHash != prev { report.chain.append((r.seq, "does not link to the record before it")) }
            if RecordV2.hash(header: header, ciphertext: r.ciphertext, sig: r.signature) != r.hash {
                report.chain.append((r.seq, "its hash does not match its fields"))
            }
            if r.signature.count == RecordV2.signatureBytes, !RecordV2.verify(sig: r.signature, header: header, ciphertext: r.ciphertext) {
                report.chain.append((r.seq, "its author's signature does not verify"))
            }
            report.membership.absorb(Membership.Record(r))
            prev = r.hash
            next = r.seq &+ 1
        }
        return report
    }
}
