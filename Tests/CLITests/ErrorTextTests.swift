import Foundation
import LedgerCore
import LedgerStore
import Testing

@testable import ledger

/// The CLI words the library's error values (decision 0009): the `ledger: error:` and
/// `ledger: hint:` lines keep the sentences they had when the library wrote them.
@Suite struct ErrorTextTests {
    func thrown(_ body: () throws -> Void) -> LedgerError? {
        do { try body(); return nil } catch { return error as? LedgerError }
    }

    @Test func aMissingOrForeignFileReadsAsBefore() throws {
        let cli = CLI()
        let absent = cli.path("absent.ledger"), text = cli.path("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let missing = try #require(thrown { _ = try LedgerFile.open(at: absent) })
        #expect(
            ErrorText.lines(missing) == [
                "ledger: error: no ledger at '\(absent)'",
                "ledger: hint: create one with 'ledger init \(absent)', or name another with --ledger or LEDGER_FILE",
            ])
        #expect(ErrorText.exitCode(missing) == 1)
        let foreign = try #require(thrown { _ = try LedgerFile.open(at: text) })
        #expect(
            ErrorText.lines(foreign) == [
                "ledger: error: '\(text)' is not a ledger file (SQLite: file is not a database)",
                "ledger: hint: check the path; a ledger is made by 'ledger init'",
            ])
        #expect(ErrorText.exitCode(foreign) == 6)
    }

    @Test func theCLIWordsItsOwnFlags() {
        let e = LedgerError(
            .usage, "accepting open items needs a reason", .acceptedWithoutReason,
            hint: "say why the open items are acceptable; the reason is signed")
        #expect(
            ErrorText.lines(e) == [
                "ledger: error: --accept-open needs --reason TEXT",
                "ledger: hint: say why the open items are acceptable; the reason is signed",
            ])
        #expect(ErrorText.exitCode(e) == 64)
    }

    @Test func aRemedyIsWordedWithItsObject() {
        #expect(ErrorText.sentence(.signAs(role: "QA Lead", held: "Security Lead")) == "sign with the key of a QA Lead, or choose --role 'Security Lead'")
        #expect(
            ErrorText.sentence(.addToRoster(role: "QA Lead"))
                == "a lead's public key is added once with 'ledger roster add --role \"QA Lead\" --key FILE.pub'")
        #expect(ErrorText.sentence(.nameItemAlone(item: "2.1")) == "name the item alone ('2.1'); sections are numbered as 'ledger show' prints them")
    }

    @Test func anErrorWithoutARemedyKeepsItsOwnWords() {
        let plain = LedgerError(.failure, "'x' already exists", hint: "choose another file; ledger never overwrites one")
        #expect(ErrorText.lines(plain) == ["ledger: error: 'x' already exists", "ledger: hint: choose another file; ledger never overwrites one"])
        #expect(ErrorText.lines(LedgerError(.failure, "no hint")) == ["ledger: error: no hint"])
        let both = LedgerError(.usage, "no deployment 'R3' in 'x'", .unknownDeployment(query: "R3"), hint: "plain words", remedy: .startDeployment)
        #expect(ErrorText.lines(both).last == "ledger: hint: start one with 'ledger deploy start --name NAME'", "the remedy is the CLI's hint")
    }
}
