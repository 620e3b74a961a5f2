import Checklist

/// `rollback.decided`: the "When to Rollback" criterion (id and text) and optional details.
public struct RollbackDecided: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.rollbackDecided
    /// The criterion's id (`R2`).
    public var criterion: Member<String>
    /// The criterion's text.
    public var criterionText: Member<String>
    /// Free-text details.
    public var details: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// A decision to roll back on criterion `c`.
    public init(_ c: RollbackCriterion, details: String?) {
        criterion = .value(c.id)
        criterionText = .value(c.text)
        self.details = Member(details)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (criterion, criterionText, details, unread) = (r.take("criterion"), r.take("criterion_text"), r.take("details"), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("criterion", criterion)
        w.put("criterion_text", criterionText)
        w.put("details", details)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .rollbackDecided(self) }
}

/// `rollback.completed`: the rollback is complete (with an optional note); the deployment is closed.
public struct RollbackCompleted: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.rollbackCompleted
    /// A note.
    public var note: Member<String>
    /// Members it does not read.
    public var unread = Unread()

    /// The end of a rollback.
    public init(note: String?) { self.note = Member(note) }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (note, unread) = (r.take("note"), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("note", note)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .rollbackCompleted(self) }
}

/// `contact.set`: a row of the checklist's emergency contacts table (its role) and its values.
public struct ContactSet: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.contactSet
    /// The row's role.
    public var role: Member<String>
    /// Column → value.
    public var values: Member<[String: String]>
    /// Members it does not read.
    public var unread = Unread()

    /// Setting the contact `role` to `values`.
    public init(role: String, values: [String: String]) {
        self.role = .value(role)
        self.values = .value(values)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (role, values, unread) = (r.take("role"), r.take("values"), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("role", role)
        w.put("values", values)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .contactSet(self) }
}
