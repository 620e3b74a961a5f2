import Checklist
import Foundation
import LedgerCore
import TestSupport
import Testing

/// Renders a realistic HTML timeline in headless Chromium (screenshot and A4 PDF) to prove it
/// draws content with no network and no script. `LEDGER_UPDATE_DOCS=1` also writes the
/// screenshot to docs/images/timeline.png (the README's picture).
@Suite struct TimelineHTMLRenderTests {
    @Test func rendersInHeadlessChromiumToPNGAndPDF() throws {
        let scratch = TempDir()
        let dir = scratch.path
        let html = TimelineDemo.document()
        #expect(!html.lowercased().contains("<script"))
        let page = dir + "/timeline.html"
        try html.write(toFile: page, atomically: true, encoding: .utf8)

        guard let chromium = Chromium.binary() else {
            Issue.record(
                """
                headless Chromium is needed to render the HTML timeline, and no `chromium` is on PATH \
                (set LEDGER_CHROMIUM to its path, or install Debian's package: apt-get install -y chromium; tools/setup should do this)
                """)
            return
        }
        let png = dir + "/timeline.png", pdf = dir + "/timeline.pdf"
        try Chromium.run(chromium, ["--screenshot=\(png)", "--window-size=1280,1600", "file://\(page)"], profile: dir + "/profile-shot")
        try Chromium.run(chromium, ["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", "file://\(page)"], profile: dir + "/profile-pdf")

        let image = try #require(FileManager.default.contents(atPath: png), "chromium wrote no screenshot")
        #expect(Array(image.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        #expect(image.count > 40_000, "the screenshot is \(image.count) bytes: a blank page?")
        let document = try #require(FileManager.default.contents(atPath: pdf), "chromium wrote no PDF")
        #expect(document.starts(with: Array("%PDF-".utf8)))
        #expect(document.count > 20_000, "the PDF is \(document.count) bytes: a blank page?")

        if ProcessInfo.processInfo.environment["LEDGER_UPDATE_DOCS"] == "1" {
            let images = Repository.url("docs/images")
            try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
            try image.write(to: images.appendingPathComponent("timeline.png"))
        }
    }
}

/// Finds and runs headless Chromium with a time limit.
enum Chromium {
    /// `LEDGER_CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
    static func binary() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["LEDGER_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for name in ["chromium", "chromium-browser"] {
            for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + name) { return d + "/" + name }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `chromium --headless … args`; throws when it fails or runs longer than `timeout` seconds.
    static func run(_ binary: String, _ args: [String], profile: String, timeout: Double = 60) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-dev-shm-usage", "--user-data-dir=\(profile)",
            ] + args
        let log = profile + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? out.close() }
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning {
            p.terminate()
            Thread.sleep(forTimeInterval: 1)
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(Int(timeout)) s: \(args)")
        }
        guard p.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure(description: "chromium exited with \(p.terminationStatus): \(text.suffix(2000))")
        }
    }
}

/// A realistic deployment that went wrong: preparation, a database backup and a migration run
/// as actions, a failed health check, the decision to roll back (R2 Performance degradation),
/// the rollback steps, and the rollback complete. Sealed into a real chain and verified.
enum TimelineDemo {
    static let template = ChecklistTemplate.embeddedOptiBid()
    static let deployment = DeploymentID(hex: "6f1c2a9e4b7d40c8a3e5f1029b8c7d61")!
    static let ledger = LedgerID(hex: "c0ffee0042a94e1b8d3f6a7b5c2e9d10")!
    static let day: Int64 = 1_795_726_800_000  // 2026-11-26T21:00:00Z (22:00 in Berlin)
    static let lead = Actor("dana", role: "Deployment Lead"), security = Actor("sam", role: "Security Lead")
    static let ops = Actor("lee", role: "Operations Lead"), tech = Actor("ravi", role: "Technical Lead")

    static func item(_ text: String) -> ItemID {
        guard let i = template.items.first(where: { $0.plainText == text }) else { preconditionFailure("no item '\(text)'") }
        return i.id
    }

