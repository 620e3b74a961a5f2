import LedgerCore

/// The CLI's words for a `LedgerError` (decision 0009): the library says what failed and
/// which remedy applies, as values; this file alone turns them into the `ledger: error:` and
/// `ledger: hint:` lines, naming commands, flags and environment variables.
enum ErrorText {
    /// The `ledger: error:` line's text: the library's message, except where the CLI words
    /// the failure in its own flags.
    static func message(_ e: LedgerError) -> String {
        switch e.reason {
        case .acceptedWithoutReason: "--accept-open needs --reason TEXT"
        default: e.message
        }
    }

    /// The `ledger: hint:` line's text: the remedy in the CLI's words, else the library's hint.
    static func hint(_ e: LedgerError) -> String? {
        e.remedy.map(sentence) ?? e.hint
    }

    /// The lines printed to standard error: `ledger: error: …` and, when there is one,
    /// `ledger: hint: …`.
    static func lines(_ e: LedgerError) -> [String] {
        ["ledger: error: \(message(e))"] + (hint(e).map { ["ledger: hint: \($0)"] } ?? [])
    }

    /// The `ledger: warning:` and `ledger: hint:` lines of a phase-map warning, in the CLI's words.
    static func lines(_ w: PhaseReport.Warning) -> [String] {
        let fix =
            "mark the sections: a comment '<!-- ledger: phase=execution -->' (or verification, sign-off, rollback, preparation) below a heading, or 'ledger deploy start --phases FILE' with lines like '3 = execution', or '--phases none' for a checklist without phases (docs/CLI.md §Phases)"
        let (message, hint) =
            switch w.kind {
            case .noExecutionStep, .noVerificationStep: (w.message, fix)
            case .noSignoffRoles:
                (
                    "\(w.message), with 'ledger deploy close'",
                    "to have leads sign it off, give roles: 'ledger deploy start --signoff-roles \"Release Manager,QA Lead\"', or '<!-- ledger: signoff-roles=Release Manager, QA Lead -->' in the template"
                )
            }
        return ["ledger: warning: \(message)", "ledger: hint: \(hint)"]
    }

    /// The exit code (docs/CLI.md §Exit codes).
    static func exitCode(_ e: LedgerError) -> Int32 { e.category.exitCode }

    /// The error as one canonical JSON object (schema/error.schema.json), printed on standard
    /// output when the command line asked for JSON: the same message and hint as the lines,
    /// unescaped, and the exit code.
    static func json(_ e: LedgerError) -> String {
        JSONValue.object(["error": .string(message(e)), "hint": hint(e).map { .string($0) } ?? .null, "exit": .int(Int64(exitCode(e)))]).canonicalString
    }

    /// Each remedy in the CLI's words: one exhaustive table, so a new remedy cannot go unworded.
    static func sentence(_ remedy: LedgerError.Remedy) -> String {
        switch remedy {
        case .runVerify: "run 'ledger verify'"
        case .verifyForDamage: "run 'ledger verify' to see what is damaged"
        case .verifyForEveryProblem: "run 'ledger verify' to see every problem"
        case .verifyForEveryFinding: "run 'ledger verify' to see every finding"
        case .verifyForTheLog: "run 'ledger verify' to see what happened to the log"
        case .verifyForTheFile: "nothing was written; run 'ledger verify' to see what is in the file"
        case .verifyAndRestore: "run 'ledger verify'; restore the file from a copy you trust"
        case .verifyAgainstCheckpoint: "run 'ledger verify --checkpoint FILE' to see the damage"
        case .checkLedgerPath: "check the path; a ledger is made by 'ledger init'"
        case .createLedger(let path): "create one with 'ledger init \(path)', or name another with --ledger or LEDGER_FILE"
        case .checkFileToVerify: "check the path of the file to verify, or name it with --ledger or LEDGER_FILE"
        case .checkPassphrase: "check LEDGER_PASSPHRASE or --passphrase-file; nothing was changed"
        case .supplyCheckpointKey: "supply the passphrase, or the verifier key printed by 'ledger checkpoint'"
        case .giveVerifierKey: "give the key 'ledger checkpoint' printed: NAME+KEYID+BASE64"
        case .giveOwnCheckpoint: "give a checkpoint 'ledger checkpoint' wrote for this ledger, or leave out --checkpoint"
        case .newerCheckpoint: "make a newer checkpoint with 'ledger checkpoint', or leave out --checkpoint to sign one at the head"
        case .giveProofExport: "give the file 'ledger export timeline --format jsonl --proofs' wrote"
        case .exportAgainWithProofs: "export it again with --proofs"
        case .exportEntriesWithProofs: "export the entries you mean to show with --proofs"
        case .startDeployment: "start one with 'ledger deploy start --name NAME'"
        case .startNewDeployment: "start a new deployment with 'ledger deploy start --name NAME'"
        case .chooseDeployment: "choose one with --deployment NAME"
        case .chooseAnotherName: "choose another --name"
        case .workRollbackSteps: "work the rollback steps, then 'ledger rollback complete'"
        case .abandonWithNote: "to abandon it, record why with 'ledger note', and start a new deployment later"
        case .decideRollback: "a rollback starts with 'ledger rollback decide --reason CRITERION'"
        case .decideRollbackIfMet: "if a rollback criterion is met: 'ledger rollback decide --reason CRITERION'"
        case .settleRollbackSteps: "tick them, or mark them not applicable with 'ledger skip ITEM --reason TEXT'"
        case .completeRollback: "finish with 'ledger rollback complete'"
        case .nameItemAlone(let item): "name the item alone ('\(item)'); sections are numbered as 'ledger show' prints them"
        case .attachWithoutEmbedding: "attach it without --embed: its name, size and SHA-256 are recorded"
        case .signOff: "sign off with 'ledger sign --role ROLE --key FILE'"
        case .settleOrAcceptOpen: "settle them, or sign with --accept-open ITEMS|all --reason TEXT, which is recorded in the statement"
        case .acceptOnlyOpenItems: "--accept-open names only items still open"
        case .acceptTheRest: "settle them or add them to --accept-open (or use --accept-open all)"
        case .addToRoster(let role): "a lead's public key is added once with 'ledger roster add --role \"\(role)\" --key FILE.pub'"
        case .addToRosterOrSignNothing: "add its public key with 'ledger roster add --role ROLE --key FILE.pub', or leave out --key"
        case .signAs(let role, let held): "sign with the key of a \(role), or choose --role '\(held)'"
        case .giveRole: "e.g. --role 'Security Lead'"
        case .newKeyOrRevoke: "make another key with 'ledger key new', or 'ledger roster revoke' this one first"
        case .listRoster: "'ledger roster list' shows the keys in force"
        case .listMembers: "'ledger member list' shows who is"
        case .askAdminToAdd: "an admin adds it with 'ledger member add NAME --key FILE.pub --can read'"
        case .askAdminForCapability: "an admin grants it with 'ledger member remove' and 'ledger member add NAME --key FILE.pub --can CAPS'"
        }
    }
}
