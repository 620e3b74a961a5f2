import ArgumentParser
import Checklist
import Foundation

@testable import LedgerCore
@testable import LedgerStore
@testable import ledger

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// The user's side of the fuzz: every option and argument that takes a value, of every
/// command (read from the binary's `--experimental-dump-help`, so new ones are fuzzed too),
/// given random and extreme strings. Each case parses the command line in-process as
/// `main.swift` does (`parseAsRoot`, which runs `validate()`), then hands the value to the
/// parser that reads it when the command runs (zones, times, kinds, items, deployments,
/// keys, trust files, checkpoints, excerpts, templates); a sample runs the whole read-only
/// command against a real ledger.
final class OptionFuzz {
    struct Argument { var name: String; var isOption: Bool; var optional: Bool }
    struct Command { var path: [String]; var arguments: [Argument] }

    let cli = CLI()
    let commands: [Command]
    let ledger: LedgerFile
    let template = ChecklistTemplate.embeddedOptiBid()
    static let readOnly: Set<[String]> = [
        ["status"], ["show"], ["log"], ["verify"], ["export", "timeline"], ["export", "checklist"], ["deploy", "list"],
        ["roster", "list"], ["prove"], ["verify-export"], ["key", "show"],
    ]

    init() throws {
        try cli.initLedger()
        for args in [["deploy", "start", "--name", "R1"], ["tick", "1.1.1", "--note", "n"]] {
            let r = try cli.run(args, env: TestSecrets.cliEnvironment)
            precondition(r.status == 0, r.stderr)
        }
        try Data("pass\n".utf8).write(to: URL(fileURLWithPath: cli.path("pass.txt")))
        let dump = try cli.run(["--experimental-dump-help"])
        let tool = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        var found: [Command] = []
        func walk(_ c: [String: Any], _ path: [String]) {
            let args = (c["arguments"] as? [[String: Any]] ?? []).compactMap { a -> Argument? in
                guard let kind = a["kind"] as? String, kind != "flag" else { return nil }
                let name = (a["names"] as? [[String: Any]])?.first?["name"] as? String ?? a["valueName"] as? String ?? "?"
                return Argument(name: name, isOption: kind == "option", optional: a["isOptional"] as? Bool ?? true)
            }
            if !path.isEmpty, path != ["help"], !args.isEmpty { found.append(Command(path: path, arguments: args)) }
            for s in c["subcommands"] as? [[String: Any]] ?? [] { walk(s, path + [s["commandName"] as? String ?? "?"]) }
        }
        walk(tool?["command"] as? [String: Any] ?? [:], [])
        commands = found
        ledger = try LedgerFile.open(at: cli.path("deploy.ledger"))
        var secret = Array("pass".utf8)
        try ledger.unlock(passphrase: SecureBytes(consuming: &secret))
    }

    /// A value that lets the command line parse, for the arguments not being fuzzed.
    func placeholder(_ a: Argument) -> String {
        switch a.name {
        case "ITEM": "1.1.1"
        case "seq": "1"
        case "ROLE", "role": "Security Lead"
        case "key": "k.pub"
        case "FILE", "file": cli.path("deploy.ledger")
        case "out": cli.path("out")
        default: "x"
        }
    }

    /// One case: the command line, and the argument given the fuzzed value.
    func commandLine(_ r: inout FuzzRandom) -> (Command, Argument, String, [String]) {
        let c = r.pick(commands)
        let target = r.pick(c.arguments.filter { $0.name != "COMMAND" })
        let value = FuzzValues.string(&r)
        var argv = c.path
        for a in c.arguments where a.name != "COMMAND" && (!a.optional || a.name == target.name) {
            let v = a.name == target.name ? value : placeholder(a)
            if a.isOption { argv += r.chance(0.5) ? ["--\(a.name)=\(v)"] : ["--\(a.name)", v] } else { argv.append(v) }
        }
        return (c, target, value, argv)
    }

    /// Parses as `main.swift` does and turns any error into its message and exit code.
    func parse(_ argv: [String]) -> ParsableCommand? {
        do { return try LedgerCommand.parseAsRoot(argv) } catch {
            _ = LedgerCommand.exitCode(for: error)
            _ = LedgerCommand.message(for: error)
            return nil
        }
    }

