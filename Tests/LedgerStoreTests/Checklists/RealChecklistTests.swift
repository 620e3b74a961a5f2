import Checklist
import Foundation
import LedgerCore
import Testing

@testable import LedgerStore

/// Real public checklists (Tests/Fixtures/checklists/real, sources and licences in its README),
/// each imported with the counts GitHub renders and worked to sign-off or close, every item
/// ticked in document order, with the phase map a user would give it.
@Suite struct RealChecklistTests {
    /// How a team runs one checklist.
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        /// Task items as cmark-gfm (GitHub) renders them, and of them nested.
        let items: Int, nested: Int
        /// `--phases FILE` text, or nil for `--phases none`.
        let phasesFile: String?
        /// `--signoff-roles`, or empty: closed with `deploy close`.
        let roles: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "microservice-production-readiness.md", items: 72, nested: 2, phasesFile: nil, roles: ["Service Owner", "SRE Lead"]),
        Case(
            file: "api-security.md", items: 64, nested: 0,
            phasesFile: "# the CI & CD steps are the release itself; monitoring is checked after it\nCI & CD = execution\nMonitoring = verification\n",
            roles: ["Security Lead"]),
        Case(file: "api-security-zh.md", items: 79, nested: 0, phasesFile: nil, roles: []),
        Case(file: "api-security-ar.md", items: 64, nested: 0, phasesFile: nil, roles: ["Security Lead"]),
        Case(file: "front-end.md", items: 100, nested: 0, phasesFile: nil, roles: []),
        Case(
            file: "guac-release.md", items: 21, nested: 6, phasesFile: "Making the release = execution\nPost-release = verification\n",
            roles: ["Release Manager"]),
        Case(file: "pygmt-release.md", items: 37, nested: 17, phasesFile: nil, roles: []),
        Case(
            file: "epinio-release.md", items: 9, nested: 0, phasesFile: "Epinio = execution\nHelm Charts = execution\nDocs = verification\n",
            roles: ["Release Manager", "Docs Maintainer"]),
        Case(file: "datagov-release.md", items: 4, nested: 0, phasesFile: nil, roles: []),
    ]

    static func source(_ file: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fixtures/checklists/real/\(file)").standardized
        return Array(try Data(contentsOf: url))
    }

    /// Started without an explicit map, a deployment records what the template's own comments say.
    @Test func aTemplatesOwnCommentsAreRecordedWithoutAnExplicitMap() throws {
        let text =
            "# R\n<!-- ledger: signoff-roles=Release Manager -->\n## Ship\n<!-- ledger: phase=execution -->\n- [ ] go\n## Look\n<!-- ledger: phase=verification -->\n- [ ] ok\n"
        let f = try LedgerFixture(notes: 0)
        let ledger = try LedgerFile.open(at: f.path)
        try ledger.unlock(passphrase: LedgerFixture.secret())
        let id = try ledger.startDeployment(name: "R", template: try ChecklistTemplate.parse(Array(text.utf8)), templateName: "t.md", actor: "dana")
        let v = try ledger.view(of: id)
        #expect(v.phaseMap == PhaseMap(stages: ["1": .execution, "2": .verification], signoffRoles: ["Release Manager"]))
    }

    @Test(arguments: cases) func importsWithGitHubsCountsAndIsWorkedToTheEnd(_ c: Case) throws {
        let template = try ChecklistTemplate.parse(try Self.source(c.file))
        #expect(template.itemCount == c.items)
        #expect(template.nestedItemCount == c.nested)
        #expect(template.checkedItemCount == 0)

        // Heading inference alone: never finished (warned at deploy start, with the fix).
        let inferred = PhaseReport(PhaseMap.inferred(from: template), template)
        #expect(!inferred.warnings.isEmpty)
        #expect(inferred.warnings.contains { $0.kind != .noSignoffRoles }, "never finished")
        // Every item reads as preparation: none is refused, but none moves the deployment on.
        #expect(template.items.allSatisfy { PhaseMap.inferred(from: template).stage(of: $0.id) == .preparation })

        var spec = c.phasesFile.map { try! PhaseSpec.parseFile($0, name: "phases.txt") } ?? PhaseSpec()
        if c.phasesFile == nil { spec.phaseless = true }
        if !c.roles.isEmpty { spec.signoffRoles = c.roles }
        let map = try PhaseMap.resolve(template, spec)
        let report = PhaseReport(map, template)
        #expect(report.warnings.filter { $0.kind != .noSignoffRoles }.isEmpty, "\(report.warnings)")

        let f = try LedgerFixture(notes: 0)
        let ledger = try LedgerFile.open(at: f.path)
        try ledger.unlock(passphrase: LedgerFixture.secret())
        let id = try ledger.startDeployment(name: "R1", template: template, templateName: c.file, actor: "dana", phases: map)
        for item in template.items { try ledger.change(item.id.rawValue, in: id, actor: "dana", .tick(note: nil)) }
        var view = try ledger.view(of: id)
        #expect(view.openRequiredItems.isEmpty)
        #expect(view.phaseMap == map)
        if c.roles.isEmpty {
            let (_, after) = try ledger.closeDeployment(id, accept: [], reason: nil, note: nil, actor: "dana")
            #expect(after.phase == .closed)
        } else {
            for (n, role) in c.roles.enumerated() {
                let lead = SignoffFixture.lead(UInt8(20 + n), "lead\(n)")
                try ledger.addToRoster(role: role, publicKey: lead.publicKey, keyNumber: lead.keyNumber, name: lead.name, actor: "dana")
                _ = try ledger.signOff(id, role: role, signer: lead, accept: [], reason: nil, comment: nil, actor: Actor(lead.name))
            }
            view = try ledger.view(of: id)
            #expect(view.phase == .signedOff)
        }
        #expect(try f.kinds(withKey: true).isEmpty)
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        try l.unlock(passphrase: LedgerFixture.secret())
        #expect(try l.verifySignatures(trust: nil).isEmpty)
        #expect(try l.view(of: id).phase == (c.roles.isEmpty ? .closed : .signedOff))
    }
}
