import Testing

@testable import Checklist

/// Which code blocks offer alternatives (docs/CLI.md §ledger run, "Alternatives"), on every
/// block of the embedded OptiBid checklist and on blocks whose comments only explain.
@Suite("Alternatives in a step's commands")
struct AlternativesTests {
    let template = ChecklistTemplate.embeddedOptiBid()

    @Test("OptiBid: 7.2.2.4 and 7.2.1.2 offer alternatives; every other item's commands run whole")
    func optiBidItems() throws {
        let offering = template.items.filter { !$0.alternatives.isEmpty }.map(\.id.rawValue)
        #expect(offering == ["7.2.1.2", "7.2.2.4"])
        let deploy = try #require(template.item("7.2.2.4")).alternatives
        #expect(deploy.map(\.label) == ["Using systemd", "Using Docker", "Using Kubernetes"])
        #expect(deploy.map(\.name) == ["systemd", "Docker", "Kubernetes"])
        #expect(
            deploy.map(\.code) == [
                "# Using systemd\nsudo systemctl restart optibid\n", "# Using Docker\ndocker-compose up -d --build\n",
                "# Using Kubernetes\nkubectl apply -f k8s/\n",
            ])
        let migrate = try #require(template.item("7.2.1.2")).alternatives
        #expect(migrate.map(\.label) == ["In development, test first", "In production"])
        #expect(
            migrate.map(\.code) == [
                "# In development, test first\npython -m app.utils.migration_runner --dry-run\n",
                "# In production\npython -m app.utils.migration_runner\n",
            ])
    }

    @Test("OptiBid appendix: bare names are alternatives, explanatory comments are not")
    func optiBidAppendix() {
        let blocks = template.codeBlocks.filter { $0.code.contains("\n# ") || $0.code.hasPrefix("# ") }
        let labels = blocks.map { Alternatives.of($0.code).map(\.label) }
        #expect(
            labels == [
                ["In development, test first", "In production"], ["Using systemd", "Using Docker", "Using Kubernetes"],
                [],  // # Application logs / # Error logs / # Security logs
                ["Systemd", "Docker", "Kubernetes"],
                [],  // # Connect to database / # Check migration status / # Check migration history
                [],  // # Check Prometheus targets / # Check active alerts / # Check Grafana
            ])
        #expect(Alternatives.of(blocks[3].code)[1].code == "# Docker\ndocker ps\ndocker logs optibid-backend\n", "an alternative keeps all its lines")
    }

    @Test("explanations, one alternative, a shebang or a rule do not split a block")
    func runsWhole() {
        #expect(Alternatives.of("# Connect to database\npsql\n\n# Check status\ncurl x\n").isEmpty)
        #expect(Alternatives.of("# Using systemd\nsystemctl restart x\n\n# Then check it\ncurl x\n").isEmpty, "one alternative heading")
        #expect(Alternatives.of("#!/bin/sh\necho a\n\n#!/bin/sh\necho b\n").isEmpty)
        #expect(Alternatives.of("# ----\necho a\n\n# ----\necho b\n").isEmpty, "a rule is not a name")
        #expect(Alternatives.of("echo a\n# Using x\necho b\n# Using y\necho c\n").isEmpty, "a heading follows a blank line")
        #expect(Alternatives.of("").isEmpty)
    }

    @Test("commands before the first alternative are part of each; a later explanation belongs to its alternative")
    func preambleAndFollowers() {
        let a = Alternatives.of("set -x\ncd /srv\n\n# On Debian:\napt-get install x\n\n# Check it\nx --version\n\n# On Fedora\ndnf install x\n")
        #expect(a.map(\.label) == ["On Debian", "On Fedora"])
        #expect(a.map(\.name) == ["Debian", "Fedora"])
        #expect(a[0].code == "set -x\ncd /srv\n# On Debian:\napt-get install x\n\n# Check it\nx --version\n")
        #expect(a[1].code == "set -x\ncd /srv\n# On Fedora\ndnf install x\n")
        #expect(Alternatives.of("# only a comment\n\n# Using a\nA\n\n# Using b\nB\n")[0].code == "# Using a\nA\n", "a comment-only preamble is not run")
    }

    @Test("a choice by number, label or name, case-insensitive, a unique prefix")
    func choosing() throws {
        let a = try #require(template.item("7.2.2.4")).alternatives
        for (choice, number) in [("2", 2), ("docker", 2), ("USING KUBERNETES", 3), ("sys", 1), ("using d", 2), (" k ", 3)] {
            #expect(try Alternatives.choose(choice, from: a).get().number == number, "\(choice)")
        }
        #expect(throws: Alternatives.Mismatch(candidates: a)) { try Alternatives.choose("using", from: a).get() }
        #expect(throws: Alternatives.Mismatch(candidates: [])) { try Alternatives.choose("podman", from: a).get() }
        #expect(throws: Alternatives.Mismatch(candidates: [])) { try Alternatives.choose("4", from: a).get() }
        #expect(throws: Alternatives.Mismatch(candidates: [])) { try Alternatives.choose("", from: a).get() }
    }
}
