import LedgerCore
import LedgerStore

/// How an audit report prints for `ledger verify`: a summary for people, canonical JSON for
/// machines. Rendering only: what was checked and found is the report's.
enum VerifyText {
    static func human(_ a: AuditReport, path: String, trust: String? = nil) -> String {
        let r = a.verify
        var lines = ["ledger \(r.ledger) at \(path): \(r.recordCount) records"]
        if let seq = r.headSeq, let hash = r.headHash { lines.append("head: record \(seq), hash \(Hex.encode(hash))") }
        lines.append(
            a.method == .withKey
                ? "checked with the key: format, record hashes, links, sequence numbers, AEAD tags and payloads"
                : "checked without the key: format, record hashes, links, sequence numbers (payloads not decrypted; supply LEDGER_PASSPHRASE or --passphrase-file to check them too)"
        )
        lines.append(
            trust.map { "signatures judged by the keys pinned in \($0)" }
                ?? "signatures judged by the roster in the ledger (pin keys from outside with --trust FILE)")
        if a.method == .keyless { lines.append("sign-off statements and stale sign-offs not checked (they need the passphrase)") }
        if r.isIntact {
            lines.append("intact: no finding")
        } else {
            lines.append("NOT INTACT: \(r.findings.count) finding\(r.findings.count == 1 ? "" : "s") (\(tally(r)))")
            lines += r.findings.map { "  \($0.kind.rawValue) at \($0.seq): \($0.message)" }
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }

    static func tally(_ r: VerifyReport) -> String { r.findings.tally }

    /// The line after the summary when a checkpoint was checked and holds (nil otherwise):
    /// where its key came from, and that the log extends it.
    static func checkpointLine(_ a: AuditReport, file: String) -> String? {
        guard let cp = a.checkpoint, cp.holds else { return nil }
        let source =
            switch cp.keySource {
            case .given: "pinned with --checkpoint-key"
            case .trustFile: "pinned in the trust file"
            case .derived: "derived with the passphrase"
            case .ledger: "read from the ledger itself, NOT pinned: pin it with --checkpoint-key or a trust file"
            }
        return "checkpoint \(file): signature good (key \(source)), and the log extends it (consistency proof verified)"
    }

    /// The stable JSON document of docs/CLI.md §ledger verify.
    static func json(_ a: AuditReport, path: String, trust: String? = nil) -> String {
        let r = a.verify
        var head: JSONValue = .null
        if let seq = r.headSeq, let hash = r.headHash { head = ["seq": .int(seq), "hash": .string(Hex.encode(hash))] }
        let doc: JSONValue = .object([
            "ledger": .string(r.ledger.hex), "file": .string(path), "format": .int(Int64(RecordFormat.version)),
            "records": .int(Int64(r.recordCount)), "head": head, "decrypted": .bool(r.decrypted),
            "intact": .bool(r.isIntact), "trust": trust.map { .string($0) } ?? .null,
            "findings": .array(r.findings.map { ["kind": .string($0.kind.rawValue), "seq": .int($0.seq), "message": .string($0.message)] }),
        ])
        return doc.canonicalString
    }
}
