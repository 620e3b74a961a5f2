import Checklist

/// What `deploy start` says about a deployment's phase map: the phase of each top-level
/// section, and warnings when the checklist could never be signed off or closed. Pure.
public struct PhaseReport: Sendable, Equatable {
    /// One top-level numbered section (or a subsection the map names itself).
    public struct Line: Sendable, Equatable {
        /// Its number.
        public let number: String
        /// Its heading, as plain text (user-controlled: escape before printing).
        public let title: String
        /// The stages of its items, in order of first appearance (one, unless a subsection
        /// has a stage of its own).
        public let stages: [Stage]
        /// How many task items it holds.
        public let items: Int
    }

    /// A reason the deployment could never be finished, and the fix.
    public struct Warning: Sendable, Equatable {
        /// Which reason it is (decision 0009: the CLI words it, naming its commands and flags).
        public enum Kind: Sendable, Equatable {
            /// No item is an execution step; `blocked` verification and sign-off items are refused for ever.
            case noExecutionStep(blocked: Int)
            /// No item is a verification step; `blocked` sign-off items are refused for ever.
            case noVerificationStep(blocked: Int)
            /// No sign-off roles: only the lead can close the deployment.
            case noSignoffRoles
        }

        /// Which reason it is.
        public let kind: Kind
        /// What is wrong, in words that name no command or flag.
        public let message: String
        /// How to fix it, in words that name no command or flag.
        public let hint: String
    }

    /// The sections, in document order (empty for a phase-less map).
    public let lines: [Line]
    /// Items outside every numbered section, with their stage (the `*` entry, else preparation).
    public let looseItems: Int
    /// The warnings.
    public let warnings: [Warning]

    static let fix =
        "mark the sections: a comment '<!-- ledger: phase=execution -->' (or verification, sign-off, rollback, preparation) below a heading, or a phases file with lines like '3 = execution', or no phases for a checklist without phases (docs/CLI.md §Phases)"

    /// The report for `map` on `t`.
    public init(_ map: PhaseMap, _ t: ChecklistTemplate) {
        var lines: [Line] = []
        for s in t.allSections {
            guard let n = s.number, !n.contains(".") || map.stages?[n] != nil else { continue }
            let own = t.items.filter { $0.id.rawValue.hasPrefix(n + ".") }
            var stages: [Stage] = []
            for i in own where !stages.contains(map.stage(of: i.id)) { stages.append(map.stage(of: i.id)) }
            if map.stages != nil { lines.append(Line(number: n, title: s.plainTitle, stages: stages, items: own.count)) }
        }
        self.lines = lines
        looseItems = t.items.filter { $0.sectionNumber == nil }.count
        var w: [Warning] = []
        let count = { (s: Stage) in t.items.filter { map.stage(of: $0.id) == s }.count }
        if map.stages != nil {
            let verification = count(.verification), signOff = count(.signOff)
            if count(.execution) == 0 {
                let blocked = verification + signOff
                w.append(
                    Warning(
                        kind: .noExecutionStep(blocked: blocked),
                        message: "no item is an execution step, so the deployment can never leave 'preparing' and be signed off or closed"
                            + (blocked > 0 ? "; \(blocked) verification and sign-off item\(blocked == 1 ? "" : "s") would be refused for ever" : ""),
                        hint: Self.fix))
            } else if verification == 0 {
                w.append(
                    Warning(
                        kind: .noVerificationStep(blocked: signOff),
                        message: "no item is a verification step, so the deployment can never reach 'verifying' and be signed off or closed"
                            + (signOff > 0 ? "; \(signOff) sign-off item\(signOff == 1 ? "" : "s") would be refused for ever" : ""),
                        hint: Self.fix))
            }
        }
        if (map.signoffRoles ?? t.signerRoles.map(\.name)).isEmpty {
            w.append(
                Warning(
                    kind: .noSignoffRoles, message: "the checklist names no sign-off roles: it can only be closed by its lead",
                    hint: "to have leads sign it off, give roles when it starts, or '<!-- ledger: signoff-roles=Release Manager, QA Lead -->' in the template"))
        }
        warnings = w
    }
}
