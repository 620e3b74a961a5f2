import ArgumentParser
import Checklist
import LedgerCore
import LedgerStore

/// Shell completion of the words `ledger` knows (docs/CLI.md §Shell completion): event kinds
/// and files from the command line alone; item ids, section numbers, sign-off roles, rollback
/// criteria, contact rows and deployments from the ledger the command line names. The
/// closures run when the user presses TAB (`ledger ---completion …`); they never prompt: a
/// ledger is unlocked only with the keys `ledger unlock` kept, `LEDGER_PASSPHRASE` or
/// `--passphrase-file` on the line, and without them the checklist is the embedded OptiBid one
/// (what `deploy start` uses by default).
enum Completions {
    /// Any file.
    static let file = CompletionKind.file()
    /// Event kinds (`--kind`).
    static let kinds = CompletionKind.list(EventKind.known.map(\.rawValue))
    /// Item ids (`tick 7.2.1.1`).
    static let items = CompletionKind.custom { words, _, prefix in matching(prefix, CompletionFacts(words).items) }
    /// Item ids and section numbers (`show`).
    static let itemsAndSections = CompletionKind.custom { words, _, prefix in
        let facts = CompletionFacts(words)
        return matching(prefix, facts.sections + facts.items)
    }
    /// Sign-off roles (`sign --role`, `roster add --role`).
    static let roles = CompletionKind.custom { words, _, prefix in matching(prefix, CompletionFacts(words).roles) }
    /// Rollback criteria ids (`rollback decide --reason`).
    static let criteria = CompletionKind.custom { words, _, prefix in matching(prefix, CompletionFacts(words).criteria) }
    /// Emergency-contact rows (`contact ROLE`).
    static let contacts = CompletionKind.custom { words, _, prefix in matching(prefix, CompletionFacts(words).contacts) }
    /// Deployment names (`--deployment`).
    static let deployments = CompletionKind.custom { words, _, prefix in matching(prefix, CompletionFacts(words).deployments) }

    /// The candidates that start with what was typed, each once, in order.
    static func matching(_ prefix: String, _ words: [String]) -> [String] {
        var seen: Set<String> = []
        return words.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }
}

/// What completion reads from a command line: its ledger (`--ledger`, `LEDGER_FILE`, else
/// `./deploy.ledger`), unlocked only without prompting, and the deployment it names.
struct CompletionFacts {
    let deployments: [String]
    let template: ChecklistTemplate
    let signoffRoles: [String]

    init(_ words: [String]) {
        let path = Self.value(of: "--ledger", in: words) ?? Environment.value("LEDGER_FILE") ?? "deploy.ledger"
        let passphraseFile = Self.value(of: "--passphrase-file", in: words)
        let query = Self.value(of: "--deployment", in: words) ?? Environment.value("LEDGER_DEPLOYMENT")
        var names: [String] = []
        var view: DeploymentView?
        if let ledger = try? LedgerFile.open(at: path, readOnly: true), Self.unlock(ledger, passphraseFile: passphraseFile) {
            names = (try? ledger.deployments().map(\.name)) ?? []
            view = (try? ledger.resolveDeployment(query)).flatMap { try? ledger.view(of: $0.id) }
        }
        deployments = names
        template = view?.template ?? ChecklistTemplate.embeddedOptiBid()
        signoffRoles = view?.signerRoles ?? template.signerRoles.map(\.name)
    }

    /// Unlocks without asking: with the keys `ledger unlock` kept in this session, else with a
    /// passphrase at hand (`--passphrase-file` on the line, `LEDGER_PASSPHRASE`).
    static func unlock(_ ledger: LedgerFile, passphraseFile: String?) -> Bool {
        if passphraseFile == nil, (try? ledger.unlockFromSession()) == true { return true }
        guard let secret = (try? Passphrase.read(file: passphraseFile, prompt: nil, confirm: false)) ?? nil else { return false }
        return (try? ledger.unlock(passphrase: secret)) != nil
    }

    var items: [String] { template.items.map(\.id.rawValue) }
    var sections: [String] { template.allSections.compactMap(\.number) }
    var roles: [String] { signoffRoles }
    var criteria: [String] { template.rollbackCriteria.map(\.id) }
    var contacts: [String] { template.emergencyContacts.map { $0.rows.map(\.key).filter { !$0.isEmpty } } ?? [] }

    /// The value of `--name VALUE` or `--name=VALUE` in `words` (the last one given), unquoted
    /// when the shell passed quotes through.
    static func value(of name: String, in words: [String]) -> String? {
        var found: String?
        for (i, word) in words.enumerated() {
            if word == name, i + 1 < words.count { found = words[i + 1] }
            if word.hasPrefix(name + "=") { found = String(word.dropFirst(name.count + 1)) }
        }
        return found.map(unquoted)
    }

    static func unquoted(_ word: String) -> String {
        guard word.count >= 2, let q = word.first, q == "'" || q == "\"", word.last == q else { return word }
        return String(word.dropFirst().dropLast())
    }
}
