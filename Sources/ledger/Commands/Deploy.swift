import ArgumentParser
import Checklist
import FoundationEssentials
import LedgerCore
import LedgerStore

/// `ledger deploy start|list`: deployments in this ledger.
struct Deploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Start, list and close deployments.",
        subcommands: [Start.self, List.self, Close.self])

    /// `ledger deploy start --name NAME [--template FILE]`.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start a deployment on a checklist template.",
            discussion:
                "Records the template's text (encrypted) and its SHA-256, so every later reading uses that exact version. Without --template, the embedded OptiBid Production Deployment Checklist."
        )

        @Option(help: "The deployment's name (unique in the ledger).")
        var name: String
        @Option(help: ArgumentHelp("A Markdown checklist (default: the embedded OptiBid checklist).", valueName: "FILE"), completion: Completions.file)
        var template: String?
        @Option(
            help: ArgumentHelp(
                "Which sections are preparation, execution, verification, rollback, sign-off: a file of 'SECTION = PHASE' lines, or 'none' for no phases.",
                valueName: "FILE|none"), completion: Completions.file)
        var phases: String?
        @Option(help: ArgumentHelp("The sign-off roles, comma-separated (instead of the template's).", valueName: "ROLES"))
        var signoffRoles: String?
        @OptionGroup var location: LedgerOptions
        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var signing: KeyOptions

        func validate() throws {
            guard !name.trimmingWhitespace().isEmpty else { throw ValidationError("--name needs a name") }
        }

        func run() throws {
            let (tpl, tplName) = try loadTemplate()
            let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase)
            try actor.check(for: ledger)
            let signer = try signing.signer(for: ledger)
            let (map, origin) = try PhaseOutput.resolve(tpl, phases: phases, signoffRoles: signoffRoles)
            let id = try ledger.startDeployment(name: name, template: tpl, templateName: tplName, actor: actor.resolved, phases: map, signer: signer)
            print(
                "started deployment '\(TerminalText.safe(name))' (\(id)) on \(TerminalText.safe(tplName)): \(tpl.itemCount) items in \(tpl.numberedSections.count) sections"
            )
            print("template sha256 \(Hex.encode(SHA256.hash(tpl.source)))")
            let checked = tpl.items.filter(\.checkedInSource).map(\.id.rawValue)
            if !checked.isEmpty { print("checked in the template, so done from the start: \(checked.joined(separator: ", "))") }
            PhaseOutput.report(map, tpl, origin: origin)
            print(NextCommand.afterStart(try ledger.view(of: id), deployments: try ledger.deployments().count, ledger: location.resolvedPath()))
        }

        func loadTemplate() throws(LedgerError) -> (ChecklistTemplate, String) {
            guard let template else { return (ChecklistTemplate.embeddedOptiBid(), "embedded:optibid-production-deployment.md") }
            guard let data = FileManager.default.contents(atPath: template) else {
                throw LedgerError(.failure, "cannot read template '\(template)'", hint: "check the path given to --template")
            }
            do { return (try ChecklistTemplate.parse(Array(data)), URL(fileURLWithPath: template).lastPathComponent) } catch {
                throw LedgerError(.usage, "template '\(template)': \(error.description)", hint: error.hint)
            }
        }
    }

    /// `ledger deploy list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the deployments in this ledger, with each one's phase and progress.",
            discussion: "One line each: id prefix, start time, who started it, phase, items settled of all, name.")
        @OptionGroup var location: LedgerOptions
        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var style: ColorOptions

        func run() throws {
            let ledger = try Opening.unlocked(location.resolvedPath(), passphrase: passphrase, readOnly: true)
            var views: [DeploymentView] = []
            for d in try ledger.deployments() { views.append(try ledger.view(of: d.id)) }
            if output.json { return Console.json(DeploymentJSON.list(views).canonicalString) }
            for d in views {
                let p = d.progress
                let phase = TerminalColor.paint(d.phase.label, Highlight.style(of: d.phase))
                Console.painted(
                    TerminalText.safe("\(d.id.hex.prefix(8))  \(d.startedAt)  \(d.startedBy)  ") + phase
                        + TerminalText.safe("  \(p.done + p.notApplicable)/\(p.total)  \(d.name)"))
            }
        }
    }
}