    /// Hands `value` to the reader of `argument`. An item or section the template does not
    /// hold costs 50-100 ms in a debug build (the nearest-name search for the hint), so
    /// `suggest` (a seeded sample) runs that search; every case runs the exact lookups.
    func readValue(_ argument: String, _ value: String, _ r: inout FuzzRandom, suggest: Bool) {
        _ = TerminalText.safe(value) + TimelineFormats.md(value) + TimelineHTML.escape(value)
        _ = JSONValue.string(value).canonicalBytes
        switch argument {
        case "tz": _ = try? DisplayZone(value).display(Timestamp(millisecondsSinceEpoch: FuzzValues.integer(&r)))
        case "since", "until":
            let zone = (try? DisplayZone(r.pick(["UTC", "Europe/Berlin", "+18:00", "-18:00", "America/Santiago", "Pacific/Kiritimati"])))!
            let now = Timestamp(millisecondsSinceEpoch: r.chance(0.8) ? 1_795_714_200_000 : FuzzValues.integer(&r))
            _ = try? TimeArgument.parse(value, option: "--\(argument)", bound: argument == "since" ? .since : .until, zone: zone, now: now)
        case "kind": _ = try? KindArgument.check([value])
        case "ITEM", "SECTION|ITEM", "item", "accept-open":
            let trimmed = value.trimmingBlanks()
            _ = template.item(ItemID(trimmed)) ?? template.item(slug: trimmed.lowercased()); _ = template.section(number: value)
            if suggest { _ = try? template.resolveItem(value); _ = try? template.resolveSection(value) }
        case "deployment": _ = try? ledger.resolveDeployment(value)
        case "reason": _ = try? LedgerFile.criterion(value, in: template)
        case "key", "PUBKEY": _ = try? PublicKeyArgument.read(value)
        case "checkpoint-key": _ = SignedNote.parseVerifierKey(value); _ = try? ledger.checkCheckpoint(value, verifierKey: value)
        case "checkpoint": _ = Checkpoint(text: value); _ = try? ledger.checkCheckpoint(value)
        case "trust": _ = try? TrustFile(text: value)
        case "seq": if let s = Int64(value) { _ = try? ledger.inclusionProof(s) }
        case "FILE", "file":
            _ = try? ExcerptVerifier.verify(Array(value.utf8))
            _ = SecretKeyFile(text: value); _ = PublicKeyInfo(publicKeyFile: value); _ = Minisign.parsePublicKey(value)
        case "template": _ = try? ChecklistTemplate.parse(Array(value.utf8))
        case "ledger": _ = try? LedgerFile.open(at: value, readOnly: true).verify()
        case "passphrase-file", "key-passphrase-file": _ = try? Passphrase.read(file: value, prompt: nil, confirm: false)
        default: break
        }
    }

    /// Runs a read-only command in-process against the fixture, standard output discarded.
    func runWhole(_ c: Command, _ target: Argument, _ argv: [String]) {
        // Never with a fuzzed path to write to: "../../etc/passwd" is among the values.
        guard Self.readOnly.contains(c.path), !["output", "out", "ledger"].contains(target.name) else { return }
        let takes = Set(c.arguments.map(\.name))
        var full = argv
        if takes.contains("ledger"), !argv.contains(where: { $0.hasPrefix("--ledger") }) { full += ["--ledger", cli.path("deploy.ledger")] }
        if takes.contains("passphrase-file") { full += ["--passphrase-file", cli.path("pass.txt")] }
        if c.path == ["export", "timeline"] || c.path == ["export", "checklist"], !argv.contains(where: { $0.hasPrefix("--output") }) {
            full += ["--output", cli.path("export.out")]
        }
        guard var command = parse(full) else { return }
        fflush(nil)
        let saved = dup(1), devNull = open("/dev/null", O_WRONLY)
        dup2(devNull, 1)
        defer { fflush(nil); dup2(saved, 1); close(saved); close(devNull) }
        do { try command.run() } catch { _ = LedgerCommand.exitCode(for: error) }
    }
}
