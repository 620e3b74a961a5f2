import Testing

@testable import LedgerCore

@Suite struct TimelineFormatsTests {
    static let entry = TimelineEntry(
        seq: 7, time: Timestamp(millisecondsSinceEpoch: 0), actor: "dana, \"the lead\"", role: "Deployment Lead",
        kind: "item.noted", deployment: .none, deploymentName: nil, item: "1.1.1", itemText: "All | code",
        details: "line one\nline two <b>", hash: [UInt8](repeating: 0xAB, count: 32), phase: .executing)

    @Test func csvFollowsRFC4180() {
        let row = TimelineFormats.csvEntry(Self.entry) { $0.description }
        #expect(row.hasSuffix("\r\n"))
        #expect(row.contains(",\"dana, \"\"the lead\"\"\",Deployment Lead,item.noted,"))
        #expect(row.contains(",\"line one\nline two <b>\",executing,"))
    }

    @Test func markdownCellsCannotBreakTheTable() {
        let row = TimelineFormats.markdownEntry(Self.entry) { $0.description }
        #expect(
            row
                == "| 7 | 1970-01-01T00:00:00.000Z | dana, \"the lead\" (Deployment Lead) | `item.noted` | 1.1.1 All \\| code | line one line two &lt;b&gt; | `abababababab` |\n"
        )
    }

    @Test func jsonLinesAreCanonical() throws {
        let line = TimelineFormats.jsonEntry(Self.entry) { $0.rfc3339(offsetMinutes: 60) }
        let v = try CanonicalJSON.parse(Array(line.utf8))
        #expect(v["local_time"] == "1970-01-01T01:00:00.000+01:00")
        #expect(v["phase"] == "executing")
        #expect(v["role"] == "Deployment Lead")
    }

    @Test func filterKeepsByDeploymentTimeActorAndKindPrefix() {
        var f = TimelineFilter()
        f.kinds = ["item."]
        f.actors = ["dana"]
        f.since = Timestamp(millisecondsSinceEpoch: 10)
        let e = Event(kind: .itemTicked, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 10))
        #expect(f.keeps(e))
        #expect(!f.keeps(Event(kind: .note, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 10))))
        #expect(!f.keeps(Event(kind: .itemTicked, actor: "sam", time: Timestamp(millisecondsSinceEpoch: 10))))
        #expect(!f.keeps(Event(kind: .itemTicked, actor: "dana", time: Timestamp(millisecondsSinceEpoch: 9))))
        #expect(f.words == ["since=1970-01-01T00:00:00.010Z", "actor=dana", "kind=item."])
    }
}
