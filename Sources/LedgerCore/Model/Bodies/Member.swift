import Checklist

/// One member of an event's data as a reader finds it: not there, there in the form the format
/// gives it, or there in another form (a hand-made or damaged record; the tool never writes
/// one). Keeping the third case with the JSON as found lets every reader judge it as it did
/// when it read the dictionary itself, and lets a body encode back to the very bytes it was
/// read from.
public enum Member<Value: MemberValue>: Sendable, Equatable {
    /// The member is absent.
    case absent
    /// The member holds a value of its type, in its canonical form.
    case value(Value)
    /// The member is present but not of its type, or not in the form its type writes.
    case invalid(JSONValue)

    /// A member holding `value`, or absent when it is nil.
    public init(_ value: Value?) { self = value.map { .value($0) } ?? .absent }

    /// Reads the member from its JSON (nil: absent).
    public init(json: JSONValue?) {
        guard let json else { self = .absent; return }
        if let v = Value(json: json), v.json == json { self = .value(v) } else { self = .invalid(json) }
    }

    /// The value a reader takes from the member: its value, or what can be read from a member
    /// in another form (an output digest with an extra member); nil when absent or ill-typed.
    public var value: Value? {
        switch self {
        case .absent: nil
        case .value(let v): v
        case .invalid(let j): Value(json: j)
        }
    }
    /// True when the member is there, of whatever type.
    public var isPresent: Bool { if case .absent = self { return false }; return true }
    /// The member's JSON as stored; nil when absent.
    public var json: JSONValue? {
        switch self {
        case .absent: nil
        case .value(let v): v.json
        case .invalid(let j): j
        }
    }
}

/// A type a data member can hold, with its canonical JSON form.
public protocol MemberValue: Sendable, Equatable {
    /// The value of `json`; nil when `json` is not of this type.
    init?(json: JSONValue)
    /// The JSON form.
    var json: JSONValue { get }
}

extension String: MemberValue {
    /// A JSON string.
    public init?(json: JSONValue) { guard let s = json.stringValue else { return nil }; self = s }
    /// The JSON string.
    public var json: JSONValue { .string(self) }
}

extension Int64: MemberValue {
    /// A JSON integer.
    public init?(json: JSONValue) { guard let i = json.intValue else { return nil }; self = i }
    /// The JSON integer.
    public var json: JSONValue { .int(self) }
}

extension Bool: MemberValue {
    /// A JSON boolean.
    public init?(json: JSONValue) { guard let b = json.boolValue else { return nil }; self = b }
    /// The JSON boolean.
    public var json: JSONValue { .bool(self) }
}

extension ItemID: MemberValue {
    /// An item number, as a JSON string.
    public init?(json: JSONValue) { guard let s = json.stringValue else { return nil }; self.init(s) }
    /// The number as a JSON string.
    public var json: JSONValue { .string(rawValue) }
}

extension Array: MemberValue where Element == String {
    /// A JSON array of strings only.
    public init?(json: JSONValue) {
        guard let a = json.arrayValue else { return nil }
        let strings = a.compactMap(\.stringValue)
        guard strings.count == a.count else { return nil }
        self = strings
    }
    /// The JSON array of strings.
    public var json: JSONValue { .array(map { .string($0) }) }
}

extension Dictionary: MemberValue where Key == String, Value == String {
    /// A JSON object whose members are all strings.
    public init?(json: JSONValue) {
        guard let o = json.objectValue else { return nil }
        let strings = o.compactMapValues(\.stringValue)
        guard strings.count == o.count else { return nil }
        self = strings
    }
    /// The JSON object of strings.
    public var json: JSONValue { .object(mapValues { .string($0) }) }
}

extension Member where Value == [String] {
    /// The string elements when the member is an array, whatever else it holds; nil when it
    /// is absent or not an array.
    public var stringElements: [String]? {
        switch self {
        case .absent: nil
        case .value(let v): v
        case .invalid(let j): j.arrayValue?.compactMap(\.stringValue)
        }
    }
}

extension Member where Value == [String: String] {
    /// The members when it is an object, a non-string member read as ""; nil when it is absent
    /// or not an object.
    public var stringMembers: [String: String]? {
        switch self {
        case .absent: nil
        case .value(let v): v
        case .invalid(let j): j.objectValue?.mapValues { $0.stringValue ?? "" }
        }
    }
}

/// The members of an event's data and public data that its body does not read (none in what
/// the tool writes), kept so that a body encodes back to exactly the data it was read from.
public struct Unread: Sendable, Equatable {
    /// Data members the body does not know.
    public var data: [String: JSONValue]
    /// Public data members the body does not know.
    public var publicData: [String: JSONValue]

    /// Leftovers (none by default).
    public init(data: [String: JSONValue] = [:], publicData: [String: JSONValue] = [:]) {
        self.data = data
        self.publicData = publicData
    }

    /// The `item` member such a record may carry though its kind has none (timelines show it,
    /// as they show any record's `item`).
    var item: String? { data["item"]?.stringValue }
}

/// Reads a body's members out of an event's data and public data, keeping what is left.
struct MemberReader {
    private(set) var data: [String: JSONValue]
    private(set) var publicData: [String: JSONValue]

    init(_ data: [String: JSONValue], _ publicData: [String: JSONValue]) {
        self.data = data
        self.publicData = publicData
    }

    /// Takes the data member `key`.
    mutating func take<V>(_ key: String) -> Member<V> { Member(json: data.removeValue(forKey: key)) }
    /// Takes the public data member `key`.
    mutating func takePublic<V>(_ key: String) -> Member<V> { Member(json: publicData.removeValue(forKey: key)) }
    /// What was not taken.
    var unread: Unread { Unread(data: data, publicData: publicData) }
}

/// Builds an event's data and public data from a body's members.
struct MemberWriter {
    private(set) var data: [String: JSONValue] = [:]
    private(set) var publicData: [String: JSONValue] = [:]

    /// Starts from the members the body did not read.
    init(_ unread: Unread) {
        data = unread.data
        publicData = unread.publicData
    }

    /// Puts the data member `key` (nothing when absent).
    mutating func put<V>(_ key: String, _ m: Member<V>) { if let j = m.json { data[key] = j } }
    /// Puts the public data member `key` (nothing when absent).
    mutating func putPublic<V>(_ key: String, _ m: Member<V>) { if let j = m.json { publicData[key] = j } }
}
