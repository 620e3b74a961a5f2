import BenchSQLite
import BenchSodium
import Checklist
import Foundation
import LedgerCore
import LedgerStore

/// Where fixtures and scratch files live: `$LEDGER_BENCH_DIR`, or /tmp/ledger-bench. The
/// benchmark framework runs every benchmark in a process of its own, so fixtures (a ledger and
/// a raw table of N rows) are built once, by the first benchmark that needs them, and reused.
enum Files {
    static let dir: String = {
        let d = ProcessInfo.processInfo.environment["LEDGER_BENCH_DIR"] ?? "/tmp/ledger-bench"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    static func path(_ name: String) -> String { "\(dir)/\(name)" }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Removes a database file and its WAL/SHM/journal companions.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Copies a closed database file (no WAL left) to `to`, replacing it.
    static func copyDatabase(_ from: String, to: String) {
        removeDatabase(to)
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch { fatalError("copy \(from): \(error)") }
    }
}

/// The workload: `.note` events whose text makes a stored row of about 560 bytes.
enum Workload {
    /// Events per transaction in the batched appends (ledger and raw alike).
    static let batch = 10_000
    static let actor = LedgerCore.Actor("bench-user")
    static let text = String(repeating: "Deployment step checked and signed off; ", count: 9)

    static var passphrase: SecureBytes {
        var b = Array("correct horse battery staple".utf8)
        return SecureBytes(consuming: &b)
    }

    static func event(clock: any LedgerClock) -> Event {
        Event(kind: .note, by: actor, time: clock.now(), data: ["text": .string(text)])
    }

    static func events(_ n: Int) -> [Event] {
        let clock = SystemClock()
        return (0..<n).map { _ in event(clock: clock) }
    }

    /// A fresh ledger at `path` (any old file there is removed first).
    static func createLedger(at path: String) throws(LedgerError) -> LedgerFile {
        Files.removeDatabase(path)
        return try LedgerFile.create(at: path, passphrase: passphrase, actor: actor, kdf: .owaspFloor)
    }

    /// Appends `n` events to `ledger` in transactions of `batch`, reusing one array of events.
    static func appendBatched(_ ledger: LedgerFile, n: Int, events: [Event]) throws(LedgerError) {
        var left = n
        while left > 0 {
            let k = min(left, events.count)
            try ledger.append(k == events.count ? events : Array(events[0..<k]))
            left -= k
        }
    }
}

/// Fixtures: a ledger of exactly N records and a raw table of N rows of the same byte sizes.
enum Fixtures {
    static func ledgerPath(_ n: Int) -> String { Files.path("ledger-\(n).ledger") }
    static func rawPath(_ n: Int) -> String { Files.path("raw-\(n).db") }

    /// The fixture ledger of `n` records opened read-only, and unlocked when `unlocked`.
    static func openLedger(_ n: Int, unlocked: Bool) throws -> LedgerFile {
        let l = try LedgerFile.open(at: ledger(n), readOnly: true)
        if unlocked { try l.unlock(passphrase: Workload.passphrase) }
        return l
    }

    /// A closed ledger file of `n` records (the `ledger.created` record and n-1 notes).
    static func ledger(_ n: Int) -> String {
        let path = ledgerPath(n)
        let done = path + ".done"
        if Files.exists(done) { return path }
        do {
            let ledger = try Workload.createLedger(at: path)
            try Workload.appendBatched(ledger, n: n - 1, events: Workload.events(min(Workload.batch, n - 1)))
            let count = try ledger.count()
            precondition(count == n, "fixture ledger has \(count) records, not \(n)")
        } catch { fatalError("fixture ledger \(n): \(error)") }
        _ = FileManager.default.createFile(atPath: done, contents: nil)
        return path
    }

    /// Records of the exported deployment: its `deployment.started` and `exportTicks` ticks.
    static let exportTicks = 1_000
    static var exportRecords: Int { exportTicks + 1 }
    static let exportDeploymentName = "bench-export"
    static func exportPath(_ n: Int) -> String { Files.path("export-\(n).ledger") }

