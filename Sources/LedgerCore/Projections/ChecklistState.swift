import Checklist

/// The digest of a deployment's checklist state that a sign-off binds (docs/FORMAT.md §14.3).
///
/// `SHA-256("ledger/v1/checklist-state" ‖ 0x00 ‖ canonical JSON)` of
/// `{"deployment":HEX,"items":[{"evidence":[…],"id":ID,"status":STATUS},…],"template_sha256":HEX}`
/// with every item of the template in document order; `evidence` lists `file:SHA256` for each
/// attached file, then `stdout:SHA256` and `stderr:SHA256` for each finished command run for
/// the item, in record order. Notes are not part of the state.
public enum ChecklistState {
    /// The hash label.
    public static let label = "ledger/v1/checklist-state"

    /// The canonical JSON document of `d`'s state.
    public static func document(_ d: DeploymentView) -> JSONValue {
        var runs: [ItemID: [JSONValue]] = [:]
        for a in d.actions {
            guard let out = a.stdout, let err = a.stderr else { continue }
            runs[a.item, default: []] += [.string("stdout:\(out.sha256)"), .string("stderr:\(err.sha256)")]
        }
        let items: [JSONValue] = d.template.items.map { item in
            let s = d.state(item.id)
            let evidence = s.evidence.map { JSONValue.string("file:\($0.sha256)") } + (runs[item.id] ?? [])
            return ["evidence": .array(evidence), "id": .string(item.id.rawValue), "status": .string(s.status.rawValue)]
        }
        return ["deployment": .string(d.id.hex), "items": .array(items), "template_sha256": .string(d.templateSHA256)]
    }

    /// The 32-byte digest of `d`'s state.
    public static func digest(_ d: DeploymentView) -> [UInt8] {
        var h = SHA256()
        h.update(RecordFormat.labelBytes(label))
        h.update(document(d).canonicalBytes)
        return h.finalize()
    }
}
