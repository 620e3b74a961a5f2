/// One object of a ledger file's SQL schema, as `sqlite_schema` lists it.
public struct SchemaObject: Sendable, Equatable, Hashable {
    /// `table`, `index`, `trigger` or `view`.
    public let type: String
    /// The object's name.
    public let name: String
    /// The table it belongs to (itself for a table).
    public let table: String
    /// The `CREATE` statement as stored (nil for SQLite's own automatic indexes).
    public let sql: String?

    /// Creates a schema object.
    public init(type: String, name: String, table: String, sql: String?) {
        self.type = type
        self.name = name
        self.table = table
        self.sql = sql
    }

    /// True for objects SQLite makes itself (statistics tables, automatic indexes), which the
    /// format ignores (docs/FORMAT.md §4): a table or index whose name begins with `sqlite_`.
    public var isSQLiteOwn: Bool { (type == "table" || type == "index") && name.lowercased().hasPrefix("sqlite_") }
}

/// Compares a file's schema with the one the format defines (docs/FORMAT.md §4, §8): every
/// extra, missing or changed table, column, index, trigger or view is a `schema` finding
/// (sequence number 0). Objects are matched by type and name; a matched object must have the
/// same table and exactly the same stored SQL text.
public enum SchemaCheck {
    /// The findings for `actual` against `expected`, in a stable order (type, then name).
    public static func findings(actual: [SchemaObject], expected: [SchemaObject]) -> [Finding] {
        func key(_ o: SchemaObject) -> String { o.type + " " + o.name.lowercased() }
        let want = Dictionary(expected.filter { !$0.isSQLiteOwn }.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let have = Dictionary(actual.filter { !$0.isSQLiteOwn }.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var out: [(String, Finding)] = []
        for (k, o) in have where want[k] == nil {
            out.append((k, Finding(.schema, seq: 0, "the file has \(describe(o)) that the format does not define (FORMAT.md §4)\(consequence(o))")))
        }
        for (k, o) in want {
            guard let h = have[k] else {
                out.append((k, Finding(.schema, seq: 0, "the file lacks \(describe(o)) that the format defines (FORMAT.md §4)")))
                continue
            }
            if h.table != o.table || h.sql != o.sql {
                out.append((k, Finding(.schema, seq: 0, "the file's \(describe(o)) is not the one the format defines (FORMAT.md §4): its SQL was changed")))
            }
        }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    static func describe(_ o: SchemaObject) -> String {
        o.type == "table" ? "table '\(o.name)'" : "\(o.type) '\(o.name)' on '\(o.table)'"
    }

    static func consequence(_ o: SchemaObject) -> String {
        o.type == "trigger" ? ": a trigger can change or drop what a writer stores" : ""
    }
}
