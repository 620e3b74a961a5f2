/// The SQL schema of a ledger file, one migration per numbered file in `schema/`.
///
/// The text is embedded so that the `ledger` binary needs no resource files; a test checks
/// that it equals `schema/NNN-*.sql` byte for byte.
enum Schema {
    /// `PRAGMA application_id` of a ledger file: ASCII "LDGR".
    static let applicationID: Int32 = 0x4C44_4752
    /// `PRAGMA user_version`: the number of the last migration applied.
    static var version: Int { migrations.count }

    /// The migrations, in order; index 0 is `schema/001-ledger.sql`.
    static let migrations: [(file: String, sql: String)] = [
        (
            "001-ledger.sql",
            #"""
            -- ledger format version 1: the tables of a ledger file (docs/FORMAT.md §4).
            -- Applied once, in one transaction, when `ledger init` creates the file.

            -- Public facts about the ledger: format version, ledger id, creation time.
            CREATE TABLE meta (
                key   TEXT PRIMARY KEY NOT NULL,
                value BLOB NOT NULL
            ) STRICT, WITHOUT ROWID;

            -- Data keys, one per key epoch, each wrapped under a passphrase-derived key (Argon2id).
            CREATE TABLE keys (
                epoch      INTEGER PRIMARY KEY NOT NULL CHECK (epoch >= 1),
                kdf        TEXT NOT NULL CHECK (kdf = 'argon2id13'),
                opslimit   INTEGER NOT NULL,
                memlimit   INTEGER NOT NULL,
                salt       BLOB NOT NULL,
                nonce      BLOB NOT NULL,
                wrapped    BLOB NOT NULL
            ) STRICT;

            -- The log: one row per record, append-only.
            CREATE TABLE events (
                seq        INTEGER PRIMARY KEY NOT NULL,
                kind       TEXT NOT NULL,
                deployment BLOB NOT NULL,
                epoch      INTEGER NOT NULL,
                public     BLOB NOT NULL DEFAULT x'',
                nonce      BLOB NOT NULL,
                ciphertext BLOB NOT NULL,
                sig        BLOB NOT NULL DEFAULT x'',
                prev_hash  BLOB NOT NULL,
                hash       BLOB NOT NULL
            ) STRICT;

            -- Reading one deployment reads only its records.
            CREATE INDEX events_by_deployment ON events (deployment, seq);

            -- The log refuses UPDATE and DELETE; only INSERT at the end is possible through SQL.
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'ledger: events are append-only (UPDATE refused)'); END;
            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'ledger: events are append-only (DELETE refused)'); END;

            -- Wrapped keys are never rewritten in place either (rotation adds an epoch).
            CREATE TRIGGER keys_no_update BEFORE UPDATE ON keys
            BEGIN SELECT RAISE(ABORT, 'ledger: wrapped keys are append-only (UPDATE refused)'); END;
            CREATE TRIGGER keys_no_delete BEFORE DELETE ON keys
            BEGIN SELECT RAISE(ABORT, 'ledger: wrapped keys are append-only (DELETE refused)'); END;
            """#
        )
    ]
}
