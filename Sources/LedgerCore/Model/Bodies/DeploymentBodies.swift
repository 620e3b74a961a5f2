import Checklist

/// `deployment.started`: the deployment's name, template text and name, the items the template
/// marks done, whether it opens with front matter, and its phase map (docs/FORMAT.md §9, §14.4);
/// in public data the template's SHA-256.
public struct DeploymentStarted: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.deploymentStarted
    /// The deployment's name.
    public var name: Member<String>
    /// The template's text.
    public var template: Member<String>
    /// The template's name.
    public var templateName: Member<String>
    /// The numbers of the items the template marks `[x]` (absent when there are none).
    public var checked: Member<[String]>
    /// True when the template opens with YAML front matter (absent otherwise).
    public var frontMatter: Member<Bool>
    /// The recorded stages (`phases`; absent for deployments started before maps were recorded).
    public var phases: Member<PhaseStages>
    /// The recorded sign-off roles.
    public var signoffRoles: Member<[String]>
    /// The template's SHA-256, hex (public data).
    public var templateSHA256: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// The start of a deployment `name` on `template`, recording `phaseMap`.
    public init(name: String, template: ChecklistTemplate, templateName: String, phaseMap: PhaseMap?) {
        self.name = .value(name)
        self.template = .value(String(decoding: template.source, as: UTF8.self))
        self.templateName = .value(templateName)
        let listed = template.items.filter(\.checkedInSource).map(\.id.rawValue)
        checked = Member(listed.isEmpty ? nil : listed)
        frontMatter = Member(template.frontMatter == nil ? nil : true)
        phases = Member(phaseMap.map { PhaseStages($0.stages) })
        signoffRoles = Member(phaseMap?.signoffRoles)
        templateSHA256 = .value(Hex.encode(SHA256.hash(template.source)))
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (name, template, templateName) = (r.take("name"), r.take("template"), r.take("template_name"))
        (checked, frontMatter) = (r.take("checked"), r.take("front_matter"))
        (phases, signoffRoles) = (r.take("phases"), r.take("signoff_roles"))
        templateSHA256 = r.takePublic("template_sha256")
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("name", name)
        w.put("template", template)
        w.put("template_name", templateName)
        w.put("checked", checked)
        w.put("front_matter", frontMatter)
        w.put("phases", phases)
        w.put("signoff_roles", signoffRoles)
        return w.data
    }

    /// The public data.
    public var publicData: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.putPublic("template_sha256", templateSHA256)
        return w.publicData
    }
    /// The body in the enum.
    public var body: EventBody { .deploymentStarted(self) }
}

/// A recorded `phases` member: `"none"` (a phase-less deployment) or section → stage name.
public enum PhaseStages: MemberValue, Hashable {
    /// No phases.
    case none
    /// Section number (or `"*"`) → stage.
    case stages([String: Stage])

    /// The stages of a `PhaseMap` (nil: none).
    public init(_ stages: [String: Stage]?) { self = stages.map { .stages($0) } ?? .none }

    /// `"none"`, or an object whose members are all stage names; nil for anything else.
    public init?(json: JSONValue) {
        if json.stringValue == "none" { self = .none; return }
        guard let o = json.objectValue else { return nil }
        let stages = o.compactMapValues { $0.stringValue.flatMap(Stage.init(rawValue:)) }
        guard stages.count == o.count else { return nil }
        self = .stages(stages)
    }

    /// The JSON form.
    public var json: JSONValue {
        switch self {
        case .none: .string("none")
        case .stages(let s): .object(s.mapValues { .string($0.rawValue) })
        }
    }

    /// The stages (nil: none).
    public var stages: [String: Stage]? { if case .stages(let s) = self { return s }; return nil }
}

/// `deployment.closed`: the required items accepted open (by number), why, and a note.
public struct DeploymentClosed: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.deploymentClosed
    /// Required items accepted open.
    public var acceptedOpen: Member<[String]>
    /// Why they were accepted (only when some were).
    public var reason: Member<String>
    /// A note.
    public var note: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// A closing accepting `acceptedOpen` (`reason` is kept only when some are).
    public init(acceptedOpen: [String], reason: String?, note: String?) {
        self.acceptedOpen = .value(acceptedOpen)
        self.reason = Member(acceptedOpen.isEmpty ? nil : reason)
        self.note = Member(note)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (acceptedOpen, reason, note, unread) = (r.take("accepted_open"), r.take("reason"), r.take("note"), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("accepted_open", acceptedOpen)
        w.put("reason", reason)
        w.put("note", note)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .deploymentClosed(self) }
}
