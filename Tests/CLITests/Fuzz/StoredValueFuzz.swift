import Foundation
import LedgerCore
import TestSupport

@testable import LedgerStore
@testable import ledger

/// The attacker's side of the stored-value fuzz: a real ledger file (made by the `ledger`
/// binary: a deployment, ticks, notes, an action, a roster key, a signed record), whose
/// tables are rewritten without STRICT (as anyone who can write the file can do), so that
/// every column can hold any type. Each case changes one thing, runs the readers
/// in-process (all of them for a seeded sample), then puts the file back.
final class StoredValueFuzz {
    let cli = CLI()
    let work: String
    let sql: RawSQL
    let keyed: LedgerFile
    let seqs: [Int64]
    let metaKeys: [String]
    static let eventColumns = ["seq", "kind", "deployment", "epoch", "public", "nonce", "ciphertext", "sig", "prev_hash", "hash"]
    static let keyColumns = ["epoch", "kdf", "opslimit", "memlimit", "salt", "nonce", "wrapped"]
    static let pass = TestSecrets.cliEnvironment

    init() throws {
        try cli.initLedger()
        for args in [
            ["deploy", "start", "--name", "R1"], ["tick", "1.1.1", "--note", "PR #812"], ["note", "a note", "--item", "1.1.2"], ["note", "plain"],
            ["run", "7.2.1.1", "--tick", "--record-output", "--", "echo", "hello"], ["contact", "set", "Database Admin", "--name", "Ada"],
        ] {
            let r = try cli.run(args, env: Self.pass)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        let keyPass = ["LEDGER_KEY_PASSPHRASE": "kp"]
        for (args, env) in [
            (["key", "new", "--name", "sam", "--kdf-memory", "19"], keyPass),
            (["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"], Self.pass),
            (["tick", "1.1.3", "--key", "sam.key"], Self.pass.merging(keyPass) { $1 }),
        ] {
            let r = try cli.run(args, env: env)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        work = cli.path("deploy.ledger")
        do {
            let attacker = try RawSQL(work)
            attacker.succeeds("PRAGMA wal_checkpoint(TRUNCATE)")
            for t in ["events_no_update", "events_no_delete", "keys_no_update", "keys_no_delete"] { attacker.succeeds("DROP TRIGGER \(t)") }
            attacker.succeeds("PRAGMA writable_schema=ON")
            attacker.succeeds(
                "UPDATE sqlite_master SET sql = replace(replace(sql, ') STRICT, WITHOUT ROWID', ') WITHOUT ROWID'), ') STRICT', ')') WHERE type = 'table'")
            attacker.succeeds("PRAGMA writable_schema=OFF")
        }
        let check = try RawSQL(work)
        precondition(!check.column("SELECT sql FROM sqlite_master WHERE name = 'events'")[0].contains("STRICT"), "schema not rewritten")
        precondition(check.succeeds("PRAGMA wal_checkpoint(TRUNCATE)"))
        try FileManager.default.copyItem(atPath: work, toPath: cli.path("pristine.ledger"))
        sql = try RawSQL(work)
        sql.succeeds("PRAGMA synchronous=OFF")
        precondition(sql.succeeds("ATTACH '\(cli.path("pristine.ledger"))' AS p"))
        keyed = try LedgerFile.open(at: work)
        var secret = Array("pass".utf8)
        try keyed.unlock(passphrase: SecureBytes(consuming: &secret))
        seqs = sql.column("SELECT seq FROM events ORDER BY seq").compactMap { Int64($0) }
        metaKeys = sql.column("SELECT key FROM meta")
    }

    /// One case: a change to the file, described for the crash note.
    struct Change {
        var table: String
        var description: String
        /// True when an events row's field was set to a different value of the same type:
        /// keyless verify must then report something.
        var mustBeFound = false
    }

    /// Makes a random change. Returns nil when SQLite refused it (nothing changed).
    func mutate(_ r: inout FuzzRandom) -> Change? {
        let roll = Int.random(in: 0..<100, using: &r)
        if roll < 4 { return mutateRow(table: "meta", key: "key", value: "'\(r.pick(metaKeys))'", columns: ["key", "value"], &r) }
        if roll < 6 { return mutateRow(table: "keys", key: "epoch", value: "1", columns: Self.keyColumns, &r) }
        let seq = r.pick(seqs)
        switch roll {
        case 6..<10:
            return sql.succeeds("DELETE FROM events WHERE seq = \(seq)") ? Change(table: "events", description: "events: deleted record \(seq)") : nil
        case 10..<14:
            let at = r.chance(0.5) ? FuzzValues.integer(&r) : Int64(seqs.count) + Int64.random(in: 1...3, using: &r)
            let ok = sql.succeeds(
                "INSERT INTO events SELECT \(at), kind, deployment, epoch, public, nonce, ciphertext, sig, prev_hash, hash FROM events WHERE seq = \(seq)")
            return ok ? Change(table: "events", description: "events: copied record \(seq) to seq \(at)") : nil
        case 14..<18:
            let other = r.pick(seqs), col = r.pick(Self.eventColumns.filter { $0 != "seq" })
            let ok = sql.succeeds("UPDATE events SET \(col) = (SELECT \(col) FROM p.events WHERE seq = \(other)) WHERE seq = \(seq)")
            return ok ? Change(table: "events", description: "events: record \(seq).\(col) set to record \(other)'s") : nil
        default:
            return mutateRow(table: "events", key: "seq", value: "\(seq)", columns: Self.eventColumns, &r)
        }
    }

    /// Sets one column of one row to a random value of a random storage class.
    func mutateRow(table: String, key: String, value keyValue: String, columns: [String], _ r: inout FuzzRandom) -> Change? {
        let col = r.pick(columns)
        let whereClause = "WHERE \(key) = \(keyValue)"
        let before = sql.column("SELECT quote(\(col)) FROM \(table) \(whereClause)").first ?? ""
        let type = sql.column("SELECT typeof(\(col)) FROM \(table) \(whereClause)").first ?? ""
        let original = sql.blob("SELECT CAST(\(col) AS BLOB) FROM \(table) \(whereClause)")
        let value: RawSQL.Value
        switch r.chance(0.75) ? type : r.pick(["integer", "text", "blob", "null", "real"]) {
        case "integer": value = .int(FuzzValues.integer(&r, near: Int64(before)))
        case "text": value = .text(r.chance(0.5) ? Array(FuzzValues.string(&r).utf8) : FuzzValues.blob(&r, like: original))
        case "blob": value = .blob(FuzzValues.blob(&r, like: original))
        case "real": value = .real(r.pick([0.5, -0.0, .infinity, .nan, 1e300, 9_007_199_254_740_993]))
        default: value = .null
        }
        guard sql.exec("UPDATE \(table) SET \(col) = ? \(whereClause)", binding: value) else { return nil }
        var change = Change(table: table, description: "\(table): \(key) \(keyValue), \(col) \(type) \(before.prefix(80)) set to \(value)")
        if table == "events", col == "seq" {
            if case .int(let i) = value, String(i) != before { change.mustBeFound = true }
        } else if table == "events" {
            let after = sql.column("SELECT quote(\(col)) FROM events \(whereClause)").first ?? ""
            let afterType = sql.column("SELECT typeof(\(col)) FROM events \(whereClause)").first ?? ""
            change.mustBeFound = after != before && afterType == type
        }
        return change
    }

    /// Puts the touched table back as it was.
    func restore(_ table: String) {
        sql.succeeds("DELETE FROM main.\(table); INSERT INTO main.\(table) SELECT * FROM p.\(table)")
    }

    /// How much of the reading a case does: every case runs the keyless readers (open,
    /// verify, signatures, verify text and JSON, roster, proof); `decrypt` adds the decrypting
    /// reader of every record (events folded into the view, log lines); `everything` adds
    /// the views, status, show, checklist and timeline exports; `unlock` unlocks the changed
    /// file afresh (Argon2id at the floor), for changes to the keys or meta rows.
    struct Depth { var decrypt = false, everything = false, unlock = false }

    /// Reads the changed file as the commands do; returns what keyless verify found (nil
    /// when it refused to read the file).
    func readEverything(_ change: Change, _ depth: Depth) -> [Finding]? {
        guard let l = try? LedgerFile.open(at: work, readOnly: true) else { return nil }
        var keyless: [Finding]?
        if let report = try? l.audit() {  // as 'ledger verify' does
            keyless = report.findings.filter { $0.kind != .schema }  // the fuzz loosens the tables on purpose (no STRICT)
            _ = VerifyText.human(report, path: work) + VerifyText.json(report, path: work)
        }
        _ = try? l.roster()
        _ = try? l.inclusionProof(Int64(seqs.count))
        if depth.unlock {
            var secret = Array("pass".utf8)
            if (try? l.unlock(passphrase: SecureBytes(consuming: &secret))) != nil { depth.everything ? read(l) : readRecords(l) }
        }
        // The data key was unlocked once from the pristine file: a changed events row needs no Argon2id.
        if change.table == "events" { if depth.everything { read(keyed) } else if depth.decrypt { readRecords(keyed) } }
        return keyless
    }

    /// The decrypting reader of every record: each event folded into the view, and its log lines.
    func readRecords(_ ledger: LedgerFile) {
        var view = LedgerView()
        try? ledger.events { (record, event) throws(LedgerError) in
            view.apply(event, seq: record.seq)
            _ = EventText.line(record, event, template: view.deployment(event.deployment)?.template) + EventText.jsonLine(record, event)
        }
    }

    /// The unlocked readers: verify, log, views, status, show, exports.
    func read(_ ledger: LedgerFile) {
        if let report = try? ledger.audit() { _ = VerifyText.json(report, path: work) }
        readRecords(ledger)
        for d in (try? ledger.deployments()) ?? [] {
            guard let v = try? ledger.view(of: d.id) else { continue }
            _ = StatusText.render(v, depth: .max) + ShowText.items(v, v.template.items)
            for item in v.template.items.prefix(12) { _ = ShowText.detail(v, item) }
            _ = ChecklistExport.markdown(v)
            _ = ChecklistExport.json(v, ledger: ledger.id, headSeq: 1, headHash: []).canonicalBytes
        }
        var entries: [TimelineEntry] = []
        let zone = (try? DisplayZone("Europe/Berlin"))!
        if let v = try? ledger.timeline(TimelineFilter(), { e in entries.append(e) }) {
            for e in entries {
                _ =
                    TimelineFormats.csvEntry(e, display: zone.display) + TimelineFormats.markdownEntry(e, display: zone.display)
                    + TimelineFormats.jsonEntry(e, display: zone.display)
            }
            if let report = try? ledger.verify() {
                let header = TimelineHeader(
                    ledger: ledger.id, headSeq: report.headSeq ?? 0, headHash: report.headHash ?? [], verify: VerifySummary(report),
                    generatedAt: Timestamp(millisecondsSinceEpoch: 0), deployment: nil, deploymentName: nil, filters: [], zone: zone.name)
                _ = TimelineFormats.csvHeader(header) + TimelineFormats.markdownHeader(header) + TimelineFormats.jsonHeader(header)
                _ = TimelineHTML.render(header: header, entries: entries, deployment: v.deployments.first, offsetMinutes: zone.offsetMinutes)
            }
        }
    }
}
