import CCmark
import Foundation
import LedgerCore
import TestSupport
import Testing

/// The filled-in checklist tells the truth: the default Markdown export annotates every item
/// with what the log says, escaped; `--pristine` changes only the boxes; the JSON carries the same.
@Suite struct ChecklistAnnotationTests {
    let pass = TestSecrets.cliEnvironment

    /// A rolled-back OptiBid deployment with a tick note, a skip, a note, evidence, two runs, a contact.
    func worked(contact: String = "Ada Lovelace", hostile: Bool = false) throws -> CLI {
        let cli = CLI()
        try cli.initLedger()
        let h = hostile ? " <script>alert(1)</script> *b* [l](javascript:x) | `c`" : ""
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: cli.path("ev.txt")))
        for args in [
            ["deploy", "start", "--name", "R1"], ["tick", "1.1.1", "--note", "PR 812 approved" + h],
            ["skip", "1.1.4", "--reason", "no property tests here" + h], ["note", "--item", "1.1.2", "looks good" + h],
            ["attach", "1.1.2", "ev.txt"], ["run", "7.2.1.1", "--", "true"],
            ["run", "7.2.2.4", "--record-output", "--", "sh", "-c", "echo `date`; exit 3"],
            ["rollback", "decide", "--reason", "R2", "--details", "p95 up 40%" + h],
            ["contact", "set", "Database Admin", "--name", contact],
        ] {
            let r = try cli.run(args, env: pass)
            precondition(r.status == 0 || args[0] == "run", "\(args): \(r.stderr)")
        }
        return cli
    }

    @Test func theDefaultExportDiffersFromPristineOnlyByAnnotations() throws {
        let cli = try worked()
        let pristine = try cli.run(["export", "checklist", "--pristine"], env: pass).stdout
        let md = try cli.run(["export", "checklist"], env: pass).stdout
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("> **Rollback decided** (not completed) — decided by tester (Deployment Lead) at "))
        #expect(lines[0].hasSuffix(" on R2 Performance degradation: p95 up 40% (record 11)."), "\(lines[0])")
        #expect(lines[1] == "" && lines[2] == "# Production Deployment Checklist")
        #expect(md.contains("\n- [x] All code changes reviewed and approved\n  - _Done_ (tester, "))
        #expect(md.contains("): PR 812 approved\n"))
        #expect(md.contains("\n- [ ] **N/A** All property-based tests passing\n  - _Not applicable_ (tester, "))
        #expect(md.contains("): no property tests here\n"))
        #expect(
            md.contains("\n  - Note (tester, ")
                && md.contains("): looks good\n  - Evidence: ev.txt, 6 bytes, SHA-256 `\(Hex.encode(SHA256.hash(Array("hello\n".utf8))))` (tester, "))
        #expect(md.contains("- [ ] Create database backup\n  - Run: ` true ` exited 0 in "))
        #expect(md.contains("  - Run: `` sh -c echo `date`; exit 3 `` exited 3 in "))
        #expect(md.contains(/exit 3 `` exited 3 in [0-9]+\.[0-9]{3} s \(tester, [0-9T:.Z-]+\); stdout [0-9]+ bytes, stderr 0 bytes\n/))
        // Removing the annotations gives the pristine export back, byte for byte.
        let annotation = /^ *- (_Done_|_Not applicable_|Note \(|Evidence: |Run: )/
        let stripped = lines.dropFirst(2).filter { (try? annotation.prefixMatch(in: String($0))) == nil }
            .joined(separator: "\n").replacingOccurrences(of: "[ ] **N/A** ", with: "[ ] ")
        #expect(stripped == pristine)
        #expect(md != pristine)
        #expect(try cli.run(["export", "checklist", "--pristine", "--format", "json"], env: pass).status == 64)
    }

    /// cmark-gfm (the library GitHub's renderer is built on) with the tasklist and table extensions, to HTML.
    static func html(_ md: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        for name in ["tasklist", "table", "autolink", "strikethrough"] { cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name)) }
        cmark_parser_feed(parser, md, md.utf8.count)
        let doc = cmark_parser_finish(parser)!
        defer { cmark_node_free(doc) }
        let out = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser))!
        defer { free(out) }
        return String(cString: out)
    }

    @Test func recordedStringsCannotInjectMarkupAndAnnotationsRenderInsideTheirItem() throws {
        let cli = try worked(contact: "<img src=x onerror=alert(1)> Ada | Eve", hostile: true)
        let md = try cli.run(["export", "checklist"], env: pass).stdout
        #expect(md.contains("| Database Admin | &lt;img src=x onerror=alert(1)&gt; Ada \\| Eve |"))
        let html = Self.html(md)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("href=\"javascript"), "no markup from the log")
        #expect(!html.contains("<em>b</em>") && html.contains("*b*"), "emphasis from the log is literal")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The skip's reason is a list inside the item's own <li>, after its checkbox and text.
        let item = try #require(
            html.range(
                of:
                    "<li><input type=\"checkbox\" disabled=\"\" /> <strong>N/A</strong> All property-based tests passing\n<ul>\n<li><em>Not applicable</em> (tester, "
            ))
        #expect(html[item.upperBound...].prefix(200).contains("): no property tests here &lt;script&gt;"))
        #expect(html.contains("<td>&lt;img src=x onerror=alert(1)&gt; Ada | Eve</td>"), "the contact stays one cell")
    }

    @Test func theJSONExportCarriesRunsSkipsRollbackAndFollowsItsSchema() throws {
        let cli = try worked()
        try cli.run(["note", "deployment note"], env: pass)
        #expect(try cli.run(["export", "checklist", "--format", "json", "--output", "c.json"], env: pass).status == 0)
        let check = try cli.run(
            [
                "-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))); print('valid')",
                Repository.path("schema/checklist-export.schema.json"), cli.path("c.json"),
            ], executable: "/usr/bin/env", prefix: "python3")
        #expect(check.stdout == "valid\n", "\(check.stderr)")
        let doc = try CanonicalJSON.parse(Array(try Data(contentsOf: URL(fileURLWithPath: cli.path("c.json"))).dropLast()))
        let items = try #require(doc["items"]?.arrayValue)
        func item(_ id: String) -> JSONValue? { items.first { $0["id"] == .string(id) } }
        #expect(item("1.1.4")?["not_applicable_reason"] == "no property tests here")
        #expect(item("1.1.1")?["not_applicable_reason"] == .null)
        let run = try #require(item("7.2.2.4")?["runs"]?.arrayValue?.first)
        #expect(run["command"] == ["sh", "-c", "echo `date`; exit 3"] && run["outcome"] == "exited" && run["exit_code"] == 3)
        #expect(run["succeeded"] == false && run["actor"] == "tester" && (run["duration_ms"]?.intValue ?? -1) >= 0)
        #expect(run["stdout"]?["recorded"] == true && run["stderr"]?["size"] == 0)
        #expect(item("7.2.1.1")?["runs"]?.arrayValue?.first?["exit_code"] == 0)
        #expect(doc["rollback"]?["criterion"] == "R2" && doc["rollback"]?["details"] == "p95 up 40%" && doc["rollback"]?["completed"] == false)
        #expect(doc["rollback"]?["decided_by"] == "tester" && doc["rollback"]?["role"] == "Deployment Lead")
        #expect(doc["first_signoff"] == .null)
        #expect(doc["notes"]?.arrayValue?.first?["text"] == "deployment note" && doc["notes"]?.arrayValue?.first?["after_signoff"] == false)
    }

    @Test func notesAfterTheSignoffAreAPartOfTheirOwn() throws {
        let cli = CLI()
        try cli.initLedger()
        let env = ["LEDGER_PASSPHRASE": "pass", "LEDGER_KEY_PASSPHRASE": "kp"]
        // The fixture with a notes block added, so that the signed body has one.
        let template =
            try String(contentsOf: Repository.fixture("release-checklist.md"), encoding: .utf8) + "\n### Post-Deployment Notes\n\n```\n[notes]\n```\n"
        try Data(template.utf8).write(to: URL(fileURLWithPath: cli.path("release.md")))
        for args in [
            ["deploy", "start", "--name", "R1", "--template", "release.md"],
            ["key", "new", "--name", "dana", "--kdf-memory", "19"], ["key", "new", "--name", "sam", "--kdf-memory", "19"],
            ["roster", "add", "--role", "Deployment Lead", "--key", "dana.key.pub"],
            ["roster", "add", "--role", "Security Lead", "--key", "sam.key.pub"],
            ["tick", "deploy"], ["tick", "health"], ["tick", "smoke"], ["note", "seen by both"],
            ["sign", "--role", "Deployment Lead", "--key", "dana.key"],
            ["note", "after the first signature <b>"], ["note", "--item", "2.1", "late item note"],
            ["sign", "--role", "Security Lead", "--key", "sam.key"],
        ] {
            let r = try cli.run(args, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let md = try cli.run(["export", "checklist"], env: env).stdout
        let body = try #require(md.components(separatedBy: "\n---\n\n## Added after sign-off\n").first)
        #expect(body.contains(" tester: seen by both\n```"), "the note before the sign-off is in the notes block")
        #expect(!body.contains("after the first signature") && !body.contains("late item note"), "later notes are not in the signed body")
        let after = try #require(md.components(separatedBy: "\n## Added after sign-off\n").last)
        #expect(after.hasPrefix("\nRecorded after the first sign-off (record "))
        #expect(after.contains(" by tester as Deployment Lead); not part of what was signed.\n\n- "))
        #expect(after.contains(/- [0-9T:.Z-]+ tester: after the first signature &lt;b&gt;\n- [0-9T:.Z-]+ tester, on 2\.1 health checks: late item note\n$/))
        let json = try CanonicalJSON.parse(Array(try cli.run(["export", "checklist", "--format", "json"], env: env).stdout.dropLast().utf8))
        #expect(json["first_signoff"]?["role"] == "Deployment Lead")
        #expect(json["notes"]?.arrayValue?.map { $0["after_signoff"] } == [false, true])
        #expect(json["items"]?.arrayValue?[1]["notes"]?.arrayValue?.first?["after_signoff"] == true)
    }
}
