import CSQLite

/// The SQLite library this build runs on.
public enum SQLiteLibrary {
    /// The version of the SQLite library linked in (`sqlite3_libversion()`), e.g. `3.40.1`.
    public static var version: String { String(cString: sqlite3_libversion()) }
}
