import Checklist
import Testing

@testable import LedgerCore

/// The HTML timeline: escaping, no script or remote resources, the verify banner, phases,
/// action bars, rollback and sign-off markers; built from a real sealed and verified chain.
@Suite struct TimelineHTMLTests {
    static let hostile = "<script>alert(1)</script> \"quotes\" & 'apostrophes'"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; &#39;apostrophes&#39;"

    static let template = try! ChecklistTemplate.parse(
        Array(
            """
            # Release
            ## Preparation
            - [ ] Backup taken
            - [ ] Tests green
            ## Deployment Execution
            - [ ] Run migration
            - [ ] Deploy
            ## Post-Deployment Verification
            - [ ] Health check
            ## Rollback Procedure
            ### When to Rollback
            - Critical bugs discovered
            - Performance degradation
            ### Rollback Steps
            - [ ] Restore backup
            ## Sign-Off
            - [ ] All verified
            """.utf8))
    static let deployment = DeploymentID(bytes: [UInt8](repeating: 7, count: 16))!
    static let ledger = LedgerID(bytes: Array(1...16))!
    static let t0: Int64 = 1_795_726_800_000

    static func item(_ text: String) -> ItemID { template.items.first { $0.plainText == text }!.id }

    /// A demo-speed deployment: everything within four seconds, hostile text everywhere a user types.
    /// The deployment's events; `render` seals them as records 2, 3, … after record 1, `ledger.created`.
    static func events(rollback: Bool, signoff: Bool) -> [Event] {
        var out: [Event] = []
        let who = Actor(hostile, role: hostile), lead = Actor("dana", role: "Deployment Lead")
        func add(_ kind: EventKind, _ by: Actor, _ ms: Int64, _ data: [String: JSONValue]) {
            out.append(Event(kind: kind, deployment: deployment, by: by, time: Timestamp(millisecondsSinceEpoch: t0 + ms), data: data))
        }
        func run(_ text: String, _ ms: Int64, _ duration: Int64, exit: Int64?, interrupted: Bool = false) {
            let o = DeploymentEvents.Output(size: 1, sha256: String(repeating: "0", count: 64))
            add(
                .actionStarted, lead, ms,
                DeploymentEvents.started(
                    item: item(text), command: ["sh", "-c", "echo \(hostile)"], script: nil,
                    runner: .init(host: "h", boot: "", pid: 1)))
            add(
                .actionFinished, lead, ms + duration,
                DeploymentEvents.finished(
                    action: Int64(out.count + 1), item: item(text), exitCode: exit, signal: nil,
                    durationMs: duration, interrupted: interrupted, stdout: o, stderr: o))
        }
        add(.deploymentStarted, lead, 0, ChecklistEvents.started(name: "Release \(hostile)", template: template, templateName: "t-\(hostile).md"))
        add(.itemTicked, who, 150, ChecklistEvents.item(item("Backup taken"), "note", hostile))
        add(.itemSkipped, lead, 300, ChecklistEvents.item(item("Tests green"), "reason", "none"))
        run("Run migration", 450, 1_250, exit: 0)
        add(.itemTicked, lead, 1_800, ChecklistEvents.item(item("Run migration")))
        run("Deploy", 1_900, 300, exit: nil, interrupted: true)
        run("Health check", 2_300, 420, exit: 7)
        add(.note, who, 2_800, ["text": .string(hostile)])
        if rollback {
            add(.rollbackDecided, lead, 3_000, DeploymentEvents.rollbackDecided(template.rollbackCriteria[1], details: hostile))
            add(.itemTicked, lead, 3_300, ChecklistEvents.item(item("Restore backup")))
            add(.rollbackCompleted, lead, 3_900, [:])
        }
        if signoff {
            out.append(
                Event(
                    kind: EventKind(rawValue: "signoff.recorded")!, deployment: deployment, by: Actor("ravi", role: "Technical Lead"),
                    time: Timestamp(millisecondsSinceEpoch: t0 + 4_000), data: ["role": .string("Technical Lead")]))
        }
        return out
    }

