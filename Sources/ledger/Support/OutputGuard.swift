import FoundationEssentials
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one check every command that writes a file makes before it does anything: no output
/// may land on the ledger or its SQLite companions (`-wal`, `-shm`, `-journal`), whether
/// named directly, through a hard link, or through a symbolic link (also one that dangles
/// towards one of them), and none replaces an existing file unless `--force` says so.
/// Refusals are usage errors (exit 64) and come before anything is written.
enum OutputGuard {
    /// The companions SQLite keeps beside a database file.
    static let companions = ["-wal", "-shm", "-journal"]

    /// Checks that `path` may be written.
    /// - Parameters:
    ///   - ledger: the ledger this command works on (nil when it opens none).
    ///   - option: how the user named the path (`--output`, `--out`), for the hint.
    ///   - force: whether an existing unrelated file may be replaced (never the ledger).
    ///   - forceOffered: false for commands without `--force` (`key new`), for the hint.
    /// - Throws: `LedgerError` (`.usage`) naming the file and what to do.
    static func check(_ path: String?, ledger: String?, option: String, force: Bool, forceOffered: Bool = true) throws(LedgerError) {
        guard let path else { return }
        try refuseLedgerFile(path, ledger: ledger, option: option)
        var s = stat()
        guard lstat(path, &s) == 0 else { return }
        var target = stat()
        if stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFDIR {
            throw LedgerError(.usage, "'\(path)' is a directory", hint: "give \(option) a file name")
        }
        guard force else {
            throw LedgerError(
                .usage, "'\(path)' exists; nothing was written",
                hint: forceOffered ? "choose another \(option), or pass --force to replace it" : "choose another \(option); this command never replaces a file")
        }
    }

    /// Refuses a path that reaches the ledger's own file or companions, or the companion
    /// file of another SQLite database (creating one would corrupt that database). Also for
    /// a directory to write into, and for `init`'s new file.
    /// - Throws: `LedgerError` (`.usage`).
    static func refuseLedgerFile(_ path: String, ledger: String?, option: String) throws(LedgerError) {
        if let member = ledgerFile(reachedBy: path, ledger: ledger) {
            throw LedgerError(
                .usage, "'\(path)' is the ledger's own file ('\(member)'); writing there would destroy the ledger",
                hint: "choose another \(option); --force never writes over a ledger")
        }
        if let database = databaseCompanion(path) {
            throw LedgerError(
                .usage, "'\(path)' is a journal file of the SQLite database '\(database)'; writing there would corrupt it",
                hint: "choose another \(option)")
        }
    }

    /// The file of the ledger's family that writing `path` would reach (by identity, through
    /// hard and symbolic links, or by name when it does not exist yet), or nil.
    static func ledgerFile(reachedBy path: String, ledger: String?) -> String? {
        guard let ledger else { return nil }
        let family = Self.family(ledger)
        var reached = stat()
        if stat(path, &reached) == 0 {
            for member in family {
                var m = stat()
                if stat(member, &m) == 0, m.st_dev == reached.st_dev, m.st_ino == reached.st_ino { return member }
            }
        }
        let name = canonical(followingLinks(path))
        return family.first { canonical($0) == name }
    }

    /// The database whose `-wal`, `-shm` or `-journal` file `path` names (after links), or nil.
    static func databaseCompanion(_ path: String) -> String? {
        let name = canonical(followingLinks(path))
        for suffix in companions where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if isDatabase(base) { return base }
        }
        return nil
    }

    /// The ledger's file and companions, by the name given and by the resolved name (SQLite
    /// keeps the companions beside the file a symbolic link points to).
    static func family(_ ledger: String) -> [String] {
        var bases = [ledger]
        if let real = realpath(ledger, nil) {
            bases.append(String(cString: real))
            free(real)
        }
        return bases.flatMap { base in [base] + companions.map { base + $0 } }
    }

    /// `path` after following symbolic links (even to a target that does not exist).
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var s = stat()
            guard lstat(current, &s) == 0, (s.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let folder = PathName.folder(current)
            current = target.hasPrefix("/") || folder.isEmpty ? target : folder + "/" + target
        }
        return current
    }

    /// An absolute name for `path`: its folder resolved (when it exists), then its last component.
    static func canonical(_ path: String) -> String {
        let folder = PathName.folder(path)
        let dir = folder.isEmpty ? "." : folder
        guard let real = realpath(dir, nil) else { return PathName.standardized(path) }
        defer { free(real) }
        return String(cString: real) + "/" + PathName.last(path)
    }

    /// True when `path` is an existing SQLite database (its first 16 bytes say so).
    static func isDatabase(_ path: String) -> Bool {
        guard let f = fopen(path, "r") else { return false }
        defer { fclose(f) }
        var header = [UInt8](repeating: 0, count: 16)
        return fread(&header, 1, 16, f) == 16 && header == Array("SQLite format 3\0".utf8)
    }
}
