import Foundation
import TestSupport
import Testing

@testable import LedgerCore

/// The kind sets derive from one table, and that table lists the kinds docs/FORMAT.md §9 documents.
@Suite struct KindTableTests {
    /// A reader of the spec who meets a kind in a record finds it in §9, and nothing in §9 is unknown to the code.
    @Test func formatSection9ListsExactlyTheTable() throws {
        let text = try String(contentsOf: Repository.url("docs/FORMAT.md"), encoding: .utf8)
        let start = try #require(text.range(of: "\n## 9. Event kinds"))
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        let documented = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
        #expect(documented.count == EventKind.known.count)
        #expect(Set(documented) == Set(EventKind.known.map(\.rawValue)))
        #expect(Set(KindInfo.table.map(\.kind)).count == KindInfo.table.count, "every kind has exactly one row")
    }

    /// The derived sets are the ones the projections and the sign-off checker followed before the table
    /// (no change in behaviour: a tick still stales a sign-off, a note still does not).
    @Test func derivedSetsMatchTheProjections() {
        #expect(ChecklistProjection.kinds == [.itemTicked, .itemUnticked, .itemSkipped, .itemNoted, .evidenceAttached])
        #expect(ExecutionProjection.kinds == [.actionStarted, .actionFinished, .rollbackDecided, .rollbackCompleted, .contactSet, .note, .deploymentClosed])
        #expect(SignoffChecker.stateKinds == [.itemTicked, .itemUnticked, .itemSkipped, .evidenceAttached, .actionFinished])
        #expect(ChecklistProjection.kinds.isDisjoint(with: ExecutionProjection.kinds), "a kind feeds one projection")
    }
}
