/// A C2SP tlog-checkpoint over the ledger's Merkle tree, signed as a C2SP signed note by the
/// ledger's checkpoint key (docs/FORMAT.md §10.2).
///
/// Body: `ORIGIN\nSIZE\nBASE64(ROOT)\n` with origin `ledger/<ledger id hex>`; the root is the
/// RFC 6962 root over the first SIZE record hashes. The checkpoint key is an Ed25519 key whose
/// seed is BLAKE2b-256 keyed with the epoch-1 data key over
/// `"ledger/v1/checkpoint-key" ‖ 0x00 ‖ ledger_id`, so every passphrase holder can sign
/// checkpoints and nobody else can.
public struct Checkpoint: Sendable, Equatable {
    /// The log's origin line.
    public let origin: String
    /// The number of records covered.
    public let size: Int
    /// The Merkle root over them.
    public let root: [UInt8]

    /// Creates a checkpoint body.
    public init(ledger: LedgerID, size: Int, root: [UInt8]) {
        origin = Self.origin(ledger)
        self.size = size
        self.root = root
    }

    /// `ledger/<id>`.
    public static func origin(_ ledger: LedgerID) -> String { "ledger/\(ledger.hex)" }

    /// The key name used in signature lines and verifier keys.
    public static func keyName(_ ledger: LedgerID) -> String { "ledger-checkpoint/\(ledger.hex)" }

    /// The checkpoint body text.
    public var text: String { "\(origin)\n\(size)\n\(Base64.encode(root))\n" }

    /// Parses a body; nil when it is not a checkpoint.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", let n = Int(lines[1]), n >= 0, String(n) == lines[1],
            let root = Base64.decode(String(lines[2])), root.count == 32
        else { return nil }
        origin = String(lines[0])
        size = n
        self.root = root
    }

    /// The ledger's checkpoint key, derived from its epoch-1 data key.
    public static func key(dataKey: SecureBytes, ledger: LedgerID) -> Ed25519 {
        let message = RecordFormat.labelBytes("ledger/v1/checkpoint-key") + ledger.bytes
        return Ed25519(seed: BLAKE2b.keyed(message, key: dataKey, outputLength: 32))
    }
}
