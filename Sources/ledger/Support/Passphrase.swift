import FoundationEssentials
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a passphrase into guarded memory from a file, `LEDGER_PASSPHRASE` or the terminal.
///
/// The bytes go straight into `SecureBytes`; the environment variables were taken out of the
/// environment (wiped and unset) when the process started (`SecretEnvironment`). Only the first line counts (a trailing newline is not part
/// of the passphrase).
enum Passphrase {
    static let maxBytes = 4096

    /// See the type's summary. `prompt` nil means: never prompt.
    /// - Throws: `LedgerError` when the file cannot be read or the passphrase is empty.
    static func read(file: String?, prompt: String?, confirm: Bool, environment: String = "LEDGER_PASSPHRASE") throws(LedgerError) -> SecureBytes? {
        if let file { return try fromFile(file) }
        if let secret = try fromEnvironment(environment) { return secret }
        guard let prompt, isatty(STDIN_FILENO) == 1 else { return nil }
        let first = try fromTerminal(prompt)
        if confirm {
            let again = try fromTerminal("Repeat the passphrase: ")
            guard first.isEqual(to: again) else {
                throw LedgerError(.usage, "the two passphrases differ", hint: "run the command again; nothing was written")
            }
        }
        return first
    }

    /// The value the environment variable `name` had when the process started (captured into
    /// guarded memory and wiped from the environment by `SecretEnvironment.start()`); nil
    /// when it was not set or was already used.
    /// - Throws: `LedgerError` when it was set but empty.
    static func fromEnvironment(_ name: String) throws(LedgerError) -> SecureBytes? {
        guard let secret = SecretEnvironment.take(name) else { return nil }
        return try nonEmpty(secret, source: name)
    }

    static func nonEmpty(_ s: SecureBytes, source: String) throws(LedgerError) -> SecureBytes {
        guard s.count > 0 else { throw LedgerError(.usage, "the passphrase from \(source) is empty", hint: "use a non-empty passphrase") }
        return s
    }

    static func fromFile(_ path: String) throws(LedgerError) -> SecureBytes {
        let fd = Libc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LedgerError(
                .failure, "cannot read passphrase file '\(path)': \(String(cString: strerror(errno)))",
                hint: "check the path given to --passphrase-file")
        }
        defer { close(fd) }
        let buffer = SecureBytes(count: maxBytes)
        let n = buffer.withMutableBytes { Libc.read(fd, $0.baseAddress!, maxBytes) }
        guard n >= 0 else { throw LedgerError(.failure, "cannot read passphrase file '\(path)'") }
        return try nonEmpty(firstLine(buffer, length: n), source: "'\(path)'")
    }

    /// Copies the bytes before the first newline (and a preceding CR) into a new buffer.
    static func firstLine(_ buffer: SecureBytes, length: Int) -> SecureBytes {
        buffer.withBytes { b in
            var end = 0
            while end < length, b[end] != 10 { end += 1 }
            if end > 0, b[end - 1] == 13 { end -= 1 }
            let out = SecureBytes(count: end)
            out.withMutableBytes { o in if end > 0 { o.copyMemory(from: UnsafeRawBufferPointer(rebasing: b[0..<end])) } }
            return out
        }
    }

    static func fromTerminal(_ prompt: String) throws(LedgerError) -> SecureBytes {
        let fd = Libc.open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw LedgerError(.usage, "no terminal to ask for the passphrase", hint: "set LEDGER_PASSPHRASE or pass --passphrase-file") }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(fd, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer { tcsetattr(fd, TCSAFLUSH, &saved); _ = write(fd, "\n", 1) }
        let buffer = SecureBytes(count: maxBytes)
        var n = 0
        buffer.withMutableBytes { b in
            while n < maxBytes, Libc.read(fd, b.baseAddress! + n, 1) == 1, b[n] != 10 { n += 1 }
        }
        return try nonEmpty(firstLine(buffer, length: n), source: "the terminal")
    }
}
