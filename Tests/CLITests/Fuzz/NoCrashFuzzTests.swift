import Foundation
import Testing
import LedgerCore

/// Nothing ends the process with a signal: seeded cases of random and extreme stored
/// values and option values, run in-process (a trap kills the test runner, and the crash
/// note prints the case first). `LEDGER_FUZZ_SEED=N` repeats a run, `LEDGER_FUZZ_SCALE=F`
/// runs F times as many cases (the defaults, 150 + 3 000, take about a minute in a debug
/// build on two shared cores; LEDGER_FUZZ_SCALE=30 runs 94 500, about half an hour).
@Suite(.serialized) struct NoCrashFuzzTests {
    static let storedCases = 150
    static let optionCases = 3_000

    @Test func everyStoredValueIsReadWithoutCrashingAndEveryChangeToARecordIsFound() throws {
        CrashNote.install()
        let fuzz = try StoredValueFuzz()
        var r = FuzzRandom(seed: FuzzSettings.seed)
        let n = FuzzSettings.cases(Self.storedCases)
        print("stored-value fuzz: seed \(FuzzSettings.seed) (LEDGER_FUZZ_SEED), \(n) cases")
        var applied = 0, refused = 0, unlocks = 0
        ThrowHooks.withoutBacktraces {
        for i in 0..<n {
            if i % 500 == 0 { FileHandle.standardError.write(Data("stored-value fuzz: case \(i) at \(Date())\n".utf8)) }
            guard let change = fuzz.mutate(&r) else { refused += 1; continue }
            applied += 1
            let about = "stored-value case \(i) of seed \(FuzzSettings.seed): \(change.description)"
            CrashNote.set(about)
            let unlock = change.table != "events" && (change.table == "keys" || r.chance(0.1))
            if unlock { unlocks += 1 }
            let findings = fuzz.readEverything(change, unlock: unlock)
            if change.mustBeFound {
                #expect(findings.map { !$0.isEmpty } ?? true, "\(about): keyless verify found nothing")
            }
            fuzz.restore(change.table)
            CrashNote.clear()
        }
        }
        print("stored-value fuzz: \(applied) changes read, \(refused) refused by SQLite, \(unlocks) with a fresh unlock")
        #expect(applied > n / 2)
        #expect(fuzz.readEverything(.init(table: "events", description: "pristine"), unlock: false)?.isEmpty == true, "the file is put back each time")
    }

    @Test func everyOptionValueIsParsedWithoutCrashing() throws {
        CrashNote.install()
        let fuzz = try OptionFuzz()
        var r = FuzzRandom(seed: FuzzSettings.seed ^ 0x5EED)
        let n = FuzzSettings.cases(Self.optionCases)
        print("option fuzz: seed \(FuzzSettings.seed) (LEDGER_FUZZ_SEED), \(n) cases over \(fuzz.commands.count) commands, \(fuzz.commands.map(\.arguments.count).reduce(0, +)) arguments")
        #expect(fuzz.commands.count >= 25)
        var parsed = 0, whole = 0
        ThrowHooks.withoutBacktraces {
        for i in 0..<n {
            let (command, argument, value, argv) = fuzz.commandLine(&r)
            CrashNote.set("option case \(i) of seed \(FuzzSettings.seed): ledger \(argv.map { "'\($0.debugDescription.dropFirst().dropLast())'" }.joined(separator: " "))")
            // ArgumentParser takes 0.2-1 s a parse in a debug test process: a sample is parsed.
            if i % 100 == 0, fuzz.parse(argv) != nil { parsed += 1 }
            fuzz.readValue(argument.name, value, &r)
            if i % 9000 == 0 { whole += 1; fuzz.runWhole(command, argument, argv) }
            if i % 10_000 == 0 { FileHandle.standardError.write(Data("option fuzz: case \(i) at \(Date())\n".utf8)) }
            CrashNote.clear()
        }
        }
        print("option fuzz: \(parsed) of \(n) command lines parsed, \(whole) run whole")
        #expect(parsed > 0)
    }
}
