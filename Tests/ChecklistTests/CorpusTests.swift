import Foundation
import Testing

@testable import Checklist

/// One document of `Tests/Fixtures/checklists` with the counts from its README.
struct CorpusDocument: Sendable, CustomTestStringConvertible {
    let path: String
    let items: Int
    let checked: Int
    let fencedCodeBlocks: Int
    var testDescription: String { path }
}

let corpus: [CorpusDocument] = [
    .init(path: "optibid-production-deployment.md", items: 251, checked: 0, fencedCodeBlocks: 25),
    .init(path: "corpus/microservice-production-readiness.md", items: 72, checked: 0, fencedCodeBlocks: 0),
    .init(path: "corpus/api-security.md", items: 64, checked: 0, fencedCodeBlocks: 0),
    .init(path: "corpus/api-security-zh.md", items: 79, checked: 0, fencedCodeBlocks: 0),
    .init(path: "corpus/api-security-ar.md", items: 64, checked: 0, fencedCodeBlocks: 0),
    .init(path: "corpus/front-end.md", items: 100, checked: 0, fencedCodeBlocks: 22),
]

@Suite("Corpus documents")
struct CorpusTests {
    @Test("imports with the README counts", arguments: corpus)
    func counts(document: CorpusDocument) throws {
        let template = try Fixtures.template(document.path)
        #expect(template.itemCount == document.items)
        #expect(template.checkedItemCount == document.checked)
        #expect(template.codeBlocks.count == document.fencedCodeBlocks)
        #expect(template.codeBlocks.allSatisfy { template.text(in: $0.range).contains("```") })
    }

    @Test("rendering with nothing ticked gives back the exact bytes", arguments: corpus)
    func roundTrip(document: CorpusDocument) throws {
        let source = try Fixtures.bytes(document.path)
        let template = try ChecklistTemplate.parse(source)
        #expect(template.render(ticked: []) == source)
        #expect(template.render(ChecklistFill()) == source)
        expectInvariants(template)
    }

    @Test("ticking changes only the checkbox bytes", arguments: corpus)
    func tickDiff(document: CorpusDocument) throws {
        let source = try Fixtures.bytes(document.path)
        let template = try ChecklistTemplate.parse(source)
        let ticked = Set(template.items.enumerated().filter { $0.offset % 3 != 1 }.map(\.element.id))
        let rendered = template.render(ticked: ticked)
        #expect(rendered.count == source.count)
        let changed = source.indices.filter { rendered[$0] != source[$0] }
        let expected = template.items.filter { ticked.contains($0.id) }.map { $0.markerOffset + 1 }
        #expect(changed == expected)
        #expect(changed.allSatisfy { source[$0] == UInt8(ascii: " ") && rendered[$0] == UInt8(ascii: "x") })

        let reparsed = try ChecklistTemplate.parse(rendered)
        #expect(reparsed.items.map(\.id) == template.items.map(\.id))
        #expect(reparsed.items.map(\.slug) == template.items.map(\.slug))
        #expect(Set(reparsed.items.filter(\.checkedInSource).map(\.id)) == ticked)
        #expect(reparsed.render(ticked: []) == source, "unticking restores the source")
    }

    @Test("the embedded resource is the fixture copy of the shared document, byte for byte")
    func embeddedResource() throws {
        #expect(ChecklistTemplate.optiBidSource == (try Fixtures.bytes("optibid-production-deployment.md")))
        #expect(ChecklistTemplate.embeddedOptiBid().source == ChecklistTemplate.optiBidSource)
    }

    @Test("OptiBid with CRLF line endings and tab indentation imports the same")
    func optiBidVariants() throws {
        let original = ChecklistTemplate.embeddedOptiBid()
        let text = String(decoding: original.source, as: UTF8.self)
        let tabbed = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("  ") ? "\t" + $0.dropFirst(2) : $0 }
        for variant in [
            tabbed.joined(separator: "\r\n"), tabbed.joined(separator: "\n"),
            text.replacingOccurrences(of: "\n", with: "\r\n"),
        ] {
            let template = try ChecklistTemplate.parse(Array(variant.utf8))
            #expect(template.itemCount == 251 && template.nestedItemCount == 36)
            #expect(template.codeBlocks.count == 25)
            #expect(template.items.map(\.id) == original.items.map(\.id))
            #expect(template.items.map(\.text) == original.items.map(\.text))
            #expect(template.signerRoles.map(\.name) == original.signerRoles.map(\.name))
            #expect(template.notes != nil && template.emergencyContacts?.rows.count == 6)
            expectInvariants(template)
        }
    }

    @Test("microservice: 5-space indents nest, H4 headings are sections")
    func microservice() throws {
        let template = try Fixtures.template("corpus/microservice-production-readiness.md")
        let parent = try template.resolve("If your service does need to be accessible")
        #expect(parent.children.count == 2)
        let child = try #require(template.item(parent.children[0]))
        #expect(child.plainText.hasPrefix("Authentication/Authorization in place"))
        #expect(child.id.rawValue == parent.id.rawValue + ".1")
        #expect(template.resolveSectionNumber("General Rules") == "1.1", "numbers follow the table of contents")
        #expect(try template.resolveSection("References").number == nil, "a section without items has no number (but is found)")
        #expect(template.nestedItemCount == 2)
    }

    @Test("api-security: `- [text](url)` bullets are not items")
    func linkBullets() throws {
        let template = try Fixtures.template("corpus/api-security.md")
        #expect(template.items.allSatisfy { !$0.text.hasPrefix("(") })
        let seeAlso = try template.resolveSection("See also")
        #expect(seeAlso.items.isEmpty)
        #expect(seeAlso.blocks.contains { $0.kind == .list })
    }

    @Test(
        "Chinese and Arabic items get readable or number-based slugs",
        arguments: [
            "corpus/api-security-zh.md", "corpus/api-security-ar.md",
        ])
    func nonLatinSlugs(path: String) throws {
        let template = try Fixtures.template(path)
        for item in template.items {
            #expect(item.slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            #expect(!item.slug.isEmpty)
        }
        #expect(template.items.contains { $0.slug.hasPrefix("item-") } || path.hasSuffix("zh.md"))
        for item in template.items.prefix(20) {
            #expect((try template.resolve(item.slug)).id == item.id)
            #expect((try template.resolve(item.id.rawValue)).id == item.id)
        }
    }

    @Test("front-end: code blocks after an item (past HTML comments) belong to it")
    func frontEndCodeOwnership() throws {
        let template = try Fixtures.template("corpus/front-end.md")
        let doctype = try template.resolve("Doctype:")
        #expect(doctype.codeBlocks.count == 1)
        #expect(doctype.codeBlocks.first?.language == "html")
        #expect(doctype.codeBlocks.first?.code.contains("<!doctype html>") == true)
        let title = try template.resolve("Title:")
        #expect(title.codeBlocks.first?.code.contains("<title>") == true)
        let owned = template.items.reduce(0) { $0 + $1.codeBlocks.count }
        let bySection = template.allSections.reduce(0) { $0 + $1.codeBlocks.count }
        #expect(owned + bySection == template.codeBlocks.count)
    }
}

extension ChecklistTemplate {
    /// The number of the section with this title, or nil if none or unnumbered.
    func resolveSectionNumber(_ title: String) -> String? {
        (try? resolveSection(title))?.number
    }
}
