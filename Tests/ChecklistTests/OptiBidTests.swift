import Testing

@testable import Checklist

@Suite("Embedded OptiBid checklist")
struct OptiBidTests {
    let template = ChecklistTemplate.embeddedOptiBid()

    @Test("counts: 251 items, 36 nested, 25 fenced code blocks, 10 numbered sections, 4 signers")
    func counts() {
        #expect(template.itemCount == 251)
        #expect(template.nestedItemCount == 36)
        #expect(template.codeBlocks.count == 25)
        #expect(template.numberedSections.count == 10)
        #expect(template.signerRoles.count == 4)
        #expect(template.title == "Production Deployment Checklist")
    }

    @Test("numbered sections match the table of contents")
    func tableOfContents() {
        let titles = template.numberedSections.map { "\($0.number ?? "?"). \($0.plainTitle)" }
        #expect(
            titles == [
                "1. Pre-Deployment Preparation", "2. Security Configuration", "3. Infrastructure Setup",
                "4. Database Preparation", "5. Application Configuration", "6. Monitoring & Logging",
                "7. Deployment Execution", "8. Post-Deployment Verification", "9. Rollback Procedure",
                "10. Sign-Off",
            ])
        #expect(template.sections.count == 1, "one H1 holds everything")
        #expect(template.sections[0].number == nil, "the title is not numbered")
        #expect(template.sections[0].children.count == 13)
    }

    @Test("hierarchical ids")
    func ids() throws {
        #expect(try template.resolve("All code changes reviewed and approved").id == "1.1.1")
        #expect(try template.resolve("Create database backup").id == "7.2.1.1")
        let parent = try #require(template.item("2.2.1"))
        #expect(parent.text == "JWT token expiration configured")
        #expect(parent.children == ["2.2.1.1", "2.2.1.2"])
        let child = try #require(template.item("2.2.1.1"))
        #expect(child.text == "`ACCESS_TOKEN_EXPIRE_MINUTES=30`")
        #expect(child.plainText == "ACCESS_TOKEN_EXPIRE_MINUTES=30")
        #expect(child.parent == "2.2.1")
        #expect(child.depth == 1 && parent.depth == 0)
        #expect(child.sectionNumber == "2.2")
        #expect(
            child.sectionPath == [
                "Production Deployment Checklist", "Security Configuration",
                "Authentication & Authorization",
            ])
        #expect(template.items.last?.id == "10.1.6")
        #expect(template.items.map(\.id) == template.items.map(\.id).sorted(), "ids ascend in document order")
    }

    @Test("sections resolve by number, slug and title")
    func sections() throws {
        let steps = try template.resolveSection("7.2")
        #expect(steps.plainTitle == "Deployment Steps")
        #expect(steps.items.isEmpty && steps.holdsItems)
        #expect(steps.children.map(\.number) == ["7.2.1", "7.2.2", "7.2.3", "7.2.4"])
        let migration = try template.resolveSection("7.2.1")
        #expect(migration.title == "1. Database Migration")
        #expect(migration.level == 4)
        #expect(migration.items == ["7.2.1.1", "7.2.1.2", "7.2.1.3", "7.2.1.4"])
        #expect(try template.resolveSection("deployment-steps").number == "7.2")
        #expect(try template.resolveSection("when to roll").number == nil)
        #expect(template.text(in: migration.headingRange) == "#### 1. Database Migration")
        #expect(template.text(in: migration.range).hasSuffix("curl http://localhost:8000/migrations/status\n  ```\n\n"))
        let restart = try template.resolveSection("7.2.4")
        #expect(template.text(in: restart.range).hasSuffix("- [ ] Verify all services running\n\n---\n\n"))
    }

    @Test("fenced code blocks belong to the step they follow")
    func codeBlocks() throws {
        let backup = try template.resolve("7.2.1.1")
        #expect(backup.codeBlocks.count == 1)
        #expect(backup.codeBlocks[0].language == "bash")
        #expect(backup.codeBlocks[0].code.hasPrefix("pg_dump -h host"))
        #expect(backup.codeBlocks[0].owner == .item("7.2.1.1"))
        let migrations = try template.resolve("Run migrations")
        #expect(migrations.codeBlocks.first?.code.contains("migration_runner --dry-run") == true)
        #expect(try template.resolve("Verify migration success").codeBlocks.isEmpty)
        let itemBlocks = template.items.reduce(0) { $0 + $1.codeBlocks.count }
        #expect(itemBlocks == 19)
        let appendix = try template.resolveSection("Check Logs")
        #expect(appendix.codeBlocks.count == 1)
        #expect(appendix.codeBlocks[0].owner == .section(appendix.index))
    }

    @Test("slugs are readable and unique")
    func slugs() throws {
        #expect(try template.resolve("7.2.1.1").slug == "create-database-backup")
        #expect(try template.resolve("2.1.1").slug == "secret-key-changed-from-default")
        #expect(try template.resolve("7.2.2.5").slug == "verify-application-started")
        #expect(try template.resolve("9.1.3.4").slug == "verify-application-started-2")
        #expect(Set(template.items.map(\.slug)).count == 251)
        for item in template.items {
            #expect(!item.slug.isEmpty && !item.slug.hasPrefix("-") && !item.slug.hasSuffix("-"))
            #expect(item.slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        }
    }

    @Test("rollback criteria R1–R5")
    func rollbackCriteria() {
        #expect(template.rollbackCriteria.map(\.id) == ["R1", "R2", "R3", "R4", "R5"])
        #expect(
            template.rollbackCriteria.map(\.text) == [
                "Critical bugs discovered", "Performance degradation", "Data integrity issues",
                "Security vulnerabilities", "Service unavailability",
            ])
        #expect(template.rollbackCriteria.first?.line == 414)
    }

    @Test("signer roles with Name/Date/Signature ranges")
    func signerRoles() throws {
        #expect(
            template.signerRoles.map(\.name) == [
                "Deployment Lead", "Technical Lead", "Security Lead",
                "Operations Lead",
            ])
        for role in template.signerRoles {
            #expect(role.fields.map(\.kind) == [.name, .date, .signature])
            for field in role.fields {
                #expect(template.text(in: field.valueRange) == "___________________________")
                #expect(template.text(in: field.lineRange).hasPrefix("- \(field.kind.rawValue.capitalized): "))
            }
        }
        #expect(template.signerRoles[0].field(.name)?.line == 478)
    }

    @Test("emergency contacts table and notes block are located")
    func contactsAndNotes() throws {
        let contacts = try #require(template.emergencyContacts)
        #expect(contacts.columns == ["Role", "Name", "Phone", "Email"])
        #expect(
            contacts.rows.map(\.key) == [
                "Deployment Lead", "Technical Lead", "Security Lead",
                "Operations Lead", "Database Admin", "On-Call Engineer",
            ])
        #expect(contacts.rows.allSatisfy { $0.cells.count == 4 })
        #expect(template.text(in: contacts.rows[0].cells[1].range) == " ")
        #expect(template.tables.count == 2)
        let notes = try #require(template.notes)
        #expect(notes.line == 499)
        #expect(template.text(in: notes.contentRange).hasPrefix("[Document any issues encountered"))
        #expect(template.text(in: notes.openingFence) == "```")
        #expect(template.allSections[notes.sectionIndex].plainTitle == "Post-Deployment Notes")
    }

    @Test("resolve accepts number, slug and a unique text prefix")
    func resolve() throws {
        #expect(try template.resolve("7.2.1.1").text == "Create database backup")
        #expect(try template.resolve("create-database-backup").id == "7.2.1.1")
        #expect(try template.resolve("  CREATE DATABASE b ").id == "7.2.1.1")
        #expect(try template.resolve("SECRET_KEY changed").id == "2.1.1", "plain text matches too")
        #expect(try template.resolve("`SECRET_KEY`").id == "2.1.1", "source text matches too")
    }

    @Test("ambiguous references list the candidates")
    func ambiguous() {
        #expect {
            try template.resolve("verify application started")
        } throws: { error in
            guard case .ambiguousItem(_, let candidates) = error as? ChecklistError else { return false }
            return candidates.map(\.id) == ["7.2.2.5", "9.1.3.4"]
        }
        do {
            _ = try template.resolve("Database")
            Issue.record("expected an ambiguity")
        } catch {
            #expect(error.description == "'Database' matches 13 items")
            #expect(error.hint.hasPrefix("be more specific or use the number: 1.4.1 (Database backup completed), "))
            #expect(error.hint.hasSuffix(" and 8 more"))
        }
    }

    @Test("unknown references suggest the nearest items")
    func unknown() {
        do {
            _ = try template.resolve("7.2.9")
            Issue.record("expected an unknown item")
        } catch {
            #expect(error.description == "no item '7.2.9' in the checklist")
            #expect(error.hint.hasPrefix("did you mean 7.2.1.1 (Create database backup)"))
            guard case .unknownItem(_, let suggestions) = error else { return }
            #expect(suggestions.count == 3)
            #expect(suggestions.allSatisfy { $0.id.hasPrefix("7.2.") })
        }
        do {
            _ = try template.resolve("creat databse backup")
            Issue.record("expected an unknown item")
        } catch {
            #expect(error.hint == "did you mean 7.2.1.1 (Create database backup)?")
        }
        #expect(throws: ChecklistError.emptyQuery) { try template.resolve("   ") }
        #expect(throws: ChecklistError.unknownItem(query: "zzzzzzzzzzzzzzz", suggestions: [])) {
            try template.resolve("zzzzzzzzzzzzzzz")
        }
        #expect(throws: ChecklistError.self) { try template.resolveSection("7.9") }
    }
}
