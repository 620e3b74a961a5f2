#include <sqlite3.h>

/* SQLITE_TRANSIENT does not import into Swift: bind through these shims (same as the
   library's CSQLite, so the raw baseline copies bound bytes exactly as the ledger does). */
static inline int bench_sqlite3_bind_blob_transient(sqlite3_stmt *s, int i, const void *p, int n) {
    return sqlite3_bind_blob(s, i, p, n, SQLITE_TRANSIENT);
}
static inline int bench_sqlite3_bind_text_transient(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_TRANSIENT);
}
