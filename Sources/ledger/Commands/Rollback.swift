import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger rollback decide|complete`.
struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Decide and complete a rollback.", subcommands: [Decide.self, Complete.self])

    /// `ledger rollback decide --reason CRITERION [--details TEXT]`.
    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide",
            abstract: "Record the decision to roll back, on one of the checklist's 'When to Rollback' criteria.",
            discussion:
                "CRITERION is a criterion's id (R1, R2, …) or its text (or a unique prefix). The rollback steps then become the active part of the checklist.")
        @Option(help: ArgumentHelp("The criterion met: its id or text.", valueName: "CRITERION"), completion: Completions.criteria) var reason: String
        @Option(help: "What was observed.") var details: String?
        @OptionGroup var writing: WritingContext

        func run() throws {
            let (ledger, d, signer) = try writing.open()
            var who = writing.who
            if who.role == nil { who.role = "Deployment Lead" }
            let (c, r) = try ledger.decideRollback(d.id, criterion: reason, details: details, actor: who, signer: signer)
            print("rollback decided by \(who) on \(c.id) \(c.text) (record \(r.seq))")
            let steps = try ledger.view(of: d.id).items(in: .rollback)
            print("the rollback steps are now active: \(steps.first.map { "\($0.id) \($0.plainText)" } ?? "none") … (\(steps.count) items)")
        }
    }

    /// `ledger rollback complete`.
    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "complete", abstract: "Record that the rollback is complete; the deployment is closed.")
        @Option(help: "A closing note.") var note: String?
        @OptionGroup var writing: WritingContext

        func run() throws {
            let (ledger, d, signer) = try writing.open()
            let r = try ledger.completeRollback(d.id, note: note, actor: writing.who, signer: signer)
            print("rollback of '\(d.name)' complete (record \(r.seq)); the deployment is closed")
        }
    }
}

/// `ledger contact set ROLE --name --phone --email`.
struct Contact: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contact", abstract: "Fill in the checklist's emergency contacts.", subcommands: [Set.self])

    /// `ledger contact set ROLE`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set one contact (a row of the Emergency Contacts table).")
        @Argument(help: ArgumentHelp("The row: Deployment Lead, Database Admin, On-Call Engineer, …", valueName: "ROLE"), completion: Completions.contacts)
        var role: String
        @Option(help: "Name.") var name: String?
        @Option(help: "Phone.") var phone: String?
        @Option(help: "Email.") var email: String?
        @OptionGroup var writing: WritingContext

        func validate() throws {
            guard name != nil || phone != nil || email != nil else { throw ValidationError("give at least one of --name, --phone, --email") }
        }

        func run() throws {
            let (ledger, d, signer) = try writing.open()
            var values: [String: String] = [:]
            values["Name"] = name
            values["Phone"] = phone
            values["Email"] = email
            let r = try ledger.setContact(d.id, role: role, values: values, actor: writing.who, signer: signer)
            print("contact '\(role)' set (record \(r.seq))")
        }
    }
}
