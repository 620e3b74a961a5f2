import Testing

@testable import Checklist

/// Slugs transliterate Latin letters (FORMAT.md §9, "Slugs"), and section titles that carry
/// their own number show it once.
@Suite("Names read well")
struct NamesTests {
    @Test(
        "accented, ligatured and special Latin letters become ASCII words",
        arguments: [
            ("Écran de statut vérifié", "ecran-de-statut-verifie"),
            ("Straße und Größe prüfen", "strasse-und-grosse-prufen"),
            ("Łódź: Øresund-Brücke, Æble, Œuvre", "lodz-oresund-brucke-aeble-oeuvre"),
            ("ﬁnal l’état du système", "final-letat-du-systeme"),
            ("ÞÓRSMÖRK ÐÍS đuro ı", "thorsmork-dis-duro-i"),
            ("Ünïcødé ✓ 部署", "unicode"),
            ("Ǆemal ǅ ĳs", "dzemal-d-ijs"),
        ])
    func transliteration(text: String, slug: String) throws {
        #expect(Slug.make(text) == slug)
        let template = try parse("- [ ] \(text)\n")
        #expect(template.items[0].slug == slug)
        #expect(try template.resolve(slug).id == "1")
    }

    @Test("a decomposed accent (e + U+0301) gives the same slug as the precomposed letter")
    func decomposed() {
        #expect(Slug.make("E\u{301}cran ve\u{301}rifie\u{301}") == "ecran-verifie")
        #expect(Slug.make("\u{C9}cran v\u{E9}rifi\u{E9}") == "ecran-verifie")
    }

    @Test("letters Unicode does not name as Latin still separate words; no ASCII letter falls back to the number")
    func nonLatin() throws {
        #expect(Slug.make("Проверка backup") == "backup")
        #expect(Slug.make("ŋ ĸ ʒ x") == "x", "ENG, KRA, EZH are not transliterated")
        #expect(Slug.make("部署 123") == nil)
        let template = try parse("# 部署\n- [ ] 备份\n## Écran\n- [ ] 再\n")
        #expect(template.items.map(\.slug) == ["item-1", "item-2-1"])
        #expect(template.allSections.map(\.slug) == ["section-1", "ecran"])
    }

    @Test("the character-name rule, case by case")
    func latinLetter() {
        #expect(Slug.latinLetter("LATIN CAPITAL LETTER E WITH ACUTE") == "e")
        #expect(Slug.latinLetter("LATIN SMALL LETTER SHARP S") == "ss")
        #expect(Slug.latinLetter("LATIN SMALL LIGATURE FFI") == "ffi")
        #expect(Slug.latinLetter("LATIN SMALL LETTER TURNED E") == nil)
        #expect(Slug.latinLetter("LATIN LETTER SMALL CAPITAL A") == nil)
        #expect(Slug.latinLetter("LATIN SMALL LETTER ENG") == nil)
        #expect(Slug.latinLetter("CYRILLIC SMALL LETTER A") == nil)
    }

