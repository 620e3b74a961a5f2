import Foundation
import LedgerCore
import TestSupport
import Testing

/// Another team's checklist worked with the CLI: accented names, headings that carry their
/// own numbers, long titles (issue 10, point 8).
@Suite struct TeamChecklistTests {
    let pass = TestSecrets.cliEnvironment

    static let equipe = """
        # Mise en production
        ## 1. Préparation
        ### 1.1 Écran de statut vérifié
        - [ ] Écran de statut vérifié
        - [ ] Straße und Größe prüfen
        ### 1.2 Contrôles
        - [ ] Contrôle final
        ## 2. Approval
        ### 2.1 Approval Gates
        - [ ] Change advisory board approval recorded
        ### 7. Misnumbered Heading With A Very Long Title That Needs Cutting
        - [ ] thing

        """

    func started(_ template: String, name: String = "team.md") throws -> CLI { try CLI.started(template: template, file: name) }

    @Test func accentedItemsGetTransliteratedSlugsThatCommandsAccept() throws {
        let cli = try started(Self.equipe)
        let show = try cli.run(["show"], env: pass).stdout
        #expect(show.contains("[ ] 1.1.1  Écran de statut vérifié  {ecran-de-statut-verifie}"))
        #expect(show.contains("[ ] 1.1.2  Straße und Größe prüfen  {strasse-und-grosse-prufen}"))
        let tick = try cli.run(["tick", "ecran-de-statut-verifie"], env: pass)
        #expect(tick.status == 0)
        #expect(tick.stdout == "ticked 1.1.1 Écran de statut vérifié (record 3)\n")
        let record = try #require(try cli.run(["log", "--json"], env: pass).stdout.split(separator: "\n").last)
        #expect(record.contains("\"data\":{\"item\":\"1.1.1\"}"), "records name items by number, never by slug: a slug rule change moves no record")
        let detail = try cli.run(["show", "controle-final"], env: pass).stdout
        #expect(detail.hasPrefix("1.2.1  Contrôle final\nslug: controle-final\n"))
    }

    @Test func headingNumbersShowOnceAndLongTitlesAreCutAtAWord() throws {
        let cli = try started(Self.equipe)
        let status = try cli.run(["status", "--all"], env: pass).stdout
        let lines = status.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("    1.1 Écran de statut vérifié   ") })
        #expect(lines.contains { $0.hasPrefix("    2.1 Approval Gates   ") })
        #expect(lines.contains { $0.hasPrefix("  2 Approval   ") })
        #expect(!status.contains("2.1 2.1") && !status.contains("1 1. ") && !status.contains("2 2. "))
        let long = try #require(lines.first { $0.contains("Misnumbered") })
        #expect(
            long.hasPrefix("    2.2 7. Misnumbered Heading With A Very…     [...................."),
            "a number that differs is the author's and stays; the cut is at a word")
        let show = try cli.run(["show"], env: pass).stdout
        #expect(show.contains("\n2.1 Approval Gates\n") && show.hasPrefix("1.1 Écran de statut vérifié\n"))
    }

    /// Item texts from several languages: the slugs `ledger show` prints are the ones
    /// tools/independent-verify/slugs.py computes from FORMAT.md §9 alone.
    @Test func slugsFollowTheSpecAsAnIndependentReadingComputesThem() throws {
        let texts = [
            "Écran de statut vérifié", "Straße und Größe prüfen", "Łódź: Øresund-Brücke, Æble, Œuvre, ﬁnal l’état",
            "ÞÓRSMÖRK Ðís đuro ı ǅ", "E\u{301}cran décomposé", "Проверка backup", "备份数据库", "ŋ ĸ ʒ x",
            "naïve café façade — coöperate", "İstanbul ğüşöç", "Ærøskøbing Ångström", "it's the team’s ok",
        ]
        let cli = try started("# Équipe\n" + texts.map { "- [ ] \($0)\n" }.joined())
        let show = try cli.run(["show"], env: pass).stdout
        let script = Repository.path("tools/independent-verify/slugs.py")
        try Data(show.utf8).write(to: URL(fileURLWithPath: cli.path("show.txt")))
        let r = try cli.run(["-c", "python3 \(script) < show.txt"], executable: "/bin/sh")
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasSuffix("\(texts.count) items, 0 differ\n"))
        #expect(show.contains("{istanbul-gusoc}") && show.contains("{aeroskobing-angstrom}") && show.contains("{item-7}"))
    }
}
