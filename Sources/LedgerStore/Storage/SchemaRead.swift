import LedgerCore

extension EventStore {
    /// Every object of the file's schema (`sqlite_schema`: type, name, table, SQL text).
    /// - Throws: `LedgerError` when the file cannot be read.
    func schemaObjects() throws(LedgerError) -> [SchemaObject] {
        try Self.schemaObjects(of: db)
    }

    /// The schema the format defines: the objects that applying every migration of
    /// `schema/` to an empty database gives.
    /// - Throws: `LedgerError` when SQLite cannot build it in memory.
    static func canonicalSchema() throws(LedgerError) -> [SchemaObject] {
        let db = try Database(path: ":memory:", create: true)
        for m in Schema.migrations { try db.exec(m.sql, doing: "building the format's schema") }
        return try schemaObjects(of: db)
    }

    private static func schemaObjects(of db: Database) throws(LedgerError) -> [SchemaObject] {
        let s = try db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        var out: [SchemaObject] = []
        while try s.step() {
            out.append(SchemaObject(type: s.text(0), name: s.text(1), table: s.text(2), sql: s.isNull(3) ? nil : s.text(3)))
        }
        return out
    }
}
