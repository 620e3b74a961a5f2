import Checklist

/// The filled-in checklist of one deployment, as Markdown or as the JSON document of
/// `schema/checklist-export.schema.json`. Pure: built from a `DeploymentView`.
public enum ChecklistExport {
    /// The `format` member of the JSON document.
    public static let formatName = "ledger-checklist-export/1"

    /// The template's bytes filled in: done items ticked, the emergency contacts and the
    /// deployment's notes written into their places. With nothing recorded, the template's
    /// bytes exactly; otherwise only the filled places change.
    public static func markdown(_ d: DeploymentView, fill: ChecklistFill = ChecklistFill()) -> [UInt8] {
        var f = fill
        f.ticked = Set(d.template.items.filter { d.state($0.id).status == .done }.map(\.id))
        f.contacts = d.contacts
        f.signatures = signatureFill(d)
        if !d.notes.isEmpty { f.notes = notesText(d) }
        return d.template.render(f)
    }

    /// Each role's latest sign-off as its Name, Date and Signature lines: the signer, the
    /// time (UTC), and "Ed25519 key KEYID (fingerprint), record N" — marked stale when the
    /// checklist changed after it.
    /// `escape` is applied to the recorded strings (the annotated export escapes them for Markdown).
    public static func signatureFill(_ d: DeploymentView, escape: (String) -> String = { $0 }) -> [String: SignatureFill] {
        var out: [String: SignatureFill] = [:]
        for r in d.roleSignoffs {
            guard let s = r.signoff, let st = s.statement else { continue }
            let n = st.acceptedOpen.count
            let accepted = n == 0 ? "" : " — \(n) required item\(n == 1 ? "" : "s") accepted open (\(escape(st.reason ?? "")))"
            let mark = accepted + (r.stale ? " — STALE: the checklist changed after it was signed" : "")
            out[r.role] = SignatureFill(
                name: escape(st.signer), date: st.time.description,
                signature: "Ed25519 key \(st.keyID) (\(s.publicKey.keyFingerprint)), sign-off record \(s.seq)\(mark)")
        }
        return out
    }

    /// The deployment's notes as lines for the notes block: `TIME ACTOR: text`.
    public static func notesText(_ d: DeploymentView) -> String {
        d.notes.map { "\($0.time) \($0.actor): \($0.text)" }.joined(separator: "\n")
    }

    /// The JSON document (canonical JSON when encoded).
    public static func json(_ d: DeploymentView, ledger: LedgerID, headSeq: Int64, headHash: [UInt8]) -> JSONValue {
        .object([
            "format": .string(formatName),
            "ledger": .string(ledger.hex),
            "head": ["seq": .int(headSeq), "hash": .string(Hex.encode(headHash))],
            "deployment": deploymentJSON(d),
            "progress": progress(d.progress),
            "sections": sectionsJSON(d),
            "items": .array(d.template.items.map { item(d, $0) }),
            "phase": .string(d.phase.rawValue),
            "signoffs": .array(signoffs(d)),
            "rollback": rollbackJSON(d), "first_signoff": firstSignoffJSON(d),
            "notes": .array(d.notes.map { noteJSON($0, d) }),
        ])
    }

    /// The deployment's id, name, start and template.
    static func deploymentJSON(_ d: DeploymentView) -> JSONValue {
        [
            "id": .string(d.id.hex), "name": .string(d.name), "started_at": .string(d.startedAt.description),
            "started_by": .string(d.startedBy), "template_name": .string(d.templateName),
            "template_sha256": .string(d.templateSHA256),
        ]
    }

    /// Every numbered section's progress, in document order, with its number, title and level.
    static func sectionsJSON(_ d: DeploymentView) -> JSONValue {
        .array(
            d.sectionProgress().map { s in
                var o = progress(s.progress).objectValue!
                o["number"] = .string(s.number)
                o["title"] = .string(s.title)
                o["level"] = .int(Int64(s.level))
                return .object(o)
            })
    }

    /// Each role's latest sign-off, in the template's role order.
    static func signoffs(_ d: DeploymentView) -> [JSONValue] { d.roleSignoffs.compactMap(signoffJSON) }

    /// A role's latest sign-off that counts (schema/checklist-export.schema.json `signoffs`), or nil when it has none.
    static func signoffJSON(_ r: DeploymentView.RoleSignoff) -> JSONValue? {
        guard let s = r.signoff, let st = s.statement else { return nil }
        return .object([
            "role": .string(r.role), "seq": .int(s.seq), "signer": .string(st.signer), "time": .string(st.time.description),
            "key_id": .string(st.keyID), "fingerprint": .string(s.publicKey.keyFingerprint), "public_key": .string(Base64.encode(s.publicKey)),
            "checklist_state": .string(Hex.encode(st.checklistState)), "head_seq": .int(st.headSeq), "stale": .bool(r.stale),
            "accepted_open": .array(st.acceptedOpen.map { .string($0) }), "reason": st.reason.map { .string($0) } ?? .null,
            "comment": st.comment.map { .string($0) } ?? .null,
        ])
    }

    static func progress(_ p: Progress) -> JSONValue {
        ["total": .int(Int64(p.total)), "done": .int(Int64(p.done)), "not_applicable": .int(Int64(p.notApplicable)), "open": .int(Int64(p.open))]
    }

    static func item(_ d: DeploymentView, _ item: Item) -> JSONValue {
        let s = d.state(item.id)
        func opt(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        return .object([
            "id": .string(item.id.rawValue), "slug": .string(item.slug), "text": .string(item.plainText),
            "section": opt(item.sectionNumber), "depth": .int(Int64(item.depth)), "parent": opt(item.parent?.rawValue),
            "status": .string(s.status.rawValue), "actor": opt(s.actor), "time": opt(s.time?.description),
            "seq": s.seq.map { .int($0) } ?? .null, "comment": opt(s.comment), "checked_in_template": .bool(s.checkedInTemplate),
            "notes": .array(s.notes.map { noteJSON($0, d) }),
            "not_applicable_reason": s.status == .notApplicable ? opt(s.comment ?? "") : .null,
            "runs": .array(d.actions.filter { $0.item == item.id }.map(runJSON)),
            "evidence": .array(
                s.evidence.map {
                    [
                        "actor": .string($0.actor), "time": .string($0.time.description), "name": .string($0.name), "size": .int($0.size),
                        "sha256": .string($0.sha256), "embedded": .bool($0.embedded), "seq": .int($0.seq),
                    ]
                }),
        ])
    }
}
