import Foundation
import TestSupport
import Testing

@testable import Checklist

/// The checklists the tests read: `Tests/Fixtures/checklists` (copied with their licences).
enum Fixtures {
    static let checklists = Repository.fixture("checklists")

    /// The bytes of a file under `Tests/Fixtures/checklists`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: checklists.appendingPathComponent(relativePath)))
    }

    /// Parses a file under `Tests/Fixtures/checklists`.
    static func template(_ relativePath: String) throws -> ChecklistTemplate {
        try ChecklistTemplate.parse(bytes(relativePath))
    }
}

/// Parses a Markdown string.
func parse(_ markdown: String) throws -> ChecklistTemplate {
    try ChecklistTemplate.parse(Array(markdown.utf8))
}

/// Checks the invariants every successfully parsed template must satisfy.
func expectInvariants(_ template: ChecklistTemplate, sourceLocation: SourceLocation = #_sourceLocation) {
    let source = template.source
    let checked = Set(template.items.filter(\.checkedInSource).map(\.id))
    #expect(
        template.render(ticked: checked) == source, "rendering the source ticks changes bytes",
        sourceLocation: sourceLocation)
    #expect(template.render(ChecklistFill()) == source, sourceLocation: sourceLocation)
    for item in template.items {
        let offset = item.markerOffset
        let valid =
            offset >= 0 && offset + 3 <= source.count && source[offset] == UInt8(ascii: "[")
            && [UInt8(ascii: " "), UInt8(ascii: "x"), UInt8(ascii: "X")].contains(source[offset + 1])
            && source[offset + 2] == UInt8(ascii: "]")
        #expect(valid, "item \(item.id) marker at \(offset) is not a checkbox", sourceLocation: sourceLocation)
    }
    #expect(
        Set(template.items.map(\.id)).count == template.items.count, "duplicate ids",
        sourceLocation: sourceLocation)
    #expect(
        Set(template.items.map(\.slug)).count == template.items.count, "duplicate slugs",
        sourceLocation: sourceLocation)
    let all = Set(template.items.map(\.id))
    let unticked = template.render(ticked: [])
    let ticked = template.render(ticked: all)
    #expect(unticked.count == source.count && ticked.count == source.count, sourceLocation: sourceLocation)
    let markers = Set(template.items.map { $0.markerOffset + 1 })
    for index in source.indices where unticked[index] != source[index] || ticked[index] != source[index] {
        #expect(markers.contains(index), "byte \(index) changed outside a marker", sourceLocation: sourceLocation)
    }
}