    /// Seals the events, optionally damages record `tamper`, verifies, and renders.
    static func render(rollback: Bool = true, signoff: Bool = false, tamper: Int64? = nil, withDeployment: Bool = true) -> String {
        var k = [UInt8](repeating: 9, count: 32)
        let key = SecureBytes(consuming: &k)
        let sealer = Sealer(ledger: ledger, key: key, epoch: 1)
        let random = SeededRandom(seed: Array("html".utf8))
        // Record 1 of every ledger is its ledger.created record (FORMAT.md §8); the timeline shows the rest.
        let created = sealer.seal(
            Event(
                kind: .ledgerCreated, by: "dana", time: Timestamp(millisecondsSinceEpoch: t0),
                data: ["format": 1, "ledger": .string(ledger.hex)]),
            seq: 1, prevHash: RecordFormat.genesisHash(ledger: ledger), nonce: random.bytes(24))
        var prev = created.hash
        var view = LedgerView()
        var records: [Record] = [created], entries: [TimelineEntry] = []
        for (i, e) in events(rollback: rollback, signoff: signoff).enumerated() {
            let r = sealer.seal(e, seq: Int64(i + 2), prevHash: prev, nonce: random.bytes(24))
            prev = r.hash
            records.append(r)
            view.apply(e, seq: r.seq)
            entries.append(TimelineEntry(r, e, view: view))
        }
        if let tamper { records[Int(tamper) - 1].ciphertext[3] ^= 1 }
        let verifier = ChainVerifier(ledger: ledger, keys: [1: key])
        verifier.add(records)
        let header = TimelineHeader(
            ledger: ledger, headSeq: records.last!.seq, headHash: records.last!.hash, verify: VerifySummary(verifier.finish()),
            generatedAt: Timestamp(millisecondsSinceEpoch: t0 + 60_000), deployment: deployment,
            deploymentName: "Release \(hostile)", filters: ["actor=\(hostile)"], zone: "Zone \(hostile)")
        return TimelineHTML.render(
            header: header, entries: entries, deployment: withDeployment ? view.deployment(deployment) : nil,
            offsetMinutes: { _ in 90 })
    }

