import Foundation
import TestSupport
import Testing

/// Shell completion (docs/CLI.md §Shell completion): item ids, section numbers, roles,
/// deployments, criteria and contact rows come from the ledger the command line names, kinds
/// and files from the script; completing never prompts. The last tests drive the real bash
/// script that `--generate-completion-script bash` writes.
@Suite struct CompletionTests {
    let pass = TestSecrets.cliEnvironment

    static let team = """
        # Release
        ## 1. Prepare
        ### 1.1 Checks
        - [ ] Backups taken
        - [ ] Flags off
        ## 2. Ship
        - [ ] Deploy
        ## Rollback
        ### Rollback Criteria
        - Error rate above 5%
        <!-- ledger: signoff-roles=Release Manager, QA Lead -->

        """

    /// A ledger with deployment 'R1' on the team's checklist above.
    func teamLedger() throws -> CLI { try CLI.started(template: Self.team) }

    /// What `ledger` offers for `argument` of `command` when the line is `words` (the last word
    /// being completed).
    func complete(_ cli: CLI, _ command: [String], _ argument: String, _ words: [String], env: [String: String] = [:]) throws -> [String] {
        let line = ["ledger"] + words
        let last = line.last ?? ""
        let r = try cli.run(["---completion"] + command + ["--", argument, String(line.count - 1), String(last.count)] + line, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func itemIdsAndSectionsComeFromTheDeploymentsOwnChecklist() throws {
        let cli = try teamLedger()
        #expect(try complete(cli, ["tick"], "positional@0", ["tick", "1."], env: pass) == ["1.1.1", "1.1.2"])
        #expect(try complete(cli, ["tick"], "positional@0", ["tick", ""], env: pass) == ["1.1.1", "1.1.2", "2.1"])
        #expect(try complete(cli, ["show"], "positional@0", ["show", "1"], env: pass) == ["1", "1.1", "1.1.1", "1.1.2"])
        #expect(try complete(cli, ["note"], "--item", ["note", "x", "--item", "2"], env: pass) == ["2.1"])
    }

    @Test func rolesDeploymentsAndCriteriaComeFromTheLedger() throws {
        let cli = try teamLedger()
        #expect(try complete(cli, ["sign"], "--role", ["sign", "--role", ""], env: pass) == ["Release Manager", "QA Lead"])
        #expect(try cli.run(["deploy", "start", "--name", "R2 hotfix", "--template", "team.md"], env: pass).status == 0)
        #expect(try complete(cli, ["status"], "--deployment", ["status", "--deployment", "R"], env: pass) == ["R1", "R2 hotfix"])
        let criteria = try complete(cli, ["rollback", "decide"], "--reason", ["rollback", "decide", "--deployment", "R1", "--reason", ""], env: pass)
        #expect(criteria == ["R1"])
    }

    /// Without the passphrase on the line or in the environment, completion does not prompt
    /// and offers the embedded checklist, which `deploy start` uses by default.
    @Test func aLockedLedgerOffersTheEmbeddedChecklistWithoutPrompting() throws {
        let cli = try teamLedger()
        let items = try complete(cli, ["tick"], "positional@0", ["tick", "7.2.1."])
        #expect(!items.isEmpty && items.allSatisfy { $0.hasPrefix("7.2.1.") }, "\(items)")
        #expect(try complete(cli, ["status"], "--deployment", ["status", "--deployment", ""]).isEmpty)
        #expect(try complete(cli, ["contact", "set"], "positional@0", ["contact", "set", "D"]).contains("Deployment Lead"))
    }

    /// `--ledger FILE` and `--passphrase-file FILE` on the line are what completion opens.
    @Test func theLedgerAndPassphraseFileOnTheLineAreUsed() throws {
        let cli = try teamLedger()
        try FileManager.default.moveItem(atPath: cli.path("deploy.ledger"), toPath: cli.path("other.ledger"))
        try Data((TestSecrets.cliPassphrase + "\n").utf8).write(to: URL(fileURLWithPath: cli.path("pass.txt")))
        let words = ["tick", "--ledger", "other.ledger", "--passphrase-file", "pass.txt", "1.1"]
        #expect(try complete(cli, ["tick"], "positional@0", words) == ["1.1.1", "1.1.2"])
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func everyShellsScriptCallsBackForItemsAndListsKinds(shell: String) throws {
        let r = try CLI().run(["--generate-completion-script", shell])
        #expect(r.status == 0 && r.stdout.contains("---completion tick -- positional@0"), "\(shell)")
        #expect(r.stdout.contains("item.ticked") && r.stdout.contains("rollback.decided"), "\(shell): kinds")
    }

    /// The real bash script, sourced by bash, completes `ledger tick 1.` from the ledger.
    @Test func bashCompletesAnItemFromTheLedger() throws {
        let cli = try teamLedger()
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let script = """
            source <(ledger --generate-completion-script bash)
            COMP_WORDS=(ledger tick 1.); COMP_CWORD=2; COMP_LINE='ledger tick 1.'; COMP_POINT=${#COMP_LINE}
            _ledger ledger 1. tick
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let r = try cli.run(["-c", script], env: pass.merging(["PATH": bin + ":/usr/bin:/bin"]) { $1 }, executable: "/bin/bash")
        #expect(r.stdout.split(separator: "\n").map(String.init) == ["1.1.1", "1.1.2"], "\(r.stdout) \(r.stderr)")
    }
}
