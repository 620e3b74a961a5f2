import Checklist

/// How the checklist event kinds change one deployment's items. Pure.
enum ChecklistProjection {
    static let kinds = KindInfo.kinds(feeding: .checklist)

    static func handles(_ kind: EventKind) -> Bool { kinds.contains(kind) }

    /// What a checklist event does to its item.
    enum Change {
        case status(ItemStatus, comment: String?)
        case note(String?)
        case evidence(EvidenceAttached)
    }

    /// The item a checklist event names and what it does to it; nil for other kinds.
    static func change(_ body: EventBody) -> (item: Member<ItemID>, change: Change)? {
        switch body {
        case .itemTicked(let b): (b.item, .status(.done, comment: b.text.value))
        case .itemUnticked(let b): (b.item, .status(.open, comment: b.text.value))
        case .itemSkipped(let b): (b.item, .status(.notApplicable, comment: b.text.value))
        case .itemNoted(let b): (b.item, .note(b.text.value))
        case .evidenceAttached(let b): (b.item, .evidence(b))
        case .ledgerCreated, .note, .deploymentStarted, .actionStarted, .actionFinished, .rollbackDecided, .rollbackCompleted,
            .contactSet, .rosterAdded, .rosterRevoked, .signoff, .deploymentClosed, .unknown:
            nil
        }
    }

    /// Applies `e`; returns why it could not be applied, or nil.
    static func apply(_ body: EventBody, _ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard let (item, change) = change(body) else { return nil }
        guard let id = item.value else { return "\(e.kind) names no item" }
        guard d.template.item(id) != nil else { return "\(e.kind) names item \(id.rawValue), which the template does not have" }
        var s = d.state(id)
        switch change {
        case .status(let status, let comment): setStatus(&s, status, e, seq, comment: comment)
        case .note(let text):
            guard let text else { return "item.noted without text" }
            s.notes.append(ItemNote(actor: e.actor, time: e.time, text: text, seq: seq))
        case .evidence(let b):
            guard let name = b.name.value, let size = b.size.value, let hash = b.sha256.value
            else { return "evidence.attached without name, size and sha256" }
            s.evidence.append(
                Evidence(
                    actor: e.actor, time: e.time, name: name, size: size, sha256: hash,
                    embedded: b.content.isPresent, seq: seq))
        }
        d.items[id] = s
        if case .note = change {} else { ExecutionProjection.advance(&d, stage: d.stage(of: id), e, seq) }
        return nil
    }

    /// The items `deployment.started` lists as checked in the template start done, by that
    /// record (no phase moves: nobody worked them). Returns why a listed item could not be
    /// placed, or nil.
    static func startChecked(_ b: DeploymentStarted, _ e: Event, seq: Int64, to d: inout DeploymentView) -> String? {
        guard b.checked.isPresent else { return nil }
        guard let ids = b.checked.value else { return "deployment.started: checked is not an array of item numbers" }
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
