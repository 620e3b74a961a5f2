/// The names members had, by key and record: what names the actor of a format-2 record, which
/// is the member whose key signed it, as of that record (decision 0017 §4, §9.5). A key never
/// a member is named by its key id.
public struct MemberNames: Sendable {
    private var byKey: [[UInt8]: [(since: Int64, name: String, keyID: String)]] = [:]

    /// No names: every author is shown by its key id.
    public init() {}

    /// The names of every member `membership` ever held.
    public init(_ membership: Membership) {
        for e in membership.entries { byKey[e.member.key, default: []].append((e.addedSeq, e.member.name, e.member.keyID)) }
    }

    /// The key id of `key` when it was ever a member.
    public func keyID(of key: [UInt8]) -> String? { byKey[key]?.first?.keyID }

    /// The name of `key` at record `seq`: the latest name it was added under at or before it,
    /// else its key id (`key 1A2B…`), else its base64.
    public func name(of key: [UInt8], at seq: Int64) -> String {
        guard let list = byKey[key] else { return "key " + Base64.encode(key) }
        return (list.last { $0.since <= seq } ?? list[0]).name
    }
}
