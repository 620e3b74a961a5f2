import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a read-only command opens a ledger file, so that evidence can be checked where it lies
/// (a read-only folder, a read-only file) and nothing is left beside it.
///
/// - When no write-ahead log with frames (`-wal` over its 32-byte header) and no rollback
///   journal lies beside the file, everything committed is in the file itself: it is opened
///   `immutable` (SQLite then reads the file alone and creates no `-wal`/`-shm`). A read lock
///   on the file's shared-lock range (as every WAL reader holds) keeps another process from
///   folding its log into the file meanwhile; should the file change anyway, the read is
///   refused (`hasChanged`) instead of judged.
/// - Otherwise the log holds records the file does not, and an `immutable` open would not see
///   them: the file is opened read-only the usual way so that they count. SQLite needs the
///   `-shm` beside it then; when it cannot have it (a read-only folder without one), the
///   open fails with a message that says so (`cannotOpen`).
final class ReadOnlyOpening {
    let path: String
    /// True when the file is read alone (`immutable=1`).
    let immutable: Bool
    /// The `file:` URI to open.
    let uri: String
    private let identity: [Int]
    private let lock: Int32

    init(_ path: String) {
        self.path = path
        let wal = Self.size(path + "-wal") ?? 0, journal = Self.size(path + "-journal") ?? 0
        immutable = wal <= 32 && journal == 0
        var escaped = ""
        for c in path.unicodeScalars {
            switch c {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(c)
            }
        }
        while escaped.hasPrefix("//") { escaped.removeFirst() }
        uri = "file:" + escaped + (immutable ? "?immutable=1" : "?mode=ro")
        lock = immutable ? Self.sharedLock(path) : -1
        identity = Self.identity(path)
    }

    deinit { if lock >= 0 { close(lock) } }

    /// True when the file is no longer the one opened as it was (another process wrote to it,
    /// or replaced it).
    func hasChanged() -> Bool { Self.identity(path) != identity }

    /// The error for an open (or a first read) that failed with SQLite's message `reason`.
    func cannotOpen(_ reason: String) -> LedgerError {
        if immutable { return LedgerError(.failure, "cannot open '\(path)': \(reason)") }
        return LedgerError(
            .failure,
            "cannot read '\(path)' read-only: its write-ahead log '\(path)-wal' may hold records not yet in the file, and SQLite cannot read them here (\(reason))",
            hint:
                "copy the ledger with its -wal and -shm files into a folder you can write to and run the command there, or run any writing command with write access, which folds the log into the file"
        )
    }

    /// The file's size, or nil when it does not exist.
    static func size(_ path: String) -> Int? {
        var s = stat()
        return stat(path, &s) == 0 ? Int(s.st_size) : nil
    }

    /// Device, inode, size, and modification and change times (ns) of the file, or [] when gone.
    static func identity(_ path: String) -> [Int] {
        var s = stat()
        guard stat(path, &s) == 0 else { return [] }
        return [Int(s.st_dev), Int(s.st_ino), Int(s.st_size)] + Libc.changeTimes(s)
    }

    /// An open file description holding a read lock (an OFD lock, Linux: it is not dropped when
    /// another descriptor of the file closes, and conflicts with SQLite's own POSIX locks) on
    /// SQLite's shared-lock bytes; -1 when it cannot be had (then only `hasChanged` protects).
    static func sharedLock(_ path: String) -> Int32 {
        #if os(Linux)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        var l = flock()
        l.l_type = Int16(F_RDLCK)
        l.l_whence = Int16(SEEK_SET)
        l.l_start = 0x4000_0000 + 2  // SQLite's PENDING_BYTE + 2: the SHARED range
        l.l_len = 510
        let F_OFD_SETLK: Int32 = 37
        guard fcntl(fd, F_OFD_SETLK, &l) == 0 else {
            close(fd)
            return -1
        }
        return fd
        #else
        return -1
        #endif
    }
}

extension EventStore {
    /// True when the file was opened read-only.
    var isReadOnly: Bool { db.opening != nil }
}

extension LedgerFile {
    /// True when this process may write the ledger at `path`: the file and its folder are
    /// writable (SQLite writes its `-wal` and `-shm` there).
    public static func isWritable(_ path: String) -> Bool {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "/" : folder, W_OK) == 0
    }
}
