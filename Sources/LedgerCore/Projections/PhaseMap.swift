import Checklist

/// Which stage each section of a deployment's checklist belongs to, and who signs it off:
/// the reading recorded in `deployment.started` (`phases`, `signoff_roles`; docs/FORMAT.md
/// §14.4), so it is reproducible whatever later versions infer from headings.
///
/// `stages` maps section numbers (`"3"`, `"3.2"`) and `"*"` (everything no key covers) to a
/// stage; an item's stage is that of the longest proper prefix of its number that is a key,
/// else `"*"`'s, else preparation. A map without stages (`phases: "none"`) is phase-less: any
/// item at any time, sign-off once every required item is settled.
public struct PhaseMap: Sendable, Equatable {
    /// Section number (or `"*"`) → stage; nil for a phase-less deployment.
    public var stages: [String: Stage]?
    /// The sign-off roles, as spelt; nil: the template's `**Role:**` paragraphs.
    public var signoffRoles: [String]?

    /// A map.
    public init(stages: [String: Stage]?, signoffRoles: [String]? = nil) {
        self.stages = stages
        self.signoffRoles = signoffRoles
    }

    /// True when the deployment has no phases.
    public var isPhaseless: Bool { stages == nil }

    /// What the headings' words give (the only reading of deployments recorded without a
    /// map): each top-level numbered section by `Stage(title:)`.
    public static func inferred(from template: ChecklistTemplate) -> PhaseMap {
        PhaseMap(stages: template.stageTable())
    }

    /// The stage of an item number.
    public func stage(of id: ItemID) -> Stage {
        guard let stages else { return .execution }
        var prefix = Substring(id.rawValue)
        while let dot = prefix.lastIndex(of: ".") {
            prefix = prefix[..<dot]
            if let s = stages[String(prefix)] { return s }
        }
        return stages["*"] ?? .preparation
    }

    /// The recorded form: `phases` (object of section → stage name, or `"none"`) and, when
    /// set, `signoff_roles` (array of strings).
    public var json: [String: JSONValue] {
        var d: [String: JSONValue] = ["phases": PhaseStages(stages).json]
        if let signoffRoles { d["signoff_roles"] = signoffRoles.json }
        return d
    }

    /// The map a `deployment.started` record holds; nil when it records none (a v1
    /// deployment started before maps were recorded: read by inference), or a malformed one
    /// (`problem` says why).
    public static func recorded(in b: DeploymentStarted) -> (map: PhaseMap?, problem: String?) {
        guard let phases = b.phases.json else { return (nil, b.signoffRoles.isPresent ? "signoff_roles without phases" : nil) }
        guard let stages = b.phases.value else { return (nil, problem(phases)) }
        var map = PhaseMap(stages: stages.stages)
        if b.signoffRoles.isPresent {
            guard let roles = b.signoffRoles.value else { return (nil, "signoff_roles is not an array of strings") }
            map.signoffRoles = roles
        }
        return (map, nil)
    }

    /// The map `deployment.started` data holds (see `recorded(in:)`).
    public static func recorded(in data: [String: JSONValue]) -> (map: PhaseMap?, problem: String?) {
        recorded(in: DeploymentStarted(data: data))
    }

    /// Why a `phases` member that is not a stage map is not one.
    static func problem(_ phases: JSONValue) -> String {
        guard let o = phases.objectValue else { return "phases is neither an object nor \"none\"" }
        let bad = o.first { $0.value.stringValue.flatMap(Stage.init(rawValue:)) == nil }?.key ?? ""
        return "phases[\(bad)] is not a stage"
    }
}

extension Stage {
    /// A stage from a word a person writes: `preparation`, `execution`, `verification`,
    /// `rollback`, `sign-off` (also `sign_off`, `signoff`); case ignored.
    public init?(word: String) {
        switch word.trimmingBlanks().lowercased() {
        case "preparation", "prepare", "preparing": self = .preparation
        case "execution", "execute", "executing": self = .execution
        case "verification", "verify", "verifying": self = .verification
        case "rollback", "roll-back": self = .rollback
        case "sign-off", "sign_off", "signoff": self = .signOff
        default: return nil
        }
    }

    /// The stage as a person writes it.
    public var word: String { self == .signOff ? "sign-off" : rawValue }
}

extension PhaseMap {
    /// The map recorded for a new deployment: what the headings' words give, with `spec`'s
    /// choices over it (a section chosen covers its subsections unless they are chosen too;
    /// `*` stands for every section not chosen, and then nothing is inferred),
    /// and the sign-off roles `spec` names, else the template's `**Role:**` paragraphs.
    /// - Throws: `LedgerError` (usage) for a section `spec` names that the template lacks.
    public static func resolve(_ template: ChecklistTemplate, _ spec: PhaseSpec) throws(LedgerError) -> PhaseMap {
        var map = inferred(from: template)
        map.signoffRoles = spec.signoffRoles ?? template.signerRoles.map(\.name)
        if spec.phaseless { map.stages = nil; return map }
        var chosen: [(String, Stage)] = []
        for e in spec.entries { chosen.append((try sectionKey(e.section, in: template, origin: e.origin), e.stage)) }
        if chosen.contains(where: { $0.0 == "*" }) { map.stages = [:] }  // `*`: every section not named, instead of inference
        for (key, stage) in chosen { map.stages?[key] = stage }
        return map
    }

    /// The number of the section `name` designates: a section number, `*`, or a numbered
    /// heading's plain text (case ignored; it must name one section).
    static func sectionKey(_ name: String, in t: ChecklistTemplate, origin: String) throws(LedgerError) -> String {
        if name == "*" { return name }
        let numbered = t.allSections.filter { $0.number != nil }
        if numbered.contains(where: { $0.number == name }) { return name }
        let q = name.trimmingBlanks().lowercased()
        let hits = numbered.filter { $0.plainTitle.trimmingBlanks().lowercased() == q }
        if hits.count == 1 { return hits[0].number! }
        let list = numbered.filter { $0.parentIndex == nil || !$0.number!.contains(".") }.prefix(12)
            .map { "\($0.number!) \($0.plainTitle)" }.joined(separator: "; ")
        if hits.isEmpty {
            throw LedgerError(.usage, "\(origin): the template has no section '\(name)'", hint: "name a section by number or heading; top sections: \(list)")
        }
        throw LedgerError(
            .usage, "\(origin): '\(name)' is the heading of \(hits.count) sections (\(hits.map { $0.number! }.joined(separator: ", ")))",
            hint: "name the section by its number")
    }
}
