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
        /// What is wrong.
        public let message: String
        /// How to fix it.
        public let hint: String
    }

    /// The sections, in document order (empty for a phase-less map).
    public let lines: [Line]
    /// Items outside every numbered section, with their stage (the `*` entry, else preparation).
    public let looseItems: Int
    /// The warnings.
    public let warnings: [Warning]

    static let fix = "mark the sections: a comment '<!-- ledger: phase=execution -->' (or verification, sign-off, rollback, preparation) below a heading, or 'ledger deploy start --phases FILE' with lines like '3 = execution', or '--phases none' for a checklist without phases (docs/CLI.md §Phases)"

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
                w.append(Warning(message: "no item is an execution step, so the deployment can never leave 'preparing' and be signed off or closed"
                                 + (blocked > 0 ? "; \(blocked) verification and sign-off item\(blocked == 1 ? "" : "s") would be refused for ever" : ""),
                                 hint: Self.fix))
            } else if verification == 0 {
                w.append(Warning(message: "no item is a verification step, so the deployment can never reach 'verifying' and be signed off or closed"
                                 + (signOff > 0 ? "; \(signOff) sign-off item\(signOff == 1 ? "" : "s") would be refused for ever" : ""),
                                 hint: Self.fix))
            }
        }
        if (map.signoffRoles ?? t.signerRoles.map(\.name)).isEmpty {
            w.append(Warning(message: "the checklist names no sign-off roles: it can only be closed by its lead, with 'ledger deploy close'",
                             hint: "to have leads sign it off, give roles: 'ledger deploy start --signoff-roles \"Release Manager,QA Lead\"', or '<!-- ledger: signoff-roles=Release Manager, QA Lead -->' in the template"))
        }
        warnings = w
    }
}
