import Checklist

/// Keys pinned from outside the ledger, like SSH's allowed_signers (docs/FORMAT.md §14.5).
///
/// ```
/// # comment (only at the start of a line)
/// signer <minisign public key: base64 of "Ed" ‖ key number ‖ public key> <role>
/// require-signed <event kind>
/// checkpoint-key <C2SP verifier key>
/// ```
/// A role may hold several keys; one key holds one role. `ledger verify --trust FILE` judges
/// every signature against these pins instead of the roster inside the file.
public struct TrustFile: Sendable, Equatable {
    /// One pinned key.
    public struct Pin: Sendable, Equatable {
        /// The role it may sign for.
        public let role: String
        /// The Ed25519 public key.
        public let publicKey: [UInt8]
        /// minisign's key number.
        public let keyNumber: [UInt8]
    }

    /// Every pinned key, in file order.
    public private(set) var pins: [Pin] = []
    /// Format 2: members pinned with capabilities (`member KEY CAPS`), in file order.
    public private(set) var members: [MemberPin] = []
    /// Event kinds that must be signed.
    public private(set) var requireSigned: Set<String> = []

    /// A member key pinned with capabilities (decision 0017 §12).
    public struct MemberPin: Sendable, Equatable {
        /// The Ed25519 public key.
        public let publicKey: [UInt8]
        /// minisign's key number.
        public let keyNumber: [UInt8]
        /// The capabilities the line grants.
        public let can: CapabilitySet
    }
    /// The checkpoint verifier key, when pinned here.
    public private(set) var checkpointKey: String?

    /// A problem in a trust file, with its line.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The 1-based line.
        public let line: Int
        /// What is wrong.
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The kinds this version of ledger writes (docs/FORMAT.md §9); `require-signed` takes one of them.
    public static let knownKinds = EventKind.known.map(\.rawValue)

    /// Parses a trust file: UTF-8 lines ending in LF (a CR before the LF is ignored).
    /// - Throws: `ParseError` naming the first bad line, or line 1 when the file pins nothing.
    public init(text: String) throws(ParseError) {
        var directives = 0
        for (i, raw) in text.utf8.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            var bytes = Array(raw)
            if bytes.last == 13 { bytes.removeLast() }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw ParseError(line: i + 1, reason: "the line is not UTF-8") }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
                throw ParseError(line: i + 1, reason: "the line holds a control character; write one directive per line")
            }
            let line = text.trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let head = Array(parts.prefix(2)) + (parts.count > 2 ? [parts.dropFirst(2).joined(separator: " ")] : [])
            try parse(head, line: i + 1)
            directives += 1
        }
        guard directives > 0 else { throw ParseError(line: 1, reason: "the file has no directive: it pins nothing") }
    }

    private mutating func parse(_ parts: [String], line: Int) throws(ParseError) {
        switch parts[0] {
        case "signer":
            guard parts.count == 3 else { throw ParseError(line: line, reason: "expected 'signer PUBLIC-KEY ROLE'") }
            guard let parsed = Minisign.parsePublicKeyLine(parts[1]) else {
                throw ParseError(line: line, reason: "'\(parts[1].prefix(20))…' is not a minisign public key (the second line of a .pub file)")
            }
            let key = parsed.publicKey, role = parts[2].trimmingBlanks()
            guard !role.contains("#") else { throw ParseError(line: line, reason: "a role cannot hold '#': a comment must start its own line") }
            if let other = pins.first(where: { $0.publicKey == key && !Roster.sameRole($0.role, role) }) {
                throw ParseError(line: line, reason: "this key is already pinned to role '\(other.role)'; one key holds one role")
            }
            pins.append(Pin(role: role, publicKey: key, keyNumber: parsed.keyNumber))
        case "member":
            guard parts.count == 3, let parsed = Minisign.parsePublicKeyLine(parts[1]) else {
                throw ParseError(line: line, reason: "expected 'member PUBLIC-KEY CAPS' with a minisign public key and capabilities")
            }
            do { members.append(MemberPin(publicKey: parsed.publicKey, keyNumber: parsed.keyNumber, can: try CapabilitySet.parse(list: parts[2]))) } catch {
                throw ParseError(line: line, reason: "'\(parts[2])' is not a capability list (read, write, sign:ROLE, admin; write and admin need read)")
            }
        case "require-signed":
            guard parts.count == 2, EventKind(rawValue: parts[1]) != nil else {
                throw ParseError(line: line, reason: "expected 'require-signed KIND' with one event kind")
            }
            guard Self.knownKinds.contains(parts[1]) else {
                throw ParseError(line: line, reason: "'\(parts[1])' is not a kind ledger writes; one of: \(Self.knownKinds.joined(separator: ", "))")
            }
            requireSigned.insert(parts[1])
        case "checkpoint-key":
            guard parts.count == 2, SignedNote.parseVerifierKey(parts[1]) != nil else {
                throw ParseError(line: line, reason: "expected 'checkpoint-key VKEY' with a signed-note verifier key")
            }
            checkpointKey = parts[1]
        default:
            throw ParseError(line: line, reason: "unknown directive '\(parts[0])'; expected signer, member, require-signed or checkpoint-key")
        }
    }

    /// Format 2: what `publicKey` is pinned to do: the union of its `member` lines and, for
    /// each `signer` line, `sign:ROLE` (decision 0017 §12); empty when it is not pinned.
    public func capabilities(of publicKey: [UInt8]) -> [Capability] {
        var out: [Capability] = []
        var seen: Set<String> = []
        let all =
            members.filter { $0.publicKey == publicKey }.flatMap(\.can.all) + pins.filter { $0.publicKey == publicKey }.map { Capability.sign(role: $0.role) }
        for c in all where seen.insert(c.text.asciiLowercased).inserted { out.append(c) }
        return out
    }

    /// The pin of `publicKey`, if any.
    public func pin(for publicKey: [UInt8]) -> Pin? { pins.first { $0.publicKey == publicKey } }
}
