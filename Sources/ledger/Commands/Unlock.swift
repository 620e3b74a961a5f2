import ArgumentParser
import FoundationEssentials
import LedgerCore
import LedgerStore

/// `ledger unlock [--timeout DURATION]`: open the ledger once for this login session.
struct Unlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Open the ledger once for this login session, for a bounded time (default 15 minutes).",
        discussion: """
            Asks for the passphrase (or reads it as every command does), unwraps the data keys and keeps them in \
            the Linux session keyring, readable only by the processes of this login session, until the timeout \
            (an absolute time the kernel enforces) or 'ledger lock'. Until then every command on this ledger \
            neither asks for the passphrase nor pays Argon2id. The commands 'ledger run' starts do not get them. \
            Unlocking again replaces the keys and restarts the timeout (docs/CLI.md §Unlock). On a team ledger it \
            opens your --identity (or a passphrase member's sealed key) once and keeps that key instead, so later \
            commands neither ask for a passphrase nor pay Argon2id.
            """)

    @OptionGroup var location: LedgerOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: ArgumentHelp("How long: 90s, 15m, 2h or seconds, from 1 second to 12 hours.", valueName: "DURATION"))
    var timeout: String = "15m"

    func validate() throws {
        guard Self.seconds(timeout) != nil else {
            throw ValidationError("--timeout '\(timeout)' is not a duration from 1 second to 12 hours (90s, 15m, 2h or seconds)")
        }
    }

    func run() throws {
        let path = location.resolvedPath()
        let file = try LedgerFile.open(at: path, readOnly: true)
        if file.format == .v2, let identity = try passphrase.openIdentity() {
            try file.unlock(identity: identity)
        } else {  // format 1's passphrase, or a team ledger's passphrase member
            guard let secret = try passphrase.read(prompt: "Passphrase for \(path): ") else {
                throw LedgerError(
                    .usage, "no passphrase for '\(path)'", hint: "set LEDGER_PASSPHRASE, pass --passphrase-file FILE, or run on a terminal to be asked")
            }
            try file.unlock(passphrase: secret)
        }
        let seconds = Self.seconds(timeout)!
        try SessionKeyring.store(file.keptForSession ?? [:], ledger: file.id, seconds: seconds)
        let until = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000) + Int64(seconds) * 1000)
        print("unlocked '\(path)' in this login session until \(until) (\(timeout)); 'ledger lock' forgets it sooner")
    }

    /// `90s`, `15m`, `2h` or plain seconds, as seconds from 1 to 12 hours; nil otherwise.
    static func seconds(_ text: String) -> UInt32? {
        let units: [Character: UInt64] = ["s": 1, "m": 60, "h": 3600]
        let (digits, unit) = text.last.flatMap { units[$0] }.map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt64(digits), n <= UInt64(SessionKeyring.maxTimeout) else {
            return nil
        }
        let total = n * unit
        return (1...UInt64(SessionKeyring.maxTimeout)).contains(total) ? UInt32(total) : nil
    }
}

/// `ledger lock`: forget what `ledger unlock` kept.
struct Lock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Forget the keys 'ledger unlock' kept for this ledger in this login session.")

    @OptionGroup var location: LedgerOptions

    func run() throws {
        let path = location.resolvedPath()
        let file = try LedgerFile.open(at: path, readOnly: true)
        print(SessionKeyring.forget(ledger: file.id) ? "locked '\(path)': its keys are forgotten" : "'\(path)' was not unlocked in this login session")
    }
}
