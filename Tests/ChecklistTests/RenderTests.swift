import Testing

@testable import Checklist

@Suite("Rendering fills")
struct RenderTests {
    let template = ChecklistTemplate.embeddedOptiBid()

    /// Lines of a rendered document.
    private func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("ticks: the set is the complete state; nil keeps the source markers")
    func ticks() throws {
        let source = try parse("- [x] done\n- [ ] open\n- [X] upper\n")
        #expect(String(decoding: source.render(ticked: []), as: UTF8.self) == "- [ ] done\n- [ ] open\n- [ ] upper\n")
        #expect(String(decoding: source.render(ticked: ["2"]), as: UTF8.self) == "- [ ] done\n- [x] open\n- [ ] upper\n")
        #expect(source.render(ChecklistFill()) == source.source)
        #expect(source.render(ticked: ["1", "3", "99", "nonsense"]) == source.source, "unknown ids are ignored")
    }

    @Test("sign-off values replace only the placeholders")
    func signatures() throws {
        let fill = ChecklistFill(signatures: [
            "deployment lead": SignatureFill(name: "Ada Lovelace", date: "2026-11-26", signature: "ed25519:abc"),
            "Security Lead": SignatureFill(name: "Grace\nHopper"),
            "Nobody": SignatureFill(name: "ignored"),
        ])
        let rendered = lines(template.render(fill))
        let original = lines(template.source)
        #expect(rendered.count == original.count)
        #expect(rendered[477] == "- Name: Ada Lovelace")
        #expect(rendered[478] == "- Date: 2026-11-26")
        #expect(rendered[479] == "- Signature: ed25519:abc")
        #expect(rendered[487] == "- Name: Grace Hopper", "line breaks become spaces")
        #expect(rendered[488] == original[488], "unfilled fields stay as they were")
        let changed = rendered.indices.filter { rendered[$0] != original[$0] }
        #expect(changed == [477, 478, 479, 487])
        let reparsed = try ChecklistTemplate.parse(template.render(fill))
        #expect(reparsed.itemCount == 251 && reparsed.signerRoles.count == 4)
        let field = try #require(reparsed.signerRoles[0].field(.name))
        #expect(reparsed.text(in: field.valueRange) == "Ada Lovelace")
    }

    @Test("a field without a placeholder gets a space after its colon")
    func emptyField() throws {
        let doc = try parse("- [ ] step\n\n**Lead:**\n- Name:\n- Date:\n")
        let rendered = doc.render(ChecklistFill(signatures: ["Lead": SignatureFill(name: "Ada", date: "today")]))
        #expect(String(decoding: rendered, as: UTF8.self) == "- [ ] step\n\n**Lead:**\n- Name: Ada\n- Date: today\n")
    }

    @Test("emergency contacts fill table cells, escaping pipes")
    func contacts() throws {
        let fill = ChecklistFill(contacts: [
            "Deployment Lead": ["Name": "Ada", "phone": "+1 555 0100", "Email": "a|b@example.com"],
            "on-call engineer": ["Name": "Grace"],
            "Unknown Role": ["Name": "ignored"],
        ])
        let rendered = lines(template.render(fill))
        #expect(rendered[571] == "| Deployment Lead | Ada | +1 555 0100 | a\\|b@example.com |")
        #expect(rendered[576] == "| On-Call Engineer | Grace | | |")
        let reparsed = try ChecklistTemplate.parse(template.render(fill))
        let row = try #require(reparsed.emergencyContacts?.row("Deployment Lead"))
        #expect(row.cells.map(\.text) == ["Deployment Lead", "Ada", "+1 555 0100", "a\\|b@example.com"])
        #expect(reparsed.itemCount == 251)
    }

    @Test("notes replace the notes block's content")
    func notes() throws {
        let rendered = template.render(ChecklistFill(notes: "Deployed at 14:02.\nNo issues."))
        let text = String(decoding: rendered, as: UTF8.self)
        #expect(text.contains("### Post-Deployment Notes\n\n```\nDeployed at 14:02.\nNo issues.\n```\n\n---"))
        let reparsed = try ChecklistTemplate.parse(rendered)
        #expect(reparsed.codeBlocks.count == 25)
        let notes = try #require(reparsed.notes)
        #expect(reparsed.text(in: notes.contentRange) == "Deployed at 14:02.\nNo issues.\n")
    }

    @Test("notes containing a fence get longer fences")
    func notesWithFence() throws {
        let notes = "Ran:\n```\nrollback.sh\n```\nthen ````` nothing"
        let rendered = template.render(ChecklistFill(notes: notes))
        let reparsed = try ChecklistTemplate.parse(rendered)
        let block = try #require(reparsed.notes)
        #expect(reparsed.text(in: block.openingFence) == "````")
        #expect(reparsed.text(in: block.contentRange) == notes + "\n")
        #expect(reparsed.codeBlocks.count == 25 && reparsed.itemCount == 251)
    }

    @Test("notes keep the document's CRLF line endings")
    func notesCRLF() throws {
        let doc = try parse("- [ ] a\r\n### Notes\r\n```\r\nplaceholder\r\n```\r\n")
        let rendered = doc.render(ChecklistFill(notes: "one\ntwo\n"))
        #expect(String(decoding: rendered, as: UTF8.self) == "- [ ] a\r\n### Notes\r\n```\r\none\r\ntwo\r\n```\r\n")
    }

    @Test("every fill at once, then ticks only change markers")
    func combined() throws {
        let everything = ChecklistFill(
            ticked: Set(template.items.prefix(100).map(\.id)),
            signatures: ["Technical Lead": SignatureFill(name: "Linus", date: "2026-11-26", signature: "sig")],
            contacts: ["Security Lead": ["Phone": "112"]],
            notes: "All good.")
        let rendered = try ChecklistTemplate.parse(template.render(everything))
        #expect(rendered.items.map(\.id) == template.items.map(\.id))
        #expect(rendered.checkedItemCount == 100)
        #expect(rendered.signerRoles.map(\.name) == template.signerRoles.map(\.name))
        #expect(rendered.emergencyContacts?.row("Security Lead")?.cells[2].text == "112")
        expectInvariants(rendered)
    }
}
