import FoundationEssentials
import LedgerCore
import LedgerStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `LEDGER_PASSPHRASE` and `LEDGER_KEY_PASSPHRASE`, taken out of the environment when the
/// process starts, whether the command uses them or not.
///
/// `start()` runs first thing in main: it makes the process non-dumpable, copies each value
/// into guarded memory, wipes every `NAME=value` string of the environment block (so neither
/// `/proc/PID/environ` nor a child shows it) and unsets the variables. Commands `take` a value
/// later, at most once.
enum SecretEnvironment {
    /// The variables captured.
    static let names = ["LEDGER_PASSPHRASE", "LEDGER_KEY_PASSPHRASE", "LEDGER_NEW_PASSPHRASE"]

    private static let captured = Mutex<[String: SecureBytes]>([:])

    /// See the type's summary.
    /// - Throws: `LedgerError` (`.failure`) when the process cannot be made non-dumpable.
    static func start() throws(LedgerError) {
        let e = ProcessHardening.makeNonDumpable()
        guard e == 0 else {
            throw LedgerError(
                .failure, "cannot make this process non-dumpable: \(String(cString: strerror(e)))",
                hint: "ledger refuses to read secrets where other processes could read its memory")
        }
        for name in names { capture(name) }
    }

    /// Moves `name`'s value (the first one, as getenv would give) into guarded memory and wipes
    /// every entry of it from the environment block.
    private static func capture(_ name: String) {
        let prefix = Array((name + "=").utf8)
        let cPrefix = prefix.map { CChar(bitPattern: $0) } + [0]  // made once, not once an entry
        var entries: [UnsafeMutablePointer<CChar>] = []
        guard let environ = Libc.environment else { return }
        var i = 0
        while let entry = environ[i] {
            if strncmp(entry, cPrefix, prefix.count) == 0 { entries.append(entry) }
            i += 1
        }
        guard let first = entries.first else { return }
        let value = first + prefix.count
        let n = strlen(value)
        let secret = SecureBytes(count: n)
        secret.withMutableBytes { b in if n > 0 { b.baseAddress!.copyMemory(from: value, byteCount: n) } }
        captured.withLock { $0[name] = secret }
        unsetenv(name)
        for entry in entries { memset(entry, 0, strlen(entry)) }
    }

    /// The value `name` had when the process started, once; nil when unset or already taken.
    static func take(_ name: String) -> SecureBytes? {
        captured.withLock { $0.removeValue(forKey: name) }
    }
}
