import LedgerCore

/// What `LedgerFile.audit` checks besides the chain: how signatures are judged and which
/// checkpoint, if any, the log must extend.
public struct AuditRequest: Sendable {
    /// Keys pinned from outside the ledger (`--trust FILE`); nil judges signatures by the
    /// roster in the ledger.
    public var trust: TrustFile?
    /// A signed checkpoint (the note 'ledger checkpoint' wrote) the log must extend; nil checks none.
    public var checkpoint: String?
    /// The checkpoint verifier key to trust (`--checkpoint-key`); else the trust file's, else
    /// the ledger's own (derived with the passphrase, else read from the file).
    public var checkpointKey: String?

    /// A request; the defaults are `ledger verify` without options.
    public init(trust: TrustFile? = nil, checkpoint: String? = nil, checkpointKey: String? = nil) {
        self.trust = trust
        self.checkpoint = checkpoint
        self.checkpointKey = checkpointKey
    }
}

/// Everything one audit of a ledger found and what it checked: the chain (records, and how),
/// every signature, the sign-offs of each deployment, the checkpoint; and the exit category,
/// decided here and nowhere else. `ledger verify`, `ledger checkpoint` and the exports that
/// state the verify result all read this report (docs/decisions/0011-one-audit-pipeline.md).
public struct AuditReport: Sendable {
    /// How the records were checked.
    public enum Method: String, Sendable {
        /// Without the key: format, record hashes, links, sequence numbers.
        case keyless
        /// With the key: also every AEAD tag and payload, and the sign-off statements.
        case withKey = "with_key"
    }

    /// Whose word decides which key may sign.
    public enum Judge: String, Sendable {
        /// The roster the ledger itself records.
        case roster
        /// Keys pinned from outside the ledger (a trust file).
        case trustFile = "trust_file"
        /// Format 2: the members in force at each record (decision 0017 §13).
        case members
    }

    /// The ledger audited.
    public let ledger: LedgerID
    /// The chain step (`verify(progress:)`): records read, head, and its findings.
    public let chain: VerifyReport
    /// Whose word judged the signatures.
    public let judge: Judge
    /// Every signed record, with what was found about its signature.
    public let signatures: [SignatureCheck]
    /// Each deployment with sign-offs, with each role's standing (empty without the key:
    /// statements and staleness need it).
    public let signoffs: [DeploymentSignoffs]
    /// The checkpoint check, when a checkpoint was given.
    public let checkpoint: CheckpointOutcome?
    /// The whole result as one `VerifyReport`: the chain's, with every other step's findings.
    public let verify: VerifyReport

    /// Every finding of every step, ordered by sequence number then kind.
    public var findings: [Finding] { verify.findings }

    /// How many records were checked.
    public var recordsChecked: Int { chain.recordCount }
    /// How they were checked.
    public var method: Method { chain.decrypted ? .withKey : .keyless }
    /// True when there is no finding.
    public var isIntact: Bool { findings.isEmpty }
    /// The findings that are damage (every one but `stale_signoff`): a log with any is never certified.
    public var damage: [Finding] { findings.filter { $0.kind != .staleSignoff } }

    /// THE exit category of an audit (docs/CLI.md, ledger verify): nil when intact, `.tampered`
    /// when some finding means tampering, else `.corrupt` when some finding is `malformed`,
    /// else `.stale` (only stale sign-offs).
    public var exitCategory: LedgerError.Category? {
        if findings.contains(where: { $0.kind.isTampering }) { return .tampered }
        if findings.contains(where: { $0.kind == .malformed }) { return .corrupt }
        return findings.isEmpty ? nil : .stale
    }
}

/// One signed record and what the audit found about its signature.
public struct SignatureCheck: Sendable, Equatable {
    /// The record.
    public let seq: Int64
    /// Its kind, as stored.
    public let kind: String
    /// The public key its signature names.
    public let publicKey: [UInt8]
    /// The minisign key id the trust file or the roster gives that key, if either knows it.
    public let keyID: String?
    /// The role the trust file or the roster gives that key, if any.
    public let role: String?
    /// The name the roster records for that key, if it is on the roster.
    public let signer: String?
    /// The signature findings at this record (`bad_signature`, `untrusted_signer`,
    /// `role_conflict`…); empty when the signature is good and its key may sign.
    public let findings: [Finding]

    /// The key's short fingerprint.
    public var keyFingerprint: String { publicKey.keyFingerprint }
    /// True when nothing was found about this signature.
    public var isGood: Bool { findings.isEmpty }
}

/// One deployment's sign-offs as the audit judged them (with the key).
public struct DeploymentSignoffs: Sendable, Equatable {
    /// The deployment.
    public let deployment: DeploymentID
    /// Its name.
    public let name: String
    /// Every sign-off role of its template, with its latest sign-off that counts and whether it is stale.
    public let roles: [DeploymentView.RoleSignoff]
    /// Per stale sign-off (by record): the first record that changed the checklist after it.
    public let staleSince: [Int64: Int64]

    /// Roles holding a sign-off of the present state.
    public var counted: Int { roles.filter(\.isSigned).count }
    /// Roles whose latest sign-off is stale.
    public var stale: Int { roles.filter(\.stale).count }
}

/// The outcome of checking that the log extends a given checkpoint.
public struct CheckpointOutcome: Sendable, Equatable {
    /// Where the verifier key came from.
    public enum KeySource: String, Sendable {
        /// Given with the request (`--checkpoint-key`).
        case given
        /// Pinned in the trust file.
        case trustFile = "trust_file"
        /// Derived from the ledger's keys with the passphrase.
        case derived
        /// Read from the ledger itself (not pinned).
        case ledger
        /// Format 2: the keys of the members in force at the checkpoint's size (decision 0017 §11.2).
        case members
    }

    /// The checkpoint's tree size, when its signature and origin hold.
    public let size: Int?
    /// Its root, when its signature and origin hold.
    public let root: [UInt8]?
    /// The verifier key it was checked with.
    public let verifierKey: String
    /// Where that key came from.
    public let keySource: KeySource
    /// What was found (`bad_checkpoint`, `truncated`, `rewritten`); empty when the signature
    /// verified and the consistency proof from its tree to the log's did.
    public let findings: [Finding]

    /// Format 2: the members whose signature lines verified, as `NAME (key KEYID)`.
    public var vouchedBy: [String] = []

    /// True when the key was pinned from outside the ledger.
    public var isPinned: Bool { keySource == .given || keySource == .trustFile }
    /// True when the signature is good and the log extends the checkpoint.
    public var holds: Bool { findings.isEmpty }
}