    /// A closed copy of the `n`-record ledger with one deployment appended to it: a
    /// `deployment.started` on the embedded OptiBid template, then `exportTicks` `item.ticked`
    /// events (with a note) in one batch. N + 1001 records, of which 1001 are the deployment's.
    static func exportLedger(_ n: Int) -> String {
        let path = exportPath(n)
        let done = path + ".done"
        if Files.exists(done) { return path }
        Files.copyDatabase(ledger(n), to: path)
        do {
            let ledger = try LedgerFile.open(at: path)
            try ledger.unlock(passphrase: Workload.passphrase)
            let template = ChecklistTemplate.embeddedOptiBid()
            let id = try ledger.startDeployment(
                name: exportDeploymentName, template: template,
                templateName: "optibid-production-deployment.md", actor: Workload.actor)
            let items = template.items.map(\.id)
            let clock = SystemClock()
            let ticks = (0..<exportTicks).map { i in
                Event(
                    kind: .itemTicked, deployment: id, by: Workload.actor, time: clock.now(),
                    data: ChecklistEvents.item(items[i % items.count], "note", "checked on staging, output attached to the ticket"))
            }
            try ledger.append(ticks)
            let count = try ledger.count()
            precondition(count == n + exportRecords, "export fixture has \(count) records, not \(n + exportRecords)")
        } catch { fatalError("export fixture \(n): \(error)") }
        _ = FileManager.default.createFile(atPath: done, contents: nil)
        return path
    }

    /// The byte sizes of one note row of a real ledger, read back from the file.
    static let shape: RowShape = {
        let db = RawDB(path: ledger(10_000), readOnly: true)
        let s = db.prepare(
            """
            SELECT length(kind), length(deployment), length(nonce), length(ciphertext), length(sig),
                   length(prev_hash), length(hash), kind, epoch FROM events WHERE kind = 'note' ORDER BY seq LIMIT 1
            """)
        guard s.step() else { fatalError("fixture ledger has no note") }
        let c = { (i: Int32) in Int(sqlite3_column_int64(s.handle, i)) }
        let shape = RowShape(
            kind: String(cString: sqlite3_column_text(s.handle, 7)), deployment: c(1), epoch: sqlite3_column_int64(s.handle, 8),
            nonce: c(2), ciphertext: c(3), sig: c(4), prevHash: c(5), hash: c(6))
        let note =
            "row: \(shape.bytes) bytes (kind \(shape.kind.utf8.count), deployment \(shape.deployment), nonce \(shape.nonce), "
            + "ciphertext \(shape.ciphertext), sig \(shape.sig), prev_hash \(shape.prevHash), hash \(shape.hash), 2 integers x 8)\n"
        _ = FileManager.default.createFile(atPath: Files.path("row-shape.txt"), contents: Data(note.utf8))
        return shape
    }()

    /// A closed raw database of `n` rows shaped like `shape`, whose ciphertexts are real
    /// XChaCha20-Poly1305 ciphertexts under `RawKey` (for the scan-hash-decrypt baseline).
    static func raw(_ n: Int) -> String {
        let path = rawPath(n)
        let done = path + ".done"
        if Files.exists(done) { return path }
        let shape = shape
        let pool = RandomPool.shared
        let key = RawKey.key
        do {
            let db = RawDB.create(path: path)
            let ins = db.prepare(RawRows.insertSQL)
            var ct = [UInt8](repeating: 0, count: shape.ciphertext)
            let adBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
            defer { adBuffer.deallocate() }
            let plainLength = shape.ciphertext - Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
            var seq: Int64 = 1
            while seq <= Int64(n) {
                db.exec("BEGIN IMMEDIATE")
                for _ in 0..<min(Workload.batch, n - Int(seq) + 1) {
                    let row = pool.row(seq, shape)
                    var clen: UInt64 = 0
                    let nonce = row.nonce
                    let adLength = RawRows.ad(into: adBuffer, deployment: RawRows.zeros, nonce: row.nonce, prevHash: row.prevHash)
                    ct.withUnsafeMutableBufferPointer { c in
                        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                            c.baseAddress!, &clen, row.ciphertext.assumingMemoryBound(to: UInt8.self), UInt64(plainLength),
                            adBuffer.baseAddress, UInt64(adLength), nil, nonce.assumingMemoryBound(to: UInt8.self), key)
                    }
                    ct.withUnsafeBytes { c in RawRows.insert(ins, seq: seq, shape: shape, row: row, ciphertext: c.baseAddress!) }
                    seq += 1
                }
                db.exec("COMMIT")
            }
        }
        _ = FileManager.default.createFile(atPath: done, contents: nil)
        return path
    }
}

