import LedgerCore
import LedgerStore

extension VerifyText {
    /// The stable JSON document of docs/CLI.md §ledger verify (schema/verify.schema.json).
    static func json(_ a: AuditReport, path: String, trust: String? = nil, pins: TrustFile? = nil, checkpoint: String? = nil) -> String {
        let r = a.verify
        var head: JSONValue = .null
        if let seq = r.headSeq, let hash = r.headHash { head = ["seq": .int(seq), "hash": .string(Hex.encode(hash))] }
        let doc: JSONValue = .object([
            "ledger": .string(r.ledger.hex), "file": .string(path), "format": .int(Int64(r.ledger.format.rawValue)),
            "records": .int(Int64(r.recordCount)), "head": head, "decrypted": .bool(r.decrypted), "method": .string(a.method.rawValue),
            "intact": .bool(a.damage.isEmpty), "stale_signoffs": .int(Int64(r.findings.count - a.damage.count)),
            "trust": trust.map { .string($0) } ?? .null, "judge": .string(a.judge.rawValue), "pins": pins.map(pinsJSON) ?? .null,
            "signatures": .array(a.signatures.map(signatureJSON)),
            "signoffs": a.method == .keyless ? .null : .array(a.signoffs.map { deploymentJSON($0, a) }),
            "checkpoint": a.checkpoint.map { checkpointJSON($0, file: checkpoint ?? "") } ?? .null,
            "findings": .array(r.findings.map { ["kind": .string($0.kind.rawValue), "seq": .int($0.seq), "message": .string($0.message)] }),
        ])
        return doc.canonicalString
    }

    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    static func pinsJSON(_ t: TrustFile) -> JSONValue {
        [
            "signers": .array(
                t.pins.map {
                    ["role": .string($0.role), "key_id": .string(Signer.keyID($0.keyNumber)), "key_fingerprint": .string($0.publicKey.keyFingerprint)]
                }),
            "require_signed": .array(t.requireSigned.sorted().map { .string($0) }), "checkpoint_key": optional(t.checkpointKey),
        ]
    }

    static func signatureJSON(_ s: SignatureCheck) -> JSONValue {
        [
            "seq": .int(s.seq), "kind": .string(s.kind), "signer": optional(s.signer), "role": optional(s.role),
            "key_id": optional(s.keyID), "key_fingerprint": .string(s.keyFingerprint), "good": .bool(s.isGood),
            "findings": .array(s.findings.map { .string($0.kind.rawValue) }),
        ]
    }

    static func deploymentJSON(_ d: DeploymentSignoffs, _ a: AuditReport) -> JSONValue {
        let roles: [JSONValue] = d.roles.map { role in
            guard let s = role.signoff else {
                return ["role": .string(role.role), "signed": false, "counts": false, "stale": false]
            }
            let check = a.signatures.first { $0.seq == s.seq }
            return [
                "role": .string(role.role), "signed": true, "counts": .bool(role.isSigned), "stale": .bool(role.stale),
                "signer": .string(check?.signer ?? s.actor), "key_id": optional(check?.keyID), "key_fingerprint": .string(s.publicKey.keyFingerprint),
                "seq": .int(s.seq), "stale_since": d.staleSince[s.seq].map { .int($0) } ?? .null,
            ]
        }
        return [
            "deployment": .string(d.deployment.hex), "name": .string(d.name), "counted": .int(Int64(d.counted)),
            "stale": .int(Int64(d.stale)), "roles": .array(roles),
        ]
    }

    static func checkpointJSON(_ cp: CheckpointOutcome, file: String) -> JSONValue {
        [
            "file": .string(file), "size": cp.size.map { .int(Int64($0)) } ?? .null, "root": cp.root.map { .string(Hex.encode($0)) } ?? .null,
            "verifier_key": .string(cp.verifierKey), "key_source": .string(cp.keySource.rawValue), "key_pinned": .bool(cp.isPinned),
            "vouched_by": .array(cp.vouchedBy.map(JSONValue.string)),
            "signature_good": .bool(cp.size != nil), "consistent": .bool(cp.holds),
        ]
    }
}
