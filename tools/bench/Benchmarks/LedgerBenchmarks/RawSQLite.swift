import BenchSQLite

/// A minimal SQLite connection for the raw baselines: the C API with nothing of the ledger's
/// on top (no triggers, no crypto, no head lookup), so that the ledger's figures can be read
/// as a ratio against what SQLite itself does with rows of the same sizes.
final class RawDB {
    let handle: OpaquePointer

    init(path: String, readOnly: Bool = false) {
        var h: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &h, flags, nil) == SQLITE_OK, let h else {
            fatalError("raw: cannot open \(path)")
        }
        handle = h
        sqlite3_busy_timeout(h, 15_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func exec(_ sql: String) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { fatalError("raw: \(sql): \(String(cString: sqlite3_errmsg(handle)))") }
    }

    func prepare(_ sql: String) -> RawStatement {
        var s: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil) == SQLITE_OK, let s else {
            fatalError("raw: prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return RawStatement(handle: s, db: self)
    }

    func scalarInt(_ sql: String) -> Int64 {
        let s = prepare(sql)
        return s.step() ? sqlite3_column_int64(s.handle, 0) : 0
    }

    /// The events table of a ledger file with the same columns, types and index, but without
    /// the append-only triggers and the meta/keys tables.
    static let schema = """
        CREATE TABLE events (
            seq        INTEGER PRIMARY KEY NOT NULL,
            kind       TEXT NOT NULL,
            deployment BLOB NOT NULL,
            epoch      INTEGER NOT NULL,
            nonce      BLOB NOT NULL,
            ciphertext BLOB NOT NULL,
            sig        BLOB NOT NULL DEFAULT x'',
            prev_hash  BLOB NOT NULL,
            hash       BLOB NOT NULL
        ) STRICT;
        CREATE INDEX events_by_deployment ON events (deployment, seq);
        """

    /// Creates a fresh raw database in WAL mode with synchronous=FULL (as a ledger runs).
    static func create(path: String) -> RawDB {
        Files.removeDatabase(path)
        let db = RawDB(path: path)
        db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
        db.exec(schema)
        return db
    }
}

final class RawStatement {
    let handle: OpaquePointer
    let db: RawDB

    init(handle: OpaquePointer, db: RawDB) {
        self.handle = handle
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    @inline(__always) func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    @inline(__always) @discardableResult
    func step() -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        fatalError("raw: step: \(String(cString: sqlite3_errmsg(db.handle)))")
    }

    @inline(__always) func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    @inline(__always) func bind(_ i: Int32, _ p: UnsafeRawPointer, _ n: Int) {
        if n == 0 { sqlite3_bind_zeroblob(handle, i, 0); return }
        _ = bench_sqlite3_bind_blob_transient(handle, i, p, Int32(n))
    }
    @inline(__always) func bindText(_ i: Int32, _ p: UnsafeRawPointer, _ n: Int) {
        _ = bench_sqlite3_bind_text_transient(handle, i, p.assumingMemoryBound(to: CChar.self), Int32(n))
    }
}
