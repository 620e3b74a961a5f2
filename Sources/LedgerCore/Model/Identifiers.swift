/// A 16-byte random identifier shown as 32 lower-case hex digits.
public protocol ByteIdentifier: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The 16 raw bytes.
    var bytes: [UInt8] { get }
    /// Wraps 16 raw bytes; nil for any other length.
    init?(bytes: [UInt8])
}

extension ByteIdentifier {
    /// Lower-case hex of the bytes.
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
    /// Parses 32 hex digits; nil otherwise.
    public init?(hex: String) {
        guard let b = Hex.decode(hex) else { return nil }
        self.init(bytes: b)
    }
    /// Makes a new random identifier.
    public static func random(_ rng: any RandomSource) -> Self { Self(bytes: rng.bytes(16))! }
    public static func < (a: Self, b: Self) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// Identifies one ledger file; bound into every record's header and the chain's genesis.
///
/// It also carries the file's format (`meta.format`): the 16 bytes name the ledger, the
/// format says under which labels its records are hashed, sealed and signed (format 1,
/// docs/FORMAT.md §7; format 2, decision 0017 §9), so every hash computed from an id is the
/// one its file's format defines.
public struct LedgerID: ByteIdentifier {
    public let bytes: [UInt8]
    /// The format of the ledger's records (1 unless `inFormat` says otherwise).
    public private(set) var format: LedgerFormat = .v1
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The same id, for a ledger of `format`.
    public func inFormat(_ format: LedgerFormat) -> LedgerID {
        var id = self
        id.format = format
        return id
    }
}

/// A ledger's format version (`meta.format`): 1 (one passphrase, docs/FORMAT.md §1–15) or 2
/// (members with their own keys, decision 0017).
public enum LedgerFormat: Int, Sendable, Hashable, Comparable {
    case v1 = 1, v2 = 2
    public static func < (a: LedgerFormat, b: LedgerFormat) -> Bool { a.rawValue < b.rawValue }
}

/// Identifies one deployment within a ledger. `DeploymentID.none` (all zeros) marks
/// ledger-level events that belong to no deployment.
public struct DeploymentID: ByteIdentifier {
    public let bytes: [UInt8]
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }
    /// The all-zero id of ledger-level events.
    public static let none = DeploymentID(bytes: [UInt8](repeating: 0, count: 16))!
    /// True for the all-zero id.
    public var isNone: Bool { bytes.allSatisfy { $0 == 0 } }
}

/// Lower-case hexadecimal encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lower-case hex.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex (either case); nil on odd length or a non-hex character.
    public static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
