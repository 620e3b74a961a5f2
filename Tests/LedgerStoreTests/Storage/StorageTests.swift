import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

@Suite struct StorageTests {
    @Test func schemaFileMatchesTheEmbeddedSchema() throws {
        let root = Repository.url("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files == Schema.migrations.map(\.file))
        for m in Schema.migrations {
            let text = try String(contentsOf: root.appendingPathComponent(m.file), encoding: .utf8)
            #expect(text == m.sql + "\n", "schema/\(m.file) and Schema.swift differ")
        }
    }

    @Test func connectionsAreWALAndDurable() throws {
        let f = try LedgerFixture(notes: 1)
        let db = try #require(try LedgerFile.open(at: f.path).sqlite).db
        #expect(try db.scalarInt("PRAGMA synchronous") == 2, "synchronous=FULL")
        let mode = try db.prepare("PRAGMA journal_mode")
        #expect(try mode.step() && mode.text(0) == "wal")
        #expect(try db.scalarInt("PRAGMA application_id") == 0x4C44_4752)
    }

    @Test func eventsRefuseUpdateAndDelete() throws {
        let f = try LedgerFixture(notes: 2)
        func refusal(_ sql: String) -> String {
            do { try f.attack(sql); return "accepted" } catch let e as LedgerError { return e.message } catch { return "\(error)" }
        }
        #expect(refusal("UPDATE events SET kind = 'x' WHERE seq = 2") == "ledger: events are append-only (UPDATE refused)")
        #expect(refusal("DELETE FROM events WHERE seq = 2") == "ledger: events are append-only (DELETE refused)")
        #expect(refusal("DELETE FROM keys") == "ledger: wrapped keys are append-only (DELETE refused)")
        #expect(try f.verify(withKey: true).isIntact)
    }

    @Test func twoWritersAtOnceBothSucceedAndTheChainStaysOneLine() async throws {
        let f = try LedgerFixture(notes: 0)
        let path = f.path
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let l = try! LedgerFile.open(at: path)
                    try! l.unlock(passphrase: LedgerFixture.secret())
                    for i in 0..<40 { try! l.append(.note, actor: Actor("w\(writer)"), data: ["text": .string("\(writer)-\(i)")]) }
                }
            }
        }
        let report = try f.verify(withKey: true)
        #expect(report.isIntact)
        #expect(report.recordCount == 81)
        #expect(report.headSeq == 81)
    }

    @Test func batchAppendIsOneChainSegment() throws {
        let f = try LedgerFixture(notes: 0)
        let l = try LedgerFile.open(at: f.path)
        try l.unlock(passphrase: LedgerFixture.secret())
        let events = (0..<500).map { Event(kind: .note, actor: "bulk", time: Timestamp(millisecondsSinceEpoch: Int64($0)), data: ["text": .string("n\($0)")]) }
        let records = try l.append(events)
        #expect(records.map(\.seq) == Array(2...501))
        #expect(try f.verify(withKey: true).isIntact)
        #expect(try l.allEvents().last?.event.data["text"] == "n499")
    }

    @Test func noPlaintextKeyOrPassphraseReachesTheDisk() throws {
        let dir = TempDir()
        let path = dir.file("secret.ledger")
        let pass = "PASSPHRASE-MARKER-4711"
        let l = try LedgerFile.create(at: path, passphrase: LedgerFixture.secret(pass), actor: "ACTOR-MARKER", kdf: .owaspFloor)
        for i in 0..<20 { try l.append(.note, actor: "ACTOR-MARKER", data: ["text": .string("NOTE-MARKER-\(i) hunter2")]) }
        // the connection is still open: the WAL holds the recent appends
        let key = try #require(l.keys?[1]).withBytes { Data($0) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains("secret.ledger-wal"))
        for name in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir.file(name)))
            for marker in ["NOTE-MARKER", "ACTOR-MARKER", pass, "hunter2"] {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker) found in \(name)")
            }
            #expect(data.range(of: key) == nil, "the data key found in \(name)")
        }
    }

    @Test func createNeverOverwritesAndLeavesNoTemporaryFile() throws {
        let f = try LedgerFixture(notes: 1)
        let before = try f.bytes()
        #expect(throws: LedgerError(.failure, "'\(f.path)' already exists", hint: "choose another file; ledger never overwrites one")) {
            try LedgerFile.create(at: f.path, passphrase: LedgerFixture.secret(), actor: "x", kdf: .owaspFloor)
        }
        #expect(try f.bytes() == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: f.dir.path)
        #expect(!names.contains { $0.contains(".tmp-") })
    }

    @Test func argon2BelowTheFloorIsRefused() {
        let dir = TempDir()
        #expect(throws: LedgerError(.usage, "Argon2id cost 8 MiB × 1 passes is below the floor of 19 MiB × 2 passes")) {
            try LedgerFile.create(
                at: dir.file("a"), passphrase: LedgerFixture.secret(), actor: "x",
                kdf: Argon2id.Parameters(opsLimit: 1, memLimit: 8 << 20))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("a")))
    }

    @Test func otherFilesAreNotLedgers() throws {
        let dir = TempDir()
        let text = dir.file("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let notSQLite = #expect(throws: LedgerError.self) { try LedgerFile.open(at: text) }
        #expect(notSQLite?.category == .notALedger)
        #expect(notSQLite?.reason == .notALedger(path: text))
        #expect(notSQLite?.remedy == .checkLedgerPath)
        #expect(notSQLite?.cause == .sqlite(code: 26, message: "file is not a database"), "SQLITE_NOTADB")
        let other = dir.file("other.db")
        try RawSQL(other).exec("CREATE TABLE t (x)")
        let notLedger = #expect(throws: LedgerError.self) { try LedgerFile.open(at: other) }
        #expect(notLedger?.category == .notALedger)
        #expect(notLedger?.reason == .notALedger(path: other))
        #expect(notLedger?.cause == nil)
        let absent = #expect(throws: LedgerError.self) { try LedgerFile.open(at: dir.file("absent.ledger")) }
        #expect(absent?.category == .failure)
        #expect(absent?.reason == .noLedger(path: dir.file("absent.ledger")))
        #expect(absent?.remedy == .createLedger(path: dir.file("absent.ledger")))
    }

    @Test func newerFormatIsRefusedClearly() throws {
        let f = try LedgerFixture(notes: 1)
        try f.attack("UPDATE meta SET value = CAST('3' AS BLOB) WHERE key = 'format'")
        #expect(
            throws: LedgerError(
                .notALedger, "'\(f.path)' uses ledger format 3 (schema 1); this ledger reads formats 1 and 2",
                hint: "upgrade ledger to open it; the file was not changed")
        ) { try LedgerFile.open(at: f.path) }
    }
}
