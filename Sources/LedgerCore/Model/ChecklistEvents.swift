import Checklist

extension EventKind {
    /// A deployment begins on a template (its text is in the payload).
    public static let deploymentStarted = EventKind("deployment.started")
    /// An item was ticked (done).
    public static let itemTicked = EventKind("item.ticked")
    /// A tick was taken back.
    public static let itemUnticked = EventKind("item.unticked")
    /// An item was marked not applicable, with a reason.
    public static let itemSkipped = EventKind("item.skipped")
    /// A note on one item.
    public static let itemNoted = EventKind("item.noted")
    /// Evidence (a file's name, size and SHA-256, optionally its content) attached to an item.
    public static let evidenceAttached = EventKind("evidence.attached")
}

/// The data of the checklist event kinds (docs/FORMAT.md §9), as their bodies write it.
public enum ChecklistEvents {
    /// The most content `evidence.attached` may embed (1 MiB).
    public static let maxEmbeddedEvidence = 1 << 20
    /// The largest template a new deployment accepts (1 MiB, about 70 times the OptiBid
    /// checklist, or some 13 000 items). Every command that works on a deployment reads and
    /// parses its template, which at this size takes well under a second; larger templates
    /// (the checklist parser reads up to 8 MiB, so deployments already recorded with one stay
    /// readable) would make every tick take seconds.
    public static let maxTemplateBytes = 1 << 20

    /// `deployment.started`: name, template text and template name (encrypted); `checked`, the
    /// numbers of the items the template itself marks `[x]`/`[X]` (in document order, only
    /// when there are any): they start the deployment done; `front_matter: true` when the
    /// template opens with YAML front matter, which readers then set aside (docs/FORMAT.md §9).
    /// Without the phase map (`DeploymentStarted` records one).
    public static func started(name: String, template: ChecklistTemplate, templateName: String) -> [String: JSONValue] {
        DeploymentStarted(name: name, template: template, templateName: templateName, phaseMap: nil).data
    }

    /// `deployment.started` public data: the template's SHA-256, readable without the key.
    public static func startedPublic(template: ChecklistTemplate) -> [String: JSONValue] {
        DeploymentStarted(name: "", template: template, templateName: "", phaseMap: nil).publicData
    }

    /// `item.ticked` / `item.unticked` / `item.skipped` / `item.noted`: the item and an
    /// optional text (`note`, `reason` or `text`).
    public static func item(_ id: ItemID, _ key: String? = nil, _ text: String? = nil) -> [String: JSONValue] {
        var d: [String: JSONValue] = ["item": id.json]
        if let key, let text { d[key] = .string(text) }
        return d
    }

    /// `evidence.attached`: item, file name, size, SHA-256 and (optionally) base64 content.
    public static func evidence(_ id: ItemID, name: String, size: Int, sha256: [UInt8], content: [UInt8]?) -> [String: JSONValue] {
        EvidenceAttached(item: id, name: name, size: size, sha256: sha256, content: content).data
    }
}
