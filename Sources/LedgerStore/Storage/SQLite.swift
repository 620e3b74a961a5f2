import CSQLite
import LedgerCore

/// A thin wrapper over one SQLite connection (the system library, C API).
///
/// Only `Storage` talks to SQLite. Errors become `LedgerError`s that name the file.
final class Database {
    let handle: OpaquePointer
    let path: String

    /// Opens (or, with `create`, creates) the database at `path`. Read-only, it opens as
    /// `ReadOnlyOpening` decides: the file alone (`immutable`: nothing written beside it, works
    /// in a read-only folder and on a read-only file), or with its write-ahead log when that
    /// holds records.
    /// - Throws: `LedgerError` when the file cannot be opened.
    init(path: String, create: Bool = false, readOnly: Bool = false) throws(LedgerError) {
        var h: OpaquePointer?
        let opening = readOnly ? ReadOnlyOpening(path) : nil
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | (create ? SQLITE_OPEN_CREATE : 0)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | (opening != nil ? SQLITE_OPEN_URI : 0)
        let rc = sqlite3_open_v2(opening?.uri ?? path, &h, flags, nil)
        guard rc == SQLITE_OK, let h else {
            let msg = h.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(h)
            throw opening?.cannotOpen(msg) ?? LedgerError(.failure, "cannot open '\(path)': \(msg)")
        }
        handle = h
        self.path = path
        self.opening = opening
        sqlite3_busy_timeout(h, 15_000)
    }

    /// How a read-only connection was opened: for a file opened `immutable`, how it was then,
    /// to tell a read torn by another process writing meanwhile from what the file holds.
    let opening: ReadOnlyOpening?

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Statements prepared once and reused (BEGIN, COMMIT, the head query…).
    private var cache: [String: Statement] = [:]

    /// A prepared statement for `sql`, compiled on first use and reset before reuse.
    /// - Throws: `LedgerError`.
    func cached(_ sql: String) throws(LedgerError) -> Statement {
        if let s = cache[sql] { s.reset(); return s }
        let s = try prepare(sql)
        cache[sql] = s
        return s
    }

    /// Runs a cached statement that returns no rows.
    func run(_ sql: String, doing: String) throws(LedgerError) {
        let s = try cached(sql)
        defer { s.reset() }
        do { try s.step() } catch { throw self.error(sqlite3_errcode(handle), doing) }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (not counting triggers' changes).
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ rc: Int32, _ doing: String) -> LedgerError {
        if let changed = changedSinceOpening() { return changed }
        let primary = rc & 0xff
        if let opening, !opening.immutable, primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY {
            return opening.cannotOpen(lastError)
        }
        if primary == SQLITE_NOTADB {
            return LedgerError(
                .notALedger, "'\(path)' is not a ledger file (SQLite: \(lastError))",
                .notALedger(path: path), remedy: .checkLedgerPath, cause: .sqlite(code: rc, message: lastError))
        }
        if primary == SQLITE_CORRUPT {
            return LedgerError(
                .corrupt, "'\(path)' is damaged: SQLite cannot read it while \(doing) (\(lastError))",
                .damagedFile(path: path), hint: "restore the file from a backup", cause: .sqlite(code: rc, message: lastError))
        }
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return LedgerError(
                .failure, "'\(path)' is busy: another process held it for 15 s while \(doing)",
                .other, hint: "retry; nothing was written", cause: .sqlite(code: rc, message: lastError))
        }
        return LedgerError(.failure, "SQLite error while \(doing) on '\(path)': \(lastError)", .other, cause: .sqlite(code: rc, message: lastError))
    }

    /// Runs one or more SQL statements that return no rows.
    /// - Throws: `LedgerError`.
    func exec(_ sql: String, doing: String = "updating the file") throws(LedgerError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, doing) }
    }

    /// Compiles one statement.
    /// - Throws: `LedgerError`.
    func prepare(_ sql: String) throws(LedgerError) -> Statement {
        var s: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
        guard rc == SQLITE_OK, let s else { throw error(rc, "reading the file") }
        return Statement(handle: s, db: self)
    }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` takes the write lock up front, so two
    /// writers queue instead of failing); rolls back when `body` throws.
    /// - Throws: what `body` throws, or `LedgerError`.
    /// Inside a transaction already, `body` simply joins it.
    func transaction<R>(immediate: Bool = true, _ body: () throws(LedgerError) -> R) throws(LedgerError) -> R {
        if sqlite3_get_autocommit(handle) == 0 { return try body() }
        try run(immediate ? "BEGIN IMMEDIATE" : "BEGIN", doing: "starting a transaction")
        do {
            let r = try body()
            try run("COMMIT", doing: "committing")
            return r
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
    }

    /// The error to report when the file was opened `immutable` and has changed since: what
    /// was read may mix two states, so nothing may be concluded from it.
    func changedSinceOpening() -> LedgerError? {
        guard let opening, opening.immutable, opening.hasChanged() else { return nil }
        return LedgerError(
            .failure, "'\(path)' changed while it was being read (another process wrote to it); nothing was concluded from it",
            hint: "run the command again")
    }

    /// Reads one integer from a query such as a PRAGMA.
    func scalarInt(_ sql: String) throws(LedgerError) -> Int64? {
        let s = try prepare(sql)
        return try s.step() ? s.int(0) : nil
    }
}

/// One prepared statement.
final class Statement {
    let handle: OpaquePointer
    unowned let db: Database

    init(handle: OpaquePointer, db: Database) {
        self.handle = handle
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    /// True once `step` ran since the statement was prepared or reset.
    private var stepped = false

    func reset() {
        stepped = false
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    func bind(_ i: Int32, _ v: String) {
        let u = Array(v.utf8)
        u.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { _ = ledger_sqlite3_bind_text_transient(handle, i, $0.baseAddress, Int32($0.count)) }
        }
    }
    func bind(_ i: Int32, _ v: [UInt8]) {
        // A zero-length blob must still bind as a blob, not NULL.
        if v.isEmpty { sqlite3_bind_zeroblob(handle, i, 0); return }
        v.withUnsafeBytes { _ = ledger_sqlite3_bind_blob_transient(handle, i, $0.baseAddress, Int32($0.count)) }
    }

    /// Advances; true when a row is available, false when done.
    /// - Throws: `LedgerError` on any SQLite error (constraint, trigger, I/O).
    @discardableResult
    func step() throws(LedgerError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW || rc == SQLITE_DONE {
            // A file read alone is checked at a query's first step and at its end (not every row).
            if !stepped || rc == SQLITE_DONE, let changed = db.changedSinceOpening() { throw changed }
            stepped = true
            return rc == SQLITE_ROW
        }
        throw db.error(rc, "reading or writing records")
    }

    func int(_ c: Int32) -> Int64 { sqlite3_column_int64(handle, c) }
    func isText(_ c: Int32) -> Bool { sqlite3_column_type(handle, c) == SQLITE_TEXT }
    func isNull(_ c: Int32) -> Bool { sqlite3_column_type(handle, c) == SQLITE_NULL }
    func blob(_ c: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(handle, c))
        guard n > 0, let p = sqlite3_column_blob(handle, c) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
    /// A column's bytes without copying; valid until the next `step` or `reset`.
    func bytes(_ c: Int32) -> UnsafeRawBufferPointer {
        let n = Int(sqlite3_column_bytes(handle, c))
        guard n > 0, let p = sqlite3_column_blob(handle, c) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: n)
    }
    func text(_ c: Int32) -> String {
        let n = Int(sqlite3_column_bytes(handle, c))
        guard n > 0, let p = sqlite3_column_text(handle, c) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
    }
}
