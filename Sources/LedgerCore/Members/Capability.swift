/// What a format-2 member may do (decision 0017 §6.1): `read` (hold the data keys), `write`
/// (author checklist records), `sign:ROLE` (sign off ROLE), `admin` (change members).
public enum Capability: Hashable, Sendable {
    case read, write, admin
    /// Sign off this role (its spelling as written; matched without regard to ASCII case).
    case sign(role: String)

    /// The capability as written in `can` and on the command line.
    public var text: String {
        switch self {
        case .read: "read"
        case .write: "write"
        case .admin: "admin"
        case .sign(let role): "sign:" + role
        }
    }

    /// Parses one capability as the file holds it (canonical only: a role with surrounding or
    /// doubled blanks is refused); nil when it is none.
    public init?(_ text: String) {
        switch text {
        case "read": self = .read
        case "write": self = .write
        case "admin": self = .admin
        default:
            guard text.hasPrefix("sign:"), let role = Self.role(String(text.dropFirst(5))) else { return nil }
            self = .sign(role: role)
        }
    }

    /// `role` when it is a canonical role: 1–128 UTF-8 bytes, no control character, no `,` or
    /// `#`, no surrounding blanks, no run of two blanks.
    static func role(_ role: String) -> String? {
        let ok =
            !role.isEmpty && role.utf8.count <= 128 && role == role.trimmingBlanks && !role.contains("  ")
            && !role.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "," || $0 == "#" }
        return ok ? role : nil
    }

    /// The role of a `sign:` capability in the comparison form (ASCII case folded).
    var foldedRole: String? {
        guard case .sign(let role) = self else { return nil }
        return role.asciiLowercased
    }
}

/// A member's capabilities: a set, written as the array `can` of unique strings sorted by
/// their UTF-8 bytes, in which `write` and `admin` need `read` and no two `sign:` roles are
/// equal without regard to ASCII case.
public struct CapabilitySet: Hashable, Sendable {
    /// The capabilities, in the order `can` writes them.
    public let all: [Capability]

    /// Why a capability list is refused.
    public enum Problem: Error, Equatable, Sendable {
        /// `text` is not a capability.
        case unknown(String)
        /// The list is empty.
        case empty
        /// `write` or `admin` without `read`.
        case needsRead(Capability)
        /// The same capability (or role, ASCII case ignored) twice.
        case repeated(String)
        /// The file's array is not sorted by UTF-8 bytes.
        case notSorted
    }

    /// The set of `capabilities`, checked; in canonical order.
    public init(_ capabilities: [Capability]) throws(Problem) {
        guard !capabilities.isEmpty else { throw .empty }
        var seen: Set<String> = []
        for c in capabilities {
            guard seen.insert(c.foldedRole.map { "sign:" + $0 } ?? c.text).inserted else { throw .repeated(c.text) }
        }
        for c in [Capability.write, .admin] where capabilities.contains(c) && !capabilities.contains(.read) { throw .needsRead(c) }
        all = capabilities.sorted { Array($0.text.utf8).lexicographicallyPrecedes(Array($1.text.utf8)) }
    }

    /// The command line's form, `read,write,sign:Security Lead` (blanks around items dropped,
    /// runs of blanks inside a role made one).
    public static func parse(list: String) throws(Problem) -> CapabilitySet {
        var out: [Capability] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            var text = String(item).trimmingBlanks
            if text.hasPrefix("sign:") {
                text = "sign:" + String(text.dropFirst(5)).trimmingBlanks.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            }
            guard let c = Capability(text) else { throw .unknown(text) }
            out.append(c)
        }
        return try CapabilitySet(out)
    }

    /// The file's form: exactly the canonical array (sorted, unique).
    public init(can: [String]) throws(Problem) {
        var parsed: [Capability] = []
        for text in can {
            guard let c = Capability(text) else { throw .unknown(text) }
            parsed.append(c)
        }
        let set = try CapabilitySet(parsed)
        guard set.all.map(\.text) == can else { throw .notSorted }
        self = set
    }

    /// True when the set holds `c` (a role compared without regard to ASCII case).
    public func holds(_ c: Capability) -> Bool {
        guard let role = c.foldedRole else { return all.contains(c) }
        return all.contains { $0.foldedRole == role }
    }

    /// The array `can`.
    public var can: [String] { all.map(\.text) }
}
