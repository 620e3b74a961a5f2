import Checklist
import LedgerCore

/// How events print in `ledger log`.
enum EventText {
    /// `seq  time  actor  kind  summary` for people; a signed record names its key by
    /// minisign's key id and holder when `roster` (as of the record) has the key, else by its
    /// fingerprint.
    /// In a format-2 ledger (`members` given) every record is signed by its author, named
    /// in the actor column; the tag gives the author's key id.
    static func line(_ r: Record, _ e: Event, template: ChecklistTemplate? = nil, roster: Roster = Roster(), members: MemberNames? = nil) -> String {
        var parts = [String(r.seq).leftPadded(6), e.time.description, e.actor, e.kind.rawValue]
        if !e.deployment.isNone { parts.append("[\(e.deployment.hex.prefix(8))]") }
        parts.append(summary(e, template: template))
        if let key = e.signedBy, let members {
            parts.append("[signed by key \(members.keyID(of: key) ?? key.keyFingerprint)]")
        } else if let key = e.signedBy {
            if let entry = roster.lastEntry(for: key) {
                parts.append("[signed by key \(entry.keyID)\(entry.name.isEmpty ? "" : " (\(entry.name))")]")
            } else {
                parts.append("[signed by \(key.keyFingerprint), on no roster]")
            }
        } else if !r.signature.isEmpty {
            parts.append("[BAD SIGNATURE: run 'ledger verify']")
        }
        return parts.joined(separator: "  ")
    }

    /// The summary: `EventSummary.text`, except that an `action.started` shows the command
    /// shell-quoted (`ShellWords`), so that it can be copied and run again.
    static func summary(_ e: Event, template: ChecklistTemplate?) -> String {
        guard case .actionStarted(let b) = e.body, let command = command(b) else { return EventSummary.text(e, template: template) }
        let item = b.item.value.map { id in template?.item(id).map { "\(id.rawValue) \($0.plainText)" } ?? id.rawValue } ?? ""
        return item + " — started: " + command
    }

    /// The argv run: the command given after `--`, or the shell and the checklist's script
    /// (with the alternative chosen); nil when the record holds neither.
    static func command(_ b: ActionStarted) -> String? {
        if let argv = b.command.stringElements, !argv.isEmpty { return ShellWords.line(argv) }
        guard let script = b.script.value, let shell = b.shell.stringElements, !shell.isEmpty else { return nil }
        let variant = b.variant.value.map { ", alternative '\($0)'" } ?? ""
        return "the checklist's commands\(variant): " + ShellWords.line(shell + [script])
    }

    /// One canonical JSON object: seq, kind, deployment, actor, time, data, hash, public,
    /// signed_by (the signing key, base64, or null).
    static func jsonLine(_ r: Record, _ e: Event) -> String {
        JSONValue.object([
            "seq": .int(r.seq), "kind": .string(e.kind.rawValue), "deployment": .string(e.deployment.hex),
            "actor": .string(e.actor), "time": .string(e.time.description), "data": .object(e.data),
            "hash": .string(Hex.encode(r.hash)), "public": .object(e.publicData),
            "signed_by": e.signedBy.map { .string(Base64.encode($0)) } ?? .null,
        ]).canonicalString
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
