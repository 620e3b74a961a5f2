import Checklist
import FoundationEssentials
import LedgerCore

/// `deploy start`'s phases: the map from the template's own directives, `--phases FILE|none`
/// and `--signoff-roles`, and what it prints about it.
enum PhaseOutput {
    /// The map to record and where its choices came from (for the output).
    /// - Throws: `LedgerError` (usage for a bad file or directive; failure for an unreadable file).
    static func resolve(_ tpl: ChecklistTemplate, phases: String?, signoffRoles: String?) throws(LedgerError) -> (PhaseMap, String) {
        var spec = try PhaseSpec.inTemplate(tpl)
        var origin = spec.isEmpty ? "inferred from the headings" : "from the template"
        if let phases {
            if phases == "none" {
                spec.phaseless = true
                origin = "none (--phases none)"
            } else {
                guard let data = FileManager.default.contents(atPath: phases) else {
                    throw LedgerError(.failure, "cannot read phases file '\(phases)'", hint: "check the path given to --phases (or give --phases none)")
                }
                guard let text = String(validating: data, as: UTF8.self) else {
                    throw LedgerError(.usage, "the phases file '\(phases)' is not UTF-8 text", hint: "save it as UTF-8 and try again")
                }
                spec = spec.overridden(by: try PhaseSpec.parseFile(text, name: phases))
                origin = "from '\(phases)'"
            }
        }
        if let signoffRoles {
            let roles = PhaseSpec.list(signoffRoles)
            guard !roles.isEmpty else {
                throw LedgerError(.usage, "--signoff-roles names no role", hint: "give roles separated by commas: --signoff-roles \"Release Manager,QA Lead\"")
            }
            spec.signoffRoles = roles
        }
        return (try PhaseMap.resolve(tpl, spec), origin)
    }

    /// Prints the phase of each top section, the sign-off roles, and on standard error a
    /// warning with the fix for each reason the deployment could never be finished.
    static func report(_ map: PhaseMap, _ tpl: ChecklistTemplate, origin: String) {
        let report = PhaseReport(map, tpl)
        if map.isPhaseless {
            print("phases: none: any item at any time; sign-off once every required item is settled")
        } else {
            print("phases (\(TerminalText.safe(origin))):")
            for l in report.lines {
                let stages = l.stages.isEmpty ? "-" : l.stages.map(\.word).joined(separator: ", ")
                print("  \(l.number.padded(6)) \(TerminalText.safe(l.title)): \(stages) (\(l.items) item\(l.items == 1 ? "" : "s"))")
            }
            if report.looseItems > 0 {
                print("  \("-".padded(6)) items outside any section: \(map.stage(of: ItemID("0")).word) (\(report.looseItems))")
            }
        }
        let roles = map.signoffRoles ?? tpl.signerRoles.map(\.name)
        print("sign-off roles: \(roles.isEmpty ? "none (close with 'ledger deploy close')" : roles.map(TerminalText.safe).joined(separator: ", "))")
        for w in report.warnings {
            for line in ErrorText.lines(w) { Console.printError(line) }
        }
    }
}
