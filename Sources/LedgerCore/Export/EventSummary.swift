import Checklist

/// One line of text describing an event's data for people (used by `ledger log` and the
/// timeline exports). Knows the kinds of docs/FORMAT.md §9; shows others as JSON.
public enum EventSummary {
    /// The summary without the item (timelines show the item in columns of its own).
    public static func details(_ e: Event) -> String { details(e.body) }

    /// `details(_:)` of a body already decoded (a caller that reads the body too decodes it once).
    public static func details(_ body: EventBody) -> String {
        let t = summary(body, template: nil, showItem: false)
        return t.hasPrefix(" — ") ? String(t.dropFirst(3)) : t
    }

    /// The summary of `e`; `template` (the deployment's) adds item texts.
    public static func text(_ e: Event, template: ChecklistTemplate? = nil) -> String {
        summary(e.body, template: template, showItem: true)
    }

    static func summary(_ body: EventBody, template: ChecklistTemplate?, showItem: Bool) -> String {
        func item(_ m: Member<ItemID>) -> String {
            guard showItem, let id = m.value else { return "" }
            guard let t = template?.item(id) else { return id.rawValue }
            return "\(id.rawValue) \(t.plainText)"
        }
        func with(_ m: Member<String>, _ label: String = "") -> String { m.value.map { " — \(label)\($0)" } ?? "" }
        switch body {
        case .ledgerCreated(let b): return "ledger \(b.ledger.value ?? "") created (format \(b.format.value ?? 0))"
        case .note(let b): return b.text.value ?? ""
        case .deploymentStarted(let b):
            let sha = b.templateSHA256.value?.prefix(16) ?? ""
            let checked = b.checked.stringElements ?? []
            let done = checked.isEmpty ? "" : "; checked in the template: \(checked.joined(separator: ", "))"
            return "'\(b.name.value ?? "")' on \(b.templateName.value ?? "a template") (sha256 \(sha)…)\(done)"
        case .itemTicked(let b): return item(b.item) + with(b.text)
        case .itemUnticked(let b): return item(b.item) + with(b.text, "reason: ")
        case .itemSkipped(let b): return item(b.item) + with(b.text, "not applicable: ")
        case .itemNoted(let b): return item(b.item) + with(b.text)
        case .evidenceAttached(let b):
            let sha = b.sha256.value?.prefix(16) ?? ""
            let embedded = b.content.isPresent ? ", content in the log" : ""
            return item(b.item) + " — \(b.name.value ?? "") (\(b.size.value ?? 0) bytes, sha256 \(sha)…\(embedded))"
        case .actionStarted(let b):
            let cmd = b.command.stringElements ?? []
            return item(b.item) + " — started: " + (cmd.isEmpty ? "the checklist's commands" : cmd.joined(separator: " "))
        case .actionFinished(let b):
            let how =
                b.interrupted.value == true
                ? "interrupted"
                : b.signal.value.map { "killed by signal \($0)" } ?? "exit \(b.exitCode.value ?? -1)"
            return item(b.item) + " — \(how) after \(seconds(b.durationMs.value ?? 0)) s (action \(b.action.value ?? 0))"
        case .rollbackDecided(let b):
            return "\(b.criterion.value ?? "") \(b.criterionText.value ?? "")" + with(b.details)
        case .rollbackCompleted(let b): return "rollback complete" + with(b.note)
        case .contactSet(let b):
            let v = (b.values.stringMembers ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            return "\(b.role.value ?? ""): " + v.joined(separator: ", ")
        case .rosterAdded(let b):
            let name = b.name.value.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            let id = b.keyNumber.value.map { Signer.keyID($0.bytes) + " " } ?? ""
            return "\(b.role.value ?? ""): key \(id)\(fingerprint(b.key))\(name) added to the roster"
        case .rosterRevoked(let b): return "key \(fingerprint(b.key)) revoked" + (b.reason.value.map { ": \($0)" } ?? "")
        case .signoff(let b): return signoff(b)
        case .deploymentClosed(let b):
            let open = b.acceptedOpen.stringElements ?? []
            return "closed by its lead"
                + (open.isEmpty ? "" : "; \(open.count) required item\(open.count == 1 ? "" : "s") accepted open: \(b.reason.value ?? "")") + with(b.note)
        case .unknown(let b):
            if let membership = membership(b) { return membership }
            var d = b.data
            if !showItem { d["item"] = nil }
            return d.isEmpty ? "" : JSONValue.object(d).canonicalString
        }
    }

    /// A format-2 membership record (decision 0017 §6.2): who was added with what, who was
    /// removed, which epoch began for how many readers; nil for other kinds, or when the public
    /// data does not parse (verify names that).
    static func membership(_ b: UnknownBody) -> String? {
        switch b.kind {
        case .memberAdded:
            var o = b.publicData
            o["wrap"] = nil
            guard let m = try? MemberObject(json: .object(o)) else { return nil }
            return "'\(m.name)' (key \(m.keyID)) added; may \(m.can.can.joined(separator: ", "))"
        case .memberRemoved:
            guard let key = b.publicData["key"]?.stringValue.flatMap(Base64.decode) else { return nil }
            return "key \(key.keyFingerprint) removed" + (b.publicData["reason"]?.stringValue.map { ": \($0)" } ?? "")
        case .epochStarted:
            guard let e = try? EpochObject(json: .object(b.publicData)) else { return nil }
            return "epoch \(e.epoch) began, its key wrapped to \(e.wraps.count) reader\(e.wraps.count == 1 ? "" : "s")"
        default: return nil
        }
    }

    /// A key's fingerprint, or `?` when the record names none.
    static func fingerprint(_ key: Member<Base64Bytes>) -> String { key.value?.bytes.keyFingerprint ?? "?" }

    /// A sign-off: role, key, and what it accepted open.
    static func signoff(_ b: SignoffGiven) -> String {
        guard let st = b.signed?.statement else { return "\(b.role.value ?? "") sign-off (statement unreadable)" }
        let accepted =
            st.acceptedOpen.isEmpty ? "" : "; \(st.acceptedOpen.count) required item\(st.acceptedOpen.count == 1 ? "" : "s") accepted open: \(st.reason ?? "")"
        return "signed off as \(st.role) with key \(st.keyID) (\(fingerprint(b.key))) at head \(st.headSeq)\(accepted)" + (st.comment.map { " — \($0)" } ?? "")
    }

    /// Milliseconds as seconds with three decimals.
    public static func seconds(_ ms: Int64) -> String {
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
