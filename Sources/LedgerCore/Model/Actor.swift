/// Who is acting: a name and, optionally, the role they act in.
public struct Actor: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name (a login name or `--as` value).
    public var name: String
    /// The role (`--role`), e.g. "Deployment Lead".
    public var role: String?

    /// Creates an actor.
    public init(_ name: String, role: String? = nil) {
        self.name = name
        self.role = role
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { role.map { "\(name) (\($0))" } ?? name }
}

extension Event {
    /// An event by `actor` (name and role).
    public init(
        kind: EventKind, deployment: DeploymentID = .none, by actor: Actor, time: Timestamp,
        data: [String: JSONValue] = [:], publicData: [String: JSONValue] = [:]
    ) {
        self.init(kind: kind, deployment: deployment, actor: actor.name, time: time, data: data, publicData: publicData)
        role = actor.role
    }

    /// The actor as name and role.
    public var by: Actor { Actor(actor, role: role) }
}
