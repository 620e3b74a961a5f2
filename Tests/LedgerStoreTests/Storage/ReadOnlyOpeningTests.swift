import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Opening read-only: the file alone when everything committed is in it (nothing appears
/// beside it), with its write-ahead log when that has frames, and never a judgement from a
/// read torn by another process writing meanwhile.
@Suite struct ReadOnlyOpeningTests {
    func companions(_ f: LedgerFixture) -> [String] {
        ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: f.path + $0) }
    }

    @Test func aFileAtRestIsReadAloneAndNothingAppearsBesideIt() throws {
        let f = try LedgerFixture(notes: 5)
        #expect(companions(f).isEmpty)
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        #expect(l.sqlite?.db.opening?.immutable == true)
        #expect(try l.count() == 6)
        #expect(try l.verify().findings.isEmpty)
        #expect(companions(f).isEmpty, "an immutable open creates no -wal or -shm")
    }

    @Test func recordsInTheWriteAheadLogAreRead() throws {
        let f = try LedgerFixture(notes: 2)
        let writer = try LedgerFile.open(at: f.path)
        try writer.unlock(passphrase: LedgerFixture.secret())
        try writer.append(.note, actor: "bob", data: ["text": "in the log"])
        // The writer is still open: its record is in the -wal only.
        #expect((ReadOnlyOpening.size(f.path + "-wal") ?? 0) > 32)
        let reader = try LedgerFile.open(at: f.path, readOnly: true)
        #expect(reader.sqlite?.db.opening?.immutable == false, "a log with frames is opened with the file")
        #expect(try reader.count() == 4, "the record in the log counts")
        #expect(try reader.head()?.seq == 4)
    }

    @Test func aFileChangedWhileReadIsNotJudged() throws {
        let f = try LedgerFixture(notes: 2)
        let reader = try LedgerFile.open(at: f.path, readOnly: true)
        #expect(reader.sqlite?.db.opening?.immutable == true)
        #expect(try reader.count() == 3)
        // Another process appends and folds its log into the file while the reader is open.
        let writer = try LedgerFile.open(at: f.path)
        try writer.unlock(passphrase: LedgerFixture.secret())
        try writer.append(.note, actor: "bob", data: ["text": "later"])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [f.path, "PRAGMA wal_checkpoint(TRUNCATE);"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let changed = LedgerError(
            .failure, "'\(f.path)' changed while it was being read (another process wrote to it); nothing was concluded from it",
            hint: "run the command again")
        #expect(throws: changed) { try reader.count() }
        #expect(throws: changed) { try reader.verify() }
        #expect(try LedgerFile.open(at: f.path, readOnly: true).count() == 4, "opened again, it reads the new state")
    }

    @Test func aWriterClosingMeanwhileLeavesTheFileAsItWas() throws {
        let f = try LedgerFixture(notes: 2)
        let before = ReadOnlyOpening.identity(f.path)
        let reader = try LedgerFile.open(at: f.path, readOnly: true)
        #expect(try reader.count() == 3)
        // Another process writes and closes; as the last connection it would fold its log into
        // the file, but the reader's lock keeps it from that.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [f.path, "INSERT INTO meta (key, value) VALUES ('written-meanwhile', x'01');"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect((ReadOnlyOpening.size(f.path + "-wal") ?? 0) > 32, "the writer's log was left for later")
        #expect(ReadOnlyOpening.identity(f.path) == before, "the file itself is as it was")
        #expect(try reader.count() == 3, "the reader goes on with the state it opened")
        #expect(try reader.verify().findings.isEmpty)
    }

    @Test func pathsWithURICharactersOpen() throws {
        let dir = TempDir()
        let path = dir.file("a?b#c%d.ledger")
        _ = try LedgerFile.create(at: path, passphrase: LedgerFixture.secret(), actor: "alice", kdf: .owaspFloor)
        let l = try LedgerFile.open(at: path, readOnly: true)
        #expect(try l.count() == 1)
        #expect(l.path == path)
    }
}