    @Test(
        "a heading's own number is shown once when it repeats the computed one",
        arguments: [
            ("## 1. Prep\n### 1.1 Approval Gates\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "Approval Gates"),
            ("## 1. Prep\n### 1.1. Approval Gates\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "Approval Gates"),
            ("## 1. Prep\n### 1.1 Approval Gates\n- [ ] a\n## Other\n- [ ] b\n", "1", "Prep"),
            ("## Steps\n### 1. Database Migration\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "Database Migration"),
            ("## Steps\n### 9.1 Approval Gates\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "9.1 Approval Gates"),
            ("## Steps\n### 3. Rollout\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "3. Rollout"),
            ("## Steps\n### 1.1\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "1.1"),
            ("## Steps\n### 2024 plan\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "2024 plan"),
            ("## Steps\n### 1.1x Gates\n- [ ] a\n## Other\n- [ ] b\n", "1.1", "1.1x Gates"),
        ])
    func displayTitle(markdown: String, number: String, shown: String) throws {
        let template = try parse(markdown)
        let section = try #require(template.section(number: number))
        #expect(section.displayTitle == shown)
        #expect(try template.resolveSection(number).index == section.index)
    }

    @Test("the embedded OptiBid checklist: numbered step headings show their number once")
    func optiBid() throws {
        let template = ChecklistTemplate.embeddedOptiBid()
        #expect(template.section(number: "7.2.1")?.plainTitle == "1. Database Migration")
        #expect(template.section(number: "7.2.1")?.displayTitle == "Database Migration")
        #expect(template.section(number: "9.1.4")?.displayTitle == "Verification")
        #expect(template.section(number: "1")?.displayTitle == "Pre-Deployment Preparation")
    }
}

/// YAML front matter opening a checklist is kept, not parsed (FORMAT.md §9).
@Suite("Front matter")
struct FrontMatterTests {
    @Test("front matter is set aside: no setext heading, no item, bytes kept", arguments: ["\n", "\r\n"])
    func frontMatter(newline: String) throws {
        let source = ["---", "title: Release", "- [ ] not an item", "--- ", "# T", "- [X] a", "\t- [ ] b", ""].joined(separator: newline)
        let template = try parse(source)
        #expect(template.items.map(\.plainText) == ["a", "b"])
        #expect(template.items.map(\.id) == ["1", "1.1"])
        #expect(template.allSections.map(\.plainTitle) == ["T"])
        #expect(template.text(in: try #require(template.frontMatter)) == ["---", "title: Release", "- [ ] not an item", "--- "].joined(separator: newline))
        #expect(template.render(ChecklistFill()) == template.source)
        #expect(template.render(ticked: ["1"]) == template.source, "a done [X] stays upper case")
        expectInvariants(template)
    }

    @Test("without a closing line, or not on the first line, `---` is Markdown")
    func notFrontMatter() throws {
        let unclosed = try parse("---\n# T\n- [ ] a\n")
        #expect(unclosed.frontMatter == nil)
        #expect(unclosed.allSections.map(\.plainTitle) == ["T"])
        let later = try parse("\n---\ntitle\n---\n- [ ] a\n")
        #expect(later.frontMatter == nil)
        #expect(later.allSections.map(\.plainTitle) == ["title"], "a setext heading, as CommonMark says")
        let dots = try parse("---\na: 1\n...\n- [ ] a\n")
        #expect(dots.frontMatter == 0..<12 && dots.itemCount == 1)
    }
}

/// Section references for bulk commands (`tick 9.1`, `tick 9.1.*`).
@Suite("Bulk section references")
struct BulkReferenceTests {
    @Test(
        "item numbers and section numbers never coincide",
        arguments: [
            "- [ ] a\n  - [ ] a1\n# Later\n- [ ] b\n## Sub\n- [ ] c\n",
            "# T\n- [ ] a\n  - [ ] a1\n    - [ ] a11\n## A\n- [ ] b\n### B\n- [ ] c\n## C\n- [ ] d\n",
            "# One\n- [ ] a\n# Two\n## X\n- [ ] b\n  - [ ] b1\n",
        ])
    func disjoint(markdown: String) throws {
        let template = try parse(markdown)
        let sections = Set(template.allSections.compactMap(\.number))
        #expect(!sections.isEmpty)
        #expect(sections.isDisjoint(with: template.items.map(\.id.rawValue)))
    }

    @Test("the embedded checklist: disjoint numbers; a section holds its nested and subsection items")
    func optiBid() throws {
        let template = ChecklistTemplate.embeddedOptiBid()
        #expect(Set(template.allSections.compactMap(\.number)).isDisjoint(with: template.items.map(\.id.rawValue)))
        let steps = try #require(try template.bulkSection("7.2.*"))
        #expect(try template.bulkSection("7.2")?.index == steps.index)
        let items = template.items(under: steps).map(\.id.rawValue)
        #expect(items.first == "7.2.1.1" && items.allSatisfy { $0.hasPrefix("7.2.") })
        #expect(items.count == template.items.count { $0.id.rawValue.hasPrefix("7.2.") })
        #expect(try template.bulkSection("7.2.1.1") == nil, "an item number is no section reference")
        #expect(try template.bulkSection("deployment-steps") == nil, "slugs name items, not sections, in bulk")
        #expect(throws: ChecklistError.self) { try template.bulkSection("7.9.*") }
    }
}