    /// Minutes and seconds after 21:00Z.
    static func at(_ m: Int64, _ s: Int64 = 0) -> Timestamp { Timestamp(millisecondsSinceEpoch: day + (m * 60 + s) * 1000) }

    static func events() -> [Event] {
        var out: [Event] = []
        var seqOfLastStart: Int64 = 0
        func add(_ kind: EventKind, _ by: Actor, _ t: Timestamp, _ data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
            out.append(Event(kind: kind, deployment: kind == .ledgerCreated ? .none : deployment, by: by, time: t, data: data, publicData: publicData))
        }
        func tick(_ text: String, _ by: Actor, _ t: Timestamp, note: String? = nil) {
            add(.itemTicked, by, t, ChecklistEvents.item(item(text), note.map { _ in "note" }, note))
        }
        func run(_ text: String, _ by: Actor, _ t: Timestamp, _ cmd: [String], ms: Int64, exit: Int64) {
            add(
                .actionStarted, by, t,
                DeploymentEvents.started(
                    item: item(text), command: cmd, script: nil,
                    runner: .init(host: "deploy-01", boot: "", pid: 4242)))
            seqOfLastStart = Int64(out.count)
            let o = DeploymentEvents.Output(size: 812, sha256: String(repeating: "ab", count: 32))
            add(
                .actionFinished, by, Timestamp(millisecondsSinceEpoch: t.millisecondsSinceEpoch + ms),
                DeploymentEvents.finished(
                    action: seqOfLastStart, item: item(text), exitCode: exit, signal: nil, durationMs: ms,
                    interrupted: false, stdout: o, stderr: o))
        }
        add(.ledgerCreated, lead, at(-20), ["ledger": .string(ledger.hex), "format": .int(1)])
        add(
            .deploymentStarted, lead, at(-15, 12),
            ChecklistEvents.started(
                name: "OptiBid 2026.11.26", template: template,
                templateName: "embedded:optibid-production-deployment.md"),
            publicData: ChecklistEvents.startedPublic(template: template))
        tick("All code changes reviewed and approved", lead, at(-14, 3), note: "PR #812 approved by two reviewers")
        tick("All unit tests passing", lead, at(-13, 40), note: "CI run 4411: 1,204 passed")
        tick("All integration tests passing", lead, at(-13, 52))
        add(
            .itemSkipped, lead, at(-12, 30),
            ChecklistEvents.item(item("All property-based tests passing"), "reason", "this release has no property-based test suite"))
        tick("Security scan completed (no critical vulnerabilities)", security, at(-10, 5), note: "0 critical, 2 low")
        tick("Rollback team identified and briefed", lead, at(-8, 44))
        add(
            .evidenceAttached, ops, at(-6, 10),
            ChecklistEvents.evidence(
                item("Database backup completed"), name: "backup.log", size: 74,
                sha256: Array(repeating: 0x5c, count: 32), content: nil))
        tick("Database backup completed", ops, at(-6, 15), note: "nightly snapshot 2026-11-26T03:00Z verified")
        tick("Migration dry-run completed", tech, at(-4, 2))
        add(.contactSet, lead, at(-3, 30), DeploymentEvents.contact(role: "On-Call Engineer", values: ["Name": "Lee Ortiz", "Phone": "+49 30 1234 567"]))
        tick("Maintenance window scheduled", lead, at(0, 20))
        tick("Users notified of maintenance", lead, at(1, 5))
        run("Create database backup", ops, at(3, 12), ["sh", "-c", "pg_dump -h db1 -U optibid -d optibid > backup_20261126_210312.sql"], ms: 271_400, exit: 0)
        tick("Create database backup", ops, at(7, 50), note: "backup_20261126_210312.sql, 2.1 GiB")
        run("Run migrations", tech, at(8, 40), ["python", "-m", "app.utils.migration_runner"], ms: 127_300, exit: 0)
        tick("Run migrations", tech, at(10, 55))
        tick("Verify migration success", tech, at(11, 30))
        run("Deploy application", ops, at(12, 10), ["docker-compose", "up", "-d", "--build"], ms: 184_900, exit: 0)
        tick("Deploy application", ops, at(15, 30))
        run("Application health check passing", ops, at(17, 2), ["curl", "-fsS", "--max-time", "10", "http://localhost:8000/health"], ms: 10_040, exit: 28)
        add(
            .itemNoted, ops, at(18, 15),
            ChecklistEvents.item(
                item("API response times acceptable (< 1 second for 95th percentile)"), "text",
                "p95 4.8 s on /api/bids since 22:17; health endpoint times out"))
        add(.note, tech, at(20, 40), ["text": .string("Grafana: DB connection pool saturated after migration 0042")])
        let r2 = template.rollbackCriteria.first { $0.text == "Performance degradation" }!
        add(.rollbackDecided, lead, at(22, 5), DeploymentEvents.rollbackDecided(r2, details: "health check fails, p95 4.8 s; agreed with ravi"))
        tick("Rollback decision made by deployment lead", lead, at(22, 40))
        tick("Team notified of rollback", lead, at(23, 10), note: "#deploy-optibid and status page")
        run("Stop application", ops, at(24, 0), ["sudo", "systemctl", "stop", "optibid"], ms: 2_350, exit: 0)
        run("Restore database backup", ops, at(24, 45), ["sh", "-c", "psql -h db1 -U optibid -d optibid < backup_20261126_210312.sql"], ms: 402_800, exit: 0)
        tick("Restore database backup", ops, at(31, 40))
        tick("Verify database restoration", tech, at(33, 5))
        run("Deploy previous version", ops, at(34, 30), ["sudo", "systemctl", "start", "optibid"], ms: 41_200, exit: 0)
        run("Health checks passing", ops, at(36, 0), ["curl", "-fsS", "http://localhost:8000/health"], ms: 420, exit: 0)
        tick("Health checks passing", ops, at(36, 20))
        tick("Users can access application", lead, at(38, 45))
        tick("Users notified of rollback", lead, at(40, 10))
        add(.rollbackCompleted, lead, at(41, 30), ["note": .string("2026.11.12 serving again; incident INC-4471 opened")])
        return out
    }

