import Foundation
import LedgerCore
import Testing

@testable import ledger

/// Nothing ends the process with a signal: 100 000 seeded cases by default (12 000 stored
/// values, 88 000 option values; about 75 s in a debug build on two busy cores), run in-process (a trap kills the test runner, and the
/// crash note prints the case first). `LEDGER_FUZZ_SEED=N` repeats a run, `LEDGER_FUZZ_SCALE=F`
/// runs F times as many cases. Every case runs the cheap readers that meet the value; a
/// seeded sample also runs the costly ones (decryption, exports, a fresh unlock, the
/// nearest-name search, a whole command-line parse, a whole command).
@Suite(.serialized) struct NoCrashFuzzTests {
    static let storedCases = 12_000
    static let optionCases = 88_000

    @Test func everyStoredValueIsReadWithoutCrashingAndEveryChangeToARecordIsFound() throws {
        CrashNote.install()
        let fuzz = try StoredValueFuzz()
        var r = FuzzRandom(seed: FuzzSettings.seed)
        let n = FuzzSettings.cases(Self.storedCases)
        print("stored-value fuzz: seed \(FuzzSettings.seed) (LEDGER_FUZZ_SEED), \(n) cases")
        let start = Date()
        var applied = 0, refused = 0, decrypted = 0, everything = 0, unlocks = 0
        ThrowHooks.withoutBacktraces {
            for i in 0..<n {
                guard let change = fuzz.mutate(&r) else { refused += 1; continue }
                applied += 1
                let about = "stored-value case \(i) of seed \(FuzzSettings.seed): \(change.description)"
                CrashNote.set(TerminalText.safe(about))
                var depth = StoredValueFuzz.Depth()
                depth.everything = r.chance(1.0 / 500)
                depth.decrypt = depth.everything || r.chance(1.0 / 16)
                depth.unlock = change.table != "events" && r.chance(change.table == "keys" ? 0.2 : 0.08)
                if change.table == "events", depth.decrypt { decrypted += 1 }
                if depth.everything { everything += 1 }
                if depth.unlock { unlocks += 1 }
                let findings = fuzz.readEverything(change, depth)
                if change.mustBeFound {
                    #expect(findings.map { !$0.isEmpty } ?? true, "\(about): keyless verify found nothing")
                }
                fuzz.restore(change.table)
                CrashNote.clear()
            }
        }
        print(
            "stored-value fuzz: \(applied) changes read by the keyless readers (\(refused) refused by SQLite), \(decrypted) events changes also decrypted, "
                + "\(everything) through every export, \(unlocks) keys/meta changes unlocked afresh, in \(Int(Date().timeIntervalSince(start))) s")
        #expect(applied > n / 2)
        #expect(fuzz.readEverything(.init(table: "events", description: "pristine"), .init())?.isEmpty == true, "the file is put back each time")
    }

    @Test func everyOptionValueIsParsedWithoutCrashing() throws {
        CrashNote.install()
        let fuzz = try OptionFuzz()
        var r = FuzzRandom(seed: FuzzSettings.seed ^ 0x5EED)
        let n = FuzzSettings.cases(Self.optionCases)
        print(
            "option fuzz: seed \(FuzzSettings.seed) (LEDGER_FUZZ_SEED), \(n) cases over \(fuzz.commands.count) commands, \(fuzz.commands.map(\.arguments.count).reduce(0, +)) arguments"
        )
        #expect(fuzz.commands.count >= 25)
        let start = Date()
        var parses = 0, parsed = 0, whole = 0, suggested = 0
        ThrowHooks.withoutBacktraces {
            for i in 0..<n {
                let (command, argument, value, argv) = fuzz.commandLine(&r)
                CrashNote.set(
                    "option case \(i) of seed \(FuzzSettings.seed): ledger \(argv.map { "'\(TerminalText.safe(String($0.debugDescription.dropFirst().dropLast())))'" }.joined(separator: " "))"
                )
                // ArgumentParser takes 20 ms to 1 s a parse in a debug build: a sample is parsed whole.
                if i % 4_400 == 0 { parses += 1; if fuzz.parse(argv) != nil { parsed += 1 } }
                let suggest = r.chance(1.0 / 100)
                if suggest { suggested += 1 }
                fuzz.readValue(argument.name, value, &r, suggest: suggest)
                if i % 11_000 == 0 { whole += 1; fuzz.runWhole(command, argument, argv) }
                CrashNote.clear()
            }
        }
        print(
            "option fuzz: \(n) values read by their readers (\(suggested) with the nearest-name search), \(parses) command lines parsed whole "
                + "(\(parsed) accepted), \(whole) commands run whole, in \(Int(Date().timeIntervalSince(start))) s")
        #expect(parsed > 0)
    }
}
