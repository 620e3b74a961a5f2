/// What kind of damage a finding reports (docs/FORMAT.md §8).
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    /// A record's stored fields no longer match its hash, or it was replaced.
    case modified
    /// A sequence number below the head has no record.
    case missing
    /// A record that is not part of the chain was added.
    case inserted
    /// An authentic record is stored at another position than the one it was written at.
    case reordered
    /// With the key: a record's tag does not verify although its hash does.
    case undecryptable
    /// A record's fields or payload break the format.
    case malformed
    /// The log is shorter than a checkpoint that was signed for it: its tail was cut, or an
    /// older copy was restored.
    case truncated
    /// The log's first records are not those a checkpoint was signed over: it was rewritten.
    case rewritten
    /// A checkpoint that is not this ledger's, or whose signature does not verify.
    case badCheckpoint = "bad_checkpoint"
    /// A signature (of a signed record or of a sign-off statement) does not verify, or a
    /// sign-off statement does not describe the record that carries it.
    case badSignature = "bad_signature"
    /// A signature verifies but its key is not the one the roster in force (or the `--trust`
    /// file) gives that role, or was revoked; or a roster entry contradicts the `--trust` file.
    case untrustedSigner = "untrusted_signer"
    /// An event that must be signed (a sign-off, or a kind the `--trust` file names) is not.
    case unsigned
    /// One key signed off for two roles of the same deployment.
    case roleConflict = "role_conflict"
    /// A sign-off that breaks the sign-off rules (docs/FORMAT.md §14.4): outside the verifying
    /// phase, for a role the template lacks, with required items open and not accepted, or
    /// for a deployment that never started (needs the key).
    case invalidSignoff = "invalid_signoff"
    /// A sign-off whose checklist state changed after it was signed (needs the key).
    case staleSignoff = "stale_signoff"
    /// An excerpt entry whose inclusion proof does not lead to its checkpoint's root.
    case badProof = "bad_proof"
    /// The file's SQL schema has an object (table, column, index, trigger, view) the format
    /// does not define, lacks one it defines, or one was changed (sequence number 0).
    case schema
    /// Two records whose nonces share the first 16 bytes, from which a record key derives
    /// (docs/FORMAT.md §15.1): the later one could have been written with a disclosed key.
    case nonceReuse = "nonce_reuse"
    /// Format 2: a record whose `sig` is empty: no member wrote it (decision 0017 §13).
    case unsignedRecord = "unsigned_record"
    /// Format 2: a record whose signature verifies, by a key that is not a member in force
    /// before it (never added, or removed).
    case notAMember = "not_a_member"
    /// Format 2: a record by a member without the capability its kind needs.
    case notPermitted = "not_permitted"
    /// Format 2: adding a key or name already in force, removing one not in force, removing
    /// the last admin, or a 257th reader.
    case memberConflict = "member_conflict"
    /// Format 2: an epoch's wraps that are not exactly the readers in force, a member's wrap
    /// against its `read`, or (with an identity) a wrap or link that does not open to the key.
    case badWraps = "bad_wraps"
    /// Format 2: a record under another epoch than the one in force at its position.
    case wrongEpoch = "wrong_epoch"
    /// Format 2: a reader was removed and no new epoch followed before another kind of record.
    case noRotation = "no_rotation"

    /// True for findings that mean someone changed the log or forged a signature (as opposed
    /// to corruption, or a sign-off that went stale).
    public var isTampering: Bool { self != .malformed && self != .staleSignoff }
}

/// One problem the verifier found, at one sequence number.
public struct Finding: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let kind: FindingKind
    /// The sequence number where it is (the stored one; `missing` names the absent one).
    public let seq: Int64
    /// A sentence for a person.
    public let message: String

    /// Creates a finding.
    public init(_ kind: FindingKind, seq: Int64, _ message: String) {
        self.kind = kind
        self.seq = seq
        self.message = message
    }

    public var description: String { "\(kind.rawValue) at \(seq): \(message)" }

    /// The order reports use: by sequence number, then kind.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool { (a.seq, a.kind.rawValue) < (b.seq, b.kind.rawValue) }
}

extension [Finding] {
    /// How many findings of each kind, in the order of `FindingKind.allCases`: `2 modified, 1 schema`.
    public var tally: String {
        FindingKind.allCases.compactMap { k in
            let n = filter { $0.kind == k }.count
            return n == 0 ? nil : "\(n) \(k.rawValue)"
        }.joined(separator: ", ")
    }

    /// The findings in report order, keeping the first of each kind at each record.
    public func onePerKindAndRecord() -> [Finding] {
        var seen = Set<String>()
        return filter { seen.insert("\($0.kind.rawValue)@\($0.seq)").inserted }.sorted(by: Finding.reportOrder)
    }
}

/// The result of verifying a whole log.
public struct VerifyReport: Sendable, Equatable {
    /// The ledger verified.
    public let ledger: LedgerID
    /// How many records were read.
    public let recordCount: Int
    /// The last stored record's sequence number and hash, if any.
    public let headSeq: Int64?
    /// The last stored record's hash.
    public let headHash: [UInt8]?
    /// True when payloads were decrypted and checked (a key was supplied).
    public let decrypted: Bool
    /// Every finding, ordered by sequence number then kind.
    public let findings: [Finding]

    /// True when there is no finding.
    public var isIntact: Bool { findings.isEmpty }
    /// True when some finding means tampering (anything but `malformed`).
    public var hasTampering: Bool { findings.contains { $0.kind.isTampering } }
    /// True when some finding is corruption (`malformed`).
    public var hasCorruption: Bool { findings.contains { $0.kind == .malformed } }

    /// The report without findings of `kind` (format 2 does not check `nonce_reuse`).
    public func removing(_ kind: FindingKind) -> VerifyReport {
        VerifyReport(
            ledger: ledger, recordCount: recordCount, headSeq: headSeq, headHash: headHash, decrypted: decrypted, findings: findings.filter { $0.kind != kind })
    }

    /// The report with more findings (from a checkpoint check), ordered as usual.
    public func adding(_ more: [Finding]) -> VerifyReport {
        VerifyReport(
            ledger: ledger, recordCount: recordCount, headSeq: headSeq, headHash: headHash, decrypted: decrypted,
            findings: (findings + more).sorted(by: Finding.reportOrder))
    }
}