    /// The markup with every `title="…"` value removed (titles hold data, escaped).
    static func tags(_ html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            var tag = String(rest[open..<close])
            while let r = tag.range(of: " title=\"") {
                let end = tag[r.upperBound...].firstIndex(of: "\"")!
                tag.removeSubrange(r.lowerBound...end)
            }
            out.append(tag)
            rest = close == rest.endIndex ? "" : rest[rest.index(after: close)...]
        }
        return out
    }

    @Test func userTextIsOnlyEverEscaped() {
        for html in [Self.render(), Self.render(tamper: 3), Self.render(withDeployment: false)] {
            #expect(!html.contains("<script"))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("alert(1)</"))
            #expect(!html.contains("\"quotes\""))
            #expect(!html.contains("'apostrophes'"))
            #expect(!html.contains("& '"))
            #expect(html.contains(Self.escaped))
            // Where it was typed: actor, role, note, item note, command, rollback details, names, zone, filters.
            #expect(html.components(separatedBy: Self.escaped).count > 10)
        }
    }

    @Test func loadsNothingAndRunsNothing() {
        let html = Self.render(signoff: true)
        let lower = html.lowercased()
        let markup = Self.tags(lower)
        for banned in [
            "<script", "<link", "<img", "<iframe", "<object", "<embed", "<base", "<meta http-equiv", "src=", "href=", "javascript:",
            " onload=", " onerror=", " onclick=", "http:", "https:",
        ] {
            #expect(!markup.contains { $0.contains(banned) }, "markup contains \(banned)")
        }
        #expect(!lower.contains("@import") && !lower.contains("url("))
        #expect(lower.hasPrefix("<!doctype html>"))
        #expect(lower.contains("<style>") && lower.contains("@page { size: a4; margin: 12mm; }"))
    }

    @Test func verifyBannerSaysIntactOrNot() {
        let ok = Self.render()
        #expect(ok.contains("class=\"verify ok\""))
        #expect(ok.contains("Verified intact"))
        #expect(ok.contains("\(Self.events(rollback: true, signoff: false).count + 1) records verified with the key"))
        #expect(!ok.contains("NOT INTACT"))
        let bad = Self.render(tamper: 3)
        #expect(bad.contains("class=\"verify bad\""))
        #expect(bad.contains("NOT INTACT: 1 finding"))
        #expect(bad.contains("<span class=\"fk\">undecryptable</span> at seq 3") || bad.contains("<span class=\"fk\">modified</span> at seq 3"))
        #expect(!bad.contains("Verified intact"))
        #expect(bad.contains(" flagged\"><td class=\"time\""), "the damaged record's row is flagged")
        // The banner comes before everything else.
        #expect(bad.range(of: "NOT INTACT")!.lowerBound < bad.range(of: "class=\"chart\"")!.lowerBound)
    }

    @Test func phasesActionsAndMarkersAreDrawn() {
        let html = Self.render(signoff: true)
        for phase in ["preparing", "executing", "verifying", "rollback decided", "rolling back", "rolled back"] {
            #expect(html.contains(">\(phase)</span>"), "phase \(phase)")
        }
        #expect(html.contains("class=\"band ph-executing\""))
        // Run migration: 1.25 s, succeeded; Deploy: interrupted; Health check: exit 7.
        #expect(html.contains("class=\"bar b-ok"))
        #expect(html.contains("2.1 · 1.2 s</span>"))
        #expect(html.contains("class=\"bar b-open"))
        #expect(html.contains("class=\"bar b-fail"))
        #expect(html.contains("3.1 · 420 ms · exit 7"))
        #expect(html.contains("class=\"mk m-rollback"))
        #expect(html.contains("Rollback decided: R2 Performance degradation"))
        #expect(html.contains("class=\"mk m-done"))
        // An unsigned record of a sign-off kind is listed but not marked as a sign-off: it does
        // not count in the deployment's view (real sign-offs: SignoffCommandTests).
        #expect(!html.contains("class=\"mk m-signoff") && !html.contains("Signed off: ravi"))
        #expect(html.contains("class=\"ev k-signoff\""))
        #expect(html.contains("class=\"tk k-tick\""))
        // Times are shown in the display offset (+01:30), with full RFC 3339 in titles.
        #expect(html.contains("title=\"2026-11-26T22:30:00.150+01:30 (2026-11-26T21:00:00.150Z)\""))
        // Hashes: 12 digits shown, all 64 in the title.
        #expect(html.contains("<td class=\"hash\"><code title=\""))
        // Demo speed: the axis counts in sub-second steps.
        #expect(html.contains(">22:30:00.500</span>"))
    }

    @Test func noRollbackMeansNoRollbackMarker() {
        let html = Self.render(rollback: false)
        #expect(!html.contains("class=\"mk m-rollback"))
        #expect(html.contains("no rollback or sign-off recorded"))
    }

    @Test func withoutTheDeploymentPhasesComeFromEntries() {
        let html = Self.render(withDeployment: false)
        #expect(html.contains("class=\"band ph-rolling-back\""))
        #expect(!html.contains("class=\"bar "))
        #expect(html.contains("class=\"tk k-action-fail\""), "actions are marks without durations")
        #expect(html.contains("class=\"mk m-rollback"))
        #expect(html.contains("Ledger timeline") == false)  // the header names the deployment
    }

    @Test func outputIsDeterministic() {
        #expect(Self.render(signoff: true) == Self.render(signoff: true))
    }

    @Test func escapeCoversMarkupQuotesAndControls() {
        #expect(TimelineHTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(TimelineHTML.escape("x\u{0}y\u{1B}z\tw\n") == "x\u{FFFD}y\u{FFFD}z\tw\n")
        #expect(TimelineHTML.escape("Grüße ✓") == "Grüße ✓")
    }

    @Test func emptyTimelineStillRenders() {
        let summary = VerifySummary(VerifyReport(ledger: Self.ledger, recordCount: 0, headSeq: nil, headHash: nil, decrypted: false, findings: []))
        let header = TimelineHeader(
            ledger: Self.ledger, headSeq: 0, headHash: [], verify: summary, generatedAt: Timestamp(millisecondsSinceEpoch: 0),
            deployment: nil, deploymentName: nil, filters: [], zone: "UTC")
        let html = TimelineHTML.render(header: header, entries: [], deployment: nil, offsetMinutes: { _ in 0 })
        #expect(html.contains("<h1>Ledger timeline</h1>"))
        #expect(html.contains("No entries match."))
        #expect(!html.contains("class=\"chart\""))
    }
}
