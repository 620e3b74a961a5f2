import Checklist

/// How the checklist event kinds change one deployment's items. Pure.
enum ChecklistProjection {
    static let kinds = KindInfo.kinds(feeding: .checklist)

    static func handles(_ kind: EventKind) -> Bool { kinds.contains(kind) }

    /// Applies `e`; returns why it could not be applied, or nil.
    static func apply(_ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard let raw = e.data["item"]?.stringValue else { return "\(e.kind) names no item" }
        let id = ItemID(raw)
        guard d.template.item(id) != nil else { return "\(e.kind) names item \(raw), which the template does not have" }
        var s = d.state(id)
        switch e.kind {
        case .itemTicked: setStatus(&s, .done, e, seq, comment: e.data["note"]?.stringValue)
        case .itemUnticked: setStatus(&s, .open, e, seq, comment: e.data["reason"]?.stringValue)
        case .itemSkipped: setStatus(&s, .notApplicable, e, seq, comment: e.data["reason"]?.stringValue)
        case .itemNoted:
            guard let text = e.data["text"]?.stringValue else { return "item.noted without text" }
            s.notes.append(ItemNote(actor: e.actor, time: e.time, text: text, seq: seq))
        case .evidenceAttached:
            guard let name = e.data["name"]?.stringValue, let size = e.data["size"]?.intValue,
                let hash = e.data["sha256"]?.stringValue
            else { return "evidence.attached without name, size and sha256" }
            s.evidence.append(Evidence(actor: e.actor, time: e.time, name: name, size: size, sha256: hash,
                                       embedded: e.data["content_base64"] != nil, seq: seq))
        default: return nil
        }
        d.items[id] = s
        if e.kind != .itemNoted { ExecutionProjection.advance(&d, stage: d.stage(of: id), e, seq) }
        return nil
    }

    /// The items `deployment.started` lists as checked in the template start done, by that
    /// record (no phase moves: nobody worked them). Returns why a listed item could not be
    /// placed, or nil.
    static func startChecked(_ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard let listed = e.data["checked"] else { return nil }
        guard let ids = listed.arrayValue?.compactMap(\.stringValue), ids.count == listed.arrayValue?.count else {
            return "deployment.started: checked is not an array of item numbers"
        }
        var unknown: [String] = []
        for raw in ids {
            guard d.template.item(ItemID(raw)) != nil else { unknown.append(raw); continue }
            var s = ItemState()
            s.status = .done
            s.actor = e.actor
            s.time = e.time
            s.seq = seq
            s.checkedInTemplate = true
            d.items[ItemID(raw)] = s
        }
        return unknown.isEmpty ? nil : "deployment.started: checked names \(unknown.joined(separator: ", ")), which the template does not have"
    }

    /// A status change; setting the status an item already has changes nothing (the
    /// commands refuse to write such events, so the first tick's who and when stand).
    static func setStatus(_ s: inout ItemState, _ status: ItemStatus, _ e: Event, _ seq: Int64, comment: String?) {
        guard s.status != status else { return }
        s.status = status
        s.checkedInTemplate = false
        s.actor = e.actor
        s.time = e.time
        s.seq = seq
        s.comment = comment
    }
}
