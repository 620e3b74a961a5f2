import Checklist
import LedgerCore

/// The `next: ledger …` line that `init` and `deploy start` end with: the command to run
/// next, shell-quoted, with `--ledger` and `--deployment` only where it would need them.
enum NextCommand {
    /// `next: ledger WORDS…`, adding `--ledger PATH` when `path` is not the ledger a command
    /// finds without it (`LEDGER_FILE`, else `./deploy.ledger`), and `--deployment NAME`
    /// when one is given. Words in capitals (`NAME`) are placeholders and stay unquoted.
    static func line(_ words: [String], ledger path: String, deployment: String? = nil, comment: String? = nil) -> String {
        var all = words
        if let deployment { all += ["--deployment", deployment] }
        if path != (Environment.value("LEDGER_FILE") ?? "deploy.ledger") { all += ["--ledger", path] }
        let quoted = all.map { $0 == $0.uppercased() && $0.allSatisfy(\.isLetter) ? $0 : FailureText.shellQuoted($0) }
        return "next: ledger " + quoted.joined(separator: " ") + (comment.map { "  # \($0)" } ?? "")
    }

    /// After `deploy start`: tick (or run, when it has commands) the first open item the
    /// phase rules let one work now, else `status`. `--deployment` is added when a command
    /// without it would not find this deployment (several, or `LEDGER_DEPLOYMENT` names another).
    static func afterStart(_ d: DeploymentView, deployments: Int, ledger path: String) -> String {
        let env = Environment.value("LEDGER_DEPLOYMENT")
        let named = deployments > 1 || (env != nil && env != d.name) ? d.name : nil
        guard let item = d.openItems.first(where: { d.refusal(.work($0.id)) == nil }) else {
            return line(["status"], ledger: path, deployment: named)
        }
        return line([item.codeBlocks.isEmpty ? "tick" : "run", item.id.rawValue], ledger: path, deployment: named, comment: item.plainText)
    }
}