/// Byte sizes (and the kind text) of one stored row.
struct RowShape {
    var kind: String
    var deployment, nonce, ciphertext, sig, prevHash, hash: Int
    var epoch: Int64
    var deploymentBytes: Int { deployment }
    init(kind: String, deployment: Int, epoch: Int64, nonce: Int, ciphertext: Int, sig: Int, prevHash: Int, hash: Int) {
        self.kind = kind; self.deployment = deployment; self.epoch = epoch; self.nonce = nonce
        self.ciphertext = ciphertext; self.sig = sig; self.prevHash = prevHash; self.hash = hash
    }
    /// Stored bytes of a row: the blob and text columns plus 8 bytes for each integer.
    var bytes: Int { kind.utf8.count + deployment + nonce + ciphertext + sig + prevHash + hash + 16 }
}

/// A fixed data key for the raw decrypt baseline (fixed so that every benchmark process
/// opens the fixture that another one built).
enum RawKey {
    static let key: [UInt8] = (0..<UInt8(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)).map { $0 &* 37 &+ 11 }
}

/// Random bytes for raw rows, taken as windows of one pool so that making a row costs nothing.
final class RandomPool: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer
    static let size = 1 << 22
    /// One pool per process, filled once.
    static let shared = RandomPool()

    private init() {
        precondition(sodium_init() >= 0)
        bytes = .allocate(byteCount: Self.size + 4096, alignment: 64)
        randombytes_buf(bytes.baseAddress!, bytes.count)
    }

    deinit { bytes.deallocate() }

    /// Pointers to the variable columns of row `seq` (all windows into the pool).
    @inline(__always)
    func row(_ seq: Int64, _ shape: RowShape) -> RawRow {
        let base = bytes.baseAddress! + Int((UInt64(seq) &* 2_654_435_761) % UInt64(Self.size))
        return RawRow(
            nonce: base, ciphertext: base + 24, prevHash: base + 24 + shape.ciphertext,
            hash: base + 56 + shape.ciphertext)
    }
}

struct RawRow {
    var nonce: UnsafeRawPointer
    var ciphertext: UnsafeRawPointer
    var prevHash: UnsafeRawPointer
    var hash: UnsafeRawPointer
}

enum RawRows {
    static let insertSQL = "INSERT INTO events (seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let zeros = [UInt8](repeating: 0, count: 64)
    static let kindBytes: [UInt8] = Array(Fixtures.shape.kind.utf8)

    /// Associated data for the raw AEAD: kind ‖ deployment ‖ nonce ‖ prev_hash, copied into
    /// `buffer` (76 bytes; the ledger's label ‖ header is about 125). Returns its length.
    @inline(__always)
    static func ad(
        into buffer: UnsafeMutableBufferPointer<UInt8>, deployment: UnsafeRawPointer, nonce: UnsafeRawPointer,
        prevHash: UnsafeRawPointer
    ) -> Int {
        let shape = Fixtures.shape
        var o = 0
        let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
        kindBytes.withUnsafeBytes { raw.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        o += kindBytes.count
        (raw + o).copyMemory(from: deployment, byteCount: shape.deployment); o += shape.deployment
        (raw + o).copyMemory(from: nonce, byteCount: shape.nonce); o += shape.nonce
        (raw + o).copyMemory(from: prevHash, byteCount: shape.prevHash); o += shape.prevHash
        return o
    }

    /// Binds and inserts one row: the same nine columns and sizes as a ledger row.
    @inline(__always)
    static func insert(_ s: RawStatement, seq: Int64, shape: RowShape, row: RawRow, ciphertext: UnsafeRawPointer) {
        s.reset()
        s.bind(1, seq)
        kindBytes.withUnsafeBytes { s.bindText(2, $0.baseAddress!, $0.count) }
        zeros.withUnsafeBytes { s.bind(3, $0.baseAddress!, shape.deployment) }
        s.bind(4, shape.epoch)
        s.bind(5, row.nonce, shape.nonce)
        s.bind(6, ciphertext, shape.ciphertext)
        zeros.withUnsafeBytes { s.bind(7, $0.baseAddress!, shape.sig) }
        s.bind(8, row.prevHash, shape.prevHash)
        s.bind(9, row.hash, shape.hash)
        s.step()
    }
}
