import Checklist

/// One line of text describing an event's data for people (used by `ledger log` and the
/// timeline exports). Knows the kinds of docs/FORMAT.md §9; shows others as JSON.
public enum EventSummary {
    /// The summary without the item (timelines show the item in columns of its own).
    public static func details(_ e: Event) -> String {
        var copy = e
        copy.data["item"] = nil
        let t = text(copy)
        return t.hasPrefix(" — ") ? String(t.dropFirst(3)) : t
    }

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
            let checked = d["checked"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let done = checked.isEmpty ? "" : "; checked in the template: \(checked.joined(separator: ", "))"
            return "'\(d["name"]?.stringValue ?? "")' on \(d["template_name"]?.stringValue ?? "a template") (sha256 \(sha)…)\(done)"
        case .itemTicked: return item() + with("note")
        case .itemUnticked: return item() + with("reason", "reason: ")
        case .itemSkipped: return item() + with("reason", "not applicable: ")
        case .itemNoted: return item() + with("text")
        case .evidenceAttached:
            let sha = d["sha256"]?.stringValue?.prefix(16) ?? ""
            let embedded = d["content_base64"] == nil ? "" : ", content in the log"
            return item() + " — \(d["name"]?.stringValue ?? "") (\(d["size"]?.intValue ?? 0) bytes, sha256 \(sha)…\(embedded))"
        case .actionStarted:
            let cmd = d["command"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return item() + " — started: " + (cmd.isEmpty ? "the checklist's commands" : cmd.joined(separator: " "))
        case .actionFinished:
            let how = d["interrupted"]?.boolValue == true ? "interrupted"
                : d["signal"]?.intValue.map { "killed by signal \($0)" } ?? "exit \(d["exit_code"]?.intValue ?? -1)"
            let ms = d["duration_ms"]?.intValue ?? 0
            return item() + " — \(how) after \(seconds(ms)) s (action \(d["action"]?.intValue ?? 0))"
        case .rollbackDecided:
            return "\(d["criterion"]?.stringValue ?? "") \(d["criterion_text"]?.stringValue ?? "")" + with("details")
        case .rollbackCompleted: return "rollback complete" + with("note")
        case .contactSet:
            let v = d["values"]?.objectValue?.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.stringValue ?? "")" } ?? []
            return "\(d["role"]?.stringValue ?? ""): " + v.joined(separator: ", ")
        case .rosterAdded, .rosterRevoked, .signoff: return trust(e)
        case .deploymentClosed:
            let open = d["accepted_open"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return "closed by its lead" + (open.isEmpty ? "" : "; \(open.count) required item\(open.count == 1 ? "" : "s") accepted open: \(d["reason"]?.stringValue ?? "")") + with("note")
        default:
            return d.isEmpty ? "" : JSONValue.object(d).canonicalString
        }
    }

    /// The roster and sign-off kinds: role, key, and for a sign-off what it accepted open.
    static func trust(_ e: Event) -> String {
        let p = e.publicData
        let key = p["key"]?.stringValue.flatMap(Base64.decode)?.keyFingerprint ?? "?"
        switch e.kind {
        case .rosterAdded:
            let name = p["name"]?.stringValue.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            return "\(p["role"]?.stringValue ?? ""): key \(key)\(name) added to the roster"
        case .rosterRevoked: return "key \(key) revoked" + (p["reason"]?.stringValue.map { ": \($0)" } ?? "")
        default:
            guard let st = SignedStatement(data: e.data)?.statement else { return "\(p["role"]?.stringValue ?? "") sign-off (statement unreadable)" }
            let accepted = st.acceptedOpen.isEmpty ? "" : "; \(st.acceptedOpen.count) required item\(st.acceptedOpen.count == 1 ? "" : "s") accepted open: \(st.reason ?? "")"
            return "signed off as \(st.role) with key \(st.keyID) (\(key)) at head \(st.headSeq)\(accepted)" + (st.comment.map { " — \($0)" } ?? "")
        }
    }

    /// Milliseconds as seconds with three decimals.
    public static func seconds(_ ms: Int64) -> String {
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
