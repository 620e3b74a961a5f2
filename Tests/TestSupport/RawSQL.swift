import CSQLite
import Foundation
import LedgerCore

/// Direct SQLite access to a ledger file with the sqlite3 C API, outside the library: what an
/// attacker, or a test looking under the hood, does.
public final class RawSQL {
    /// A statement SQLite refused, with its message.
    public struct Failure: Error, CustomStringConvertible {
        /// SQLite's message.
        public let description: String
    }

    /// A value to bind: any SQLite storage class.
    public enum Value: CustomStringConvertible, Sendable {
        case null, int(Int64), real(Double), text([UInt8]), blob([UInt8])

        /// The value for a test's message (long bytes shortened).
        public var description: String {
            func show(_ b: [UInt8]) -> String { b.count > 48 ? "\(b.count) bytes \(Hex.encode(b.prefix(24)))…" : Hex.encode(b) }
            switch self {
            case .null: return "NULL"
            case .int(let i): return "integer \(i)"
            case .real(let d): return "real \(d)"
            case .text(let b): return "text x'\(show(b))'"
            case .blob(let b): return "blob x'\(show(b))'"
            }
        }
    }

    private var db: OpaquePointer?

    /// Opens `path` read-write.
    /// - Throws: `Failure` when SQLite cannot open it.
    public init(_ path: String) throws {
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failure(description: "cannot open \(path)") }
    }

    deinit { sqlite3_close(db) }

    /// Runs `sql` (any number of statements).
    /// - Throws: `Failure` with SQLite's message when a statement fails.
    public func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &err) == SQLITE_OK else {
            let msg = err.map { String(cString: $0) } ?? "?"
            sqlite3_free(err)
            throw Failure(description: msg)
        }
    }

    /// Runs `sql`; false when SQLite refuses it.
    @discardableResult
    public func succeeds(_ sql: String) -> Bool { (try? exec(sql)) != nil }

    /// Runs `sql` with one bound value; false when SQLite refuses it (a STRICT type, a key clash).
    @discardableResult
    public func exec(_ sql: String, binding value: Value) -> Bool {
        var s: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK else { return false }
        defer { sqlite3_finalize(s) }
        switch value {
        case .null: sqlite3_bind_null(s, 1)
        case .int(let i): sqlite3_bind_int64(s, 1, i)
        case .real(let d): sqlite3_bind_double(s, 1, d)
        case .text(let b), .blob(let b):
            let copy = UnsafeMutableRawPointer.allocate(byteCount: max(b.count, 1), alignment: 1)
            b.withUnsafeBytes { if $0.count > 0 { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            let free: @convention(c) (UnsafeMutableRawPointer?) -> Void = { $0?.deallocate() }
            if case .text = value {
                sqlite3_bind_text(s, 1, copy.assumingMemoryBound(to: CChar.self), Int32(b.count), free)
            } else {
                sqlite3_bind_blob(s, 1, copy, Int32(b.count), free)
            }
        }
        return sqlite3_step(s) == SQLITE_DONE
    }

    /// The rows of a one-column query, as text (`NULL` for null).
    public func column(_ sql: String) -> [String] {
        var s: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(s) }
        var out: [String] = []
        while sqlite3_step(s) == SQLITE_ROW { out.append(sqlite3_column_text(s, 0).map { String(cString: $0) } ?? "NULL") }
        return out
    }

    /// The first row's first column of `sql` as bytes; empty when there is none.
    public func blob(_ sql: String) -> [UInt8] {
        var s: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(s) }
        guard sqlite3_step(s) == SQLITE_ROW else { return [] }
        let n = Int(sqlite3_column_bytes(s, 0))
        guard n > 0, let p = sqlite3_column_blob(s, 0) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}

extension Array where Element == UInt8 {
    /// The bytes as an SQL blob literal, `x'…'`.
    public var sqlHex: String { "x'" + Hex.encode(self) + "'" }
}
