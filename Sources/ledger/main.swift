import ArgumentParser
import LedgerCore
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Parse, run, and turn every failure into `ledger: error:` / `ledger: hint:` lines and a
// documented exit code (docs/CLI.md §Exit codes).
var parsed: (any ParsableCommand)?  // once parsed: whether a failure is also a JSON object (JSONErrors)
do {
    try SecretEnvironment.start()  // before anything else: non-dumpable, passphrases out of the environment
    if let unknown = CommandSuggestion.check(Array(CommandLine.arguments.dropFirst())) { throw unknown }
    var command = try LedgerCommand.parseAsRoot()
    parsed = command
    try command.run()
} catch let error as LedgerError {
    Console.report(error, json: JSONErrors.requested(by: parsed))
    exit(ErrorText.exitCode(error))
} catch let exit as ExitCode {
    Libc.exit(exit.rawValue)
} catch {
    let code = LedgerCommand.exitCode(for: error)
    if code == .success { LedgerCommand.exit(withError: error) }
    Console.report(
        LedgerError(
            .usage, LedgerCommand.message(for: error),
            hint: "run 'ledger help' or 'ledger help <command>' for usage"), json: JSONErrors.requested(by: parsed))
    Libc.exit(LedgerError.Category.usage.exitCode)
}
