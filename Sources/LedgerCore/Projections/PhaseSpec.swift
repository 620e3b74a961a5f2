import Checklist

/// Phases and sign-off roles a person chose (docs/FORMAT.md §14.4): from directives inside the
/// template (`<!-- ledger: phase=execution -->` comments, YAML front matter) or from a
/// `deploy start --phases FILE`. Resolved against the template into the `PhaseMap` that is
/// recorded. Pure.
public struct PhaseSpec: Sendable, Equatable {
    /// One choice: a section (a number, `*`, or a heading's text) and its stage.
    public struct Entry: Sendable, Equatable {
        /// `3`, `3.2`, `*`, or a heading's plain text (case ignored).
        public var section: String
        /// Its stage.
        public var stage: Stage
        /// Where it was written, for messages (`line 4`).
        public var origin: String
    }

    /// Section choices, in the order written (a later one wins).
    public var entries: [Entry] = []
    /// `phases=none`: a phase-less deployment.
    public var phaseless = false
    /// `signoff-roles=…`, when given.
    public var signoffRoles: [String]?

    /// Nothing chosen.
    public init() {}

    /// True when nothing was chosen.
    public var isEmpty: Bool { entries.isEmpty && !phaseless && signoffRoles == nil }

    /// `other`'s choices over these (`other` wins).
    public func overridden(by other: PhaseSpec) -> PhaseSpec {
        var s = self
        s.entries += other.entries
        if other.phaseless { s.phaseless = true }
        if let r = other.signoffRoles { s.signoffRoles = r }
        return s
    }

    /// Applies one `KEY=VALUE` directive (`phase` needs `section`: the section it stands in).
    /// - Throws: `LedgerError` (usage) naming `origin`.
    mutating func apply(key: String, value: String, section: String?, origin: String) throws(LedgerError) {
        let k = key.trimmingBlanks().lowercased(), v = value.trimmingBlanks()
        switch k {
        case "phase":
            guard let stage = Stage(word: v) else { throw Self.badStage(v, origin) }
            entries.append(Entry(section: section ?? "*", stage: stage, origin: origin))
        case "phases":
            guard v.lowercased() == "none" else {
                throw LedgerError(.usage, "\(origin): 'phases' takes only 'none'", hint: "write 'phases=none' for a deployment without phases")
            }
            phaseless = true
        case "signoff-roles", "sign-off-roles", "signoff_roles":
            let roles = Self.list(v)
            guard !roles.isEmpty else {
                throw LedgerError(
                    .usage, "\(origin): 'signoff-roles' names no role", hint: "write roles separated by commas: 'signoff-roles=Release Manager, QA Lead'")
            }
            signoffRoles = roles
        default:
            guard let stage = Stage(word: v) else { throw Self.badStage(v, origin) }
            entries.append(Entry(section: key.trimmingBlanks(), stage: stage, origin: origin))
        }
    }

    static func badStage(_ v: String, _ origin: String) -> LedgerError {
        LedgerError(
            .usage, "\(origin): '\(v)' is not a phase",
            hint: "the phases are preparation, execution, verification, rollback and sign-off")
    }

    /// A comma-separated list (or a YAML flow list `[a, "b"]`), items unquoted and trimmed.
    public static func list(_ text: String) -> [String] {
        var t = text.trimmingBlanks()
        if t.hasPrefix("["), t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        return t.split(separator: ",").map { unquote(String($0)) }.filter { !$0.isEmpty }
    }

    /// Text without surrounding blanks and one pair of surrounding quotes.
    static func unquote(_ text: String) -> String {
        let t = text.trimmingBlanks()
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { return String(t.dropFirst().dropLast()).trimmingBlanks() }
        return t
    }

    /// A `--phases FILE`: UTF-8 lines `SECTION = PHASE` (SECTION a number, `*`, or a heading's
    /// text), `phases = none`, `signoff-roles = A, B`; blank lines and lines starting with `#`
    /// are skipped. `name` names the file in messages.
    /// - Throws: `LedgerError` (usage) naming the line.
    public static func parseFile(_ text: String, name: String) throws(LedgerError) -> PhaseSpec {
        var spec = PhaseSpec()
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let t = String(raw).trimmingBlanks()
            if t.isEmpty || t.hasPrefix("#") { continue }
            let origin = "'\(name)', line \(n + 1)"
            guard let eq = t.lastIndex(of: "=") else {
                if t.lowercased() == "none" { spec.phaseless = true; continue }
                throw LedgerError(
                    .usage, "\(origin): expected 'SECTION = PHASE'",
                    hint: "e.g. '3 = execution', 'Deploy = execution', 'phases = none' or 'signoff-roles = Release Manager'")
            }
            try spec.apply(key: unquote(String(t[..<eq])), value: String(t[t.index(after: eq)...]), section: nil, origin: origin)
        }
        return spec
    }
}