    /// The sealed chain, its verification, the entries of the deployment, and its view.
    static func build() -> (TimelineHeader, [TimelineEntry], DeploymentView) {
        var k = [UInt8](repeating: 0x42, count: 32)
        let key = SecureBytes(consuming: &k)
        let sealer = Sealer(ledger: ledger, key: key, epoch: 1)
        let random = SeededRandom(seed: Array("timeline demo".utf8))
        var prev = RecordFormat.genesisHash(ledger: ledger)
        var view = LedgerView()
        var records: [Record] = [], entries: [TimelineEntry] = []
        var filter = TimelineFilter()
        filter.deployment = deployment
        for (i, e) in events().enumerated() {
            let r = sealer.seal(e, seq: Int64(i + 1), prevHash: prev, nonce: random.bytes(24))
            prev = r.hash
            records.append(r)
            view.apply(e, seq: r.seq)
            if filter.keeps(e) { entries.append(TimelineEntry(r, e, view: view)) }
        }
        precondition(view.anomalies.isEmpty, "\(view.anomalies)")
        let verifier = ChainVerifier(ledger: ledger, keys: [1: key])
        verifier.add(records)
        let header = TimelineHeader(
            ledger: ledger, headSeq: records.last!.seq, headHash: records.last!.hash, verify: VerifySummary(verifier.finish()),
            generatedAt: at(45, 2), deployment: deployment, deploymentName: "OptiBid 2026.11.26", filters: [], zone: "Europe/Berlin")
        return (header, entries, view.deployment(deployment)!)
    }

    static func document() -> String {
        let (header, entries, view) = build()
        return TimelineHTML.render(header: header, entries: entries, deployment: view, offsetMinutes: { _ in 60 })
    }
}
