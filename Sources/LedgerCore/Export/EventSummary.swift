import Checklist

/// One line of text describing an event's data for people (used by `ledger log` and the
/// timeline exports). Knows the kinds of docs/FORMAT.md §9; shows others as JSON.
public enum EventSummary {
    /// The summary of `e`; `template` (the deployment's) adds item texts.
    public static func text(_ e: Event, template: ChecklistTemplate? = nil) -> String {
        let d = e.data
        func item() -> String {
            guard let raw = d["item"]?.stringValue else { return "" }
            guard let t = template?.item(ItemID(raw)) else { return raw }
            return "\(raw) \(t.plainText)"
        }
        func with(_ key: String, _ label: String = "") -> String {
            d[key]?.stringValue.map { " — \(label)\($0)" } ?? ""
        }
        switch e.kind {
        case .ledgerCreated: return "ledger \(d["ledger"]?.stringValue ?? "") created (format \(d["format"]?.intValue ?? 0))"
        case .note: return d["text"]?.stringValue ?? ""
        case .deploymentStarted:
            let sha = e.publicData["template_sha256"]?.stringValue?.prefix(16) ?? ""
            return "'\(d["name"]?.stringValue ?? "")' on \(d["template_name"]?.stringValue ?? "a template") (sha256 \(sha)…)"
        case .itemTicked: return item() + with("note")
        case .itemUnticked: return item() + with("reason", "reason: ")
        case .itemSkipped: return item() + with("reason", "not applicable: ")
        case .itemNoted: return item() + with("text")
        case .evidenceAttached:
            let sha = d["sha256"]?.stringValue?.prefix(16) ?? ""
            let embedded = d["content_base64"] == nil ? "" : ", content in the log"
            return item() + " — \(d["name"]?.stringValue ?? "") (\(d["size"]?.intValue ?? 0) bytes, sha256 \(sha)…\(embedded))"
        default:
            return d.isEmpty ? "" : JSONValue.object(d).canonicalString
        }
    }
}
