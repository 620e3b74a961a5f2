import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

/// `ledger log`: prints the decrypted events, oldest first.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the decrypted events, newest last.",
        discussion: "With --json, prints one JSON object per line (docs/CLI.md §ledger log).")

    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase, readOnly: true)
        var view = LedgerView()
        try ledger.events { (record, event) throws(LedgerError) in
            view.apply(event, seq: record.seq)
            let template = view.deployment(event.deployment)?.template
            if output.json { Console.json(EventText.jsonLine(record, event)) } else { print(EventText.line(record, event, template: template)) }
        }
    }
}

/// How events print in `ledger log`.
enum EventText {
    /// `seq  time  actor  kind  summary` for people.
    static func line(_ r: Record, _ e: Event, template: ChecklistTemplate? = nil) -> String {
        var parts = [String(r.seq).leftPadded(6), e.time.description, e.actor, e.kind.rawValue]
        if !e.deployment.isNone { parts.append("[\(e.deployment.hex.prefix(8))]") }
        parts.append(EventSummary.text(e, template: template))
        if let key = e.signedBy {
            parts.append("[signed by \(key.keyFingerprint)]")
        } else if !r.signature.isEmpty {
            parts.append("[BAD SIGNATURE: run 'ledger verify']")
        }
        return parts.joined(separator: "  ")
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
