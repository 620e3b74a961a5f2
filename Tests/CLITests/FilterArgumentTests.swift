import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import ledger

/// `--since`/`--until`/`--kind`/`--tz` as the command line reads them: every accepted form
/// gives its exact instant, everything else is refused (nothing is read as "midnight").
@Suite struct FilterArgumentTests {
    static let now = Timestamp(rfc3339: "2026-12-02T16:00:00.000Z")!

    func instant(_ text: String, _ bound: TimeArgument.Bound = .since, tz: String? = nil) throws -> String {
        try TimeArgument.parse(text, option: "--since", bound: bound, zone: DisplayZone(tz), now: Self.now).description
    }

    func refusal(_ text: String, tz: String? = nil) -> String? {
        do { _ = try instant(text, tz: tz); return nil } catch let e as LedgerError { return e.category == .usage ? e.message : "not usage" } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("2026-12-02", "UTC", "2026-12-02T00:00:00.000Z"),
        ("2026-12-02", "+05:30", "2026-12-01T18:30:00.000Z"),
        ("2026-12-02", "Europe/Berlin", "2026-12-01T23:00:00.000Z"),
        ("2024-02-29", "UTC", "2024-02-29T00:00:00.000Z"),
        ("2026-12-02 14:50", "UTC", "2026-12-02T14:50:00.000Z"),
        ("2026-12-02T14:50:48", "UTC", "2026-12-02T14:50:48.000Z"),
        ("2026-12-02T14:50:48", "Europe/Berlin", "2026-12-02T13:50:48.000Z"),
        ("2026-07-01T12:00", "Europe/Berlin", "2026-07-01T10:00:00.000Z"),
        ("2026-12-02T14:50", "-0330", "2026-12-02T18:20:00.000Z"),
        ("2026-12-02T14:50:48.25Z", "Europe/Berlin", "2026-12-02T14:50:48.250Z"),
        ("2026-12-02t14:50:48.007z", "UTC", "2026-12-02T14:50:48.007Z"),
        ("2026-12-02T14:50:48+0130", "UTC", "2026-12-02T13:20:48.000Z"),
        ("2026-12-02 14:50-05:00", "Europe/Berlin", "2026-12-02T19:50:00.000Z"),
        ("2026-10-25T02:30+01:00", "Europe/Berlin", "2026-10-25T01:30:00.000Z"),
        ("2026-10-25T02:30+02:00", "Europe/Berlin", "2026-10-25T00:30:00.000Z"),
        ("-45s", "UTC", "2026-12-02T15:59:15.000Z"),
        ("-30m", "UTC", "2026-12-02T15:30:00.000Z"),
        ("-2h", "Europe/Berlin", "2026-12-02T14:00:00.000Z"),
        ("-7d", "UTC", "2026-11-25T16:00:00.000Z"),
        ("-2w", "UTC", "2026-11-18T16:00:00.000Z"),
    ])
    func acceptedFormsGiveTheirExactInstant(_ text: String, _ tz: String, _ expected: String) throws {
        #expect(try instant(text, tz: tz) == expected)
    }

    @Test func aDateOnlyUntilIncludesTheWholeDayInTheZone() throws {
        #expect(try instant("2026-12-02", .until) == "2026-12-02T23:59:59.999Z")
        #expect(try instant("2026-12-02", .until, tz: "Europe/Berlin") == "2026-12-02T22:59:59.999Z")
        #expect(try instant("2026-03-29", .until, tz: "Europe/Berlin") == "2026-03-29T21:59:59.999Z", "a 23-hour day")
        #expect(try instant("2026-12-31", .until, tz: "-18:00") == "2027-01-01T17:59:59.999Z")
        #expect(try instant("2026-12-02T10:00", .until) == "2026-12-02T10:00:00.000Z", "a time is not widened")
    }

    @Test func aDayWhoseMidnightIsSkippedStartsWhenTheClocksJump() throws {
        // Chile moves from -04:00 to -03:00 at midnight: 2026-09-06 starts at 01:00 local.
        #expect(try instant("2026-09-06", tz: "America/Santiago") == "2026-09-06T04:00:00.000Z")
        #expect(try instant("2026-09-05", .until, tz: "America/Santiago") == "2026-09-06T03:59:59.999Z")
    }

    @Test(arguments: [
        "2026-12-02garbage", "2026-12-02T14:50:48Zgarbage", "2026-12-02T14:50:48+01:00x", " 2026-12-02", "2026-12-02 ",
        "2026-12-2", "26-12-02", "2026-12-02T14", "2026-12-02T1450", "2026-12-02Z", "2026-12-02T14:50:48.", "2026/12/02",
        "2026-12-02T14:50+19:00", "2026-12-02T14:50+01:60", "2026-12-02T14:50+1", "yesterday", "", "now", "2h", "+2h", "-2",
        "-h", "-2y", "-2H", "-1e3h", "--2h", "-2h ", "-99999999999999d", "-9223372036854775807s", "２０２６-12-02",
        "2026-12-02T14:50:48\u{1B}[2J",
    ])
    func otherTextIsNotATime(_ text: String) {
        let why = refusal(text)
        #expect(why != nil, "accepted '\(text)'")
        #expect(why?.contains("\u{1B}") != true)
    }

    @Test(arguments: [
        ("2026-13-01", "is not a date: 2026-13-01 does not exist"), ("2026-00-10", "does not exist"),
        ("2026-02-30", "is not a date: 2026-02-30 does not exist"), ("2100-02-29", "does not exist"), ("2026-04-31", "does not exist"),
        ("2026-12-02T24:00", "is not a time of day"), ("2026-12-02T14:60", "is not a time of day"),
        ("2026-12-02T14:50:60", "is not a time of day"), ("2026-12-02T14:50:48.1234", "more than three fractional digits"),
        ("-999999999999w", "reaches before the year 1"),
    ])
    func impossibleDatesAndTimesSayWhy(_ text: String, _ why: String) {
        #expect(refusal(text)?.contains(why) == true, "\(refusal(text) ?? "accepted")")
    }

    @Test func localTimesInADaylightSavingGapOrOverlapAreRefused() {
        #expect(
            refusal("2026-03-29T02:30", tz: "Europe/Berlin")
                == "--since '2026-03-29T02:30' does not exist in Europe/Berlin: the clocks skip it (daylight saving)")
        #expect(
            refusal("2026-10-25 02:30", tz: "Europe/Berlin")
                == "--since '2026-10-25 02:30' happens twice in Europe/Berlin (daylight saving ends): 2026-10-25T02:30:00.000+02:00 or 2026-10-25T02:30:00.000+01:00"
        )
        #expect(refusal("2026-03-29T02:30", tz: "+01:00") == nil, "a fixed offset has no gap")
    }

    @Test func offsetsBeyondEighteenHoursAreRefusedNotTrapped() throws {
        #expect(try DisplayZone("+18:00").display(Self.now) == "2026-12-03T10:00:00.000+18:00")
        #expect(try DisplayZone("-1800").display(Self.now) == "2026-12-01T22:00:00.000-18:00")
        for t in ["+18:01", "+23:59", "-18:30", "+99:99", "+05:60"] {
            #expect(throws: LedgerError.self, "\(t)") { try DisplayZone(t) }
        }
        do { _ = try DisplayZone("+18:01") } catch {
            #expect(error.message == "time zone offset '+18:01' is out of range: offsets go from -18:00 to +18:00")
        }
        for t in ["Mars/Olympus", "", " UTC", "Europe/Berlin\u{1B}[2J", "../../etc/passwd"] {
            #expect(throws: LedgerError.self, "\(t)") { try DisplayZone(t) }
        }
    }

    @Test func kindsThatMatchNothingAreRefusedWithTheKnownKinds() throws {
        #expect(try KindArgument.check(["item.", "note", "contact.set"]) == ["item.", "note", "contact.set"])
        for k in ["contact", "tick", "zzz.", "item", "", "note."] {
            #expect(throws: LedgerError.self, "\(k)") { try KindArgument.check([k]) }
        }
        do { _ = try KindArgument.check(["note", "contact"]) } catch {
            #expect(error.message == "--kind 'contact' matches no event kind; for every contact.* kind give 'contact.'")
            #expect(error.hint?.hasPrefix("the kinds are: ledger.created, note, deployment.started, item.ticked,") == true)
            #expect(
                error.hint?.hasSuffix("or a prefix: action., contact., deployment., evidence., item., ledger., rollback., roster.") == true,
                "\(error.hint ?? "")")
        }
    }

    // MARK: on the command line

    static let pass = TestSecrets.cliEnvironment

    /// The seqs and the time of the records a jsonl export with `args` keeps.
    func exported(_ cli: CLI, _ args: [String]) throws -> (status: Int32, seqs: [Int64], times: [String], stderr: String) {
        let r = try cli.run(["export", "timeline", "--format", "jsonl"] + args, env: Self.pass)
        let entries = r.stdout.split(separator: "\n").dropFirst().compactMap { try? CanonicalJSON.parse(Array($0.utf8)) }
        return (r.status, entries.compactMap { $0["seq"]?.intValue }, entries.compactMap { $0["time"]?.stringValue }, r.stderr)
    }

    @Test func exportFiltersReadTimesWholeAndIncludeTheUntilDay() throws {
        let cli = CLI()
        try cli.initLedger()
        try cli.run(["note", "first"], env: Self.pass)
        let all = try exported(cli, [])
        #expect(all.seqs == [1, 2])
        let today = String(all.times[1].prefix(10))
        #expect(try exported(cli, ["--until", today]).seqs == [1, 2], "a date-only --until includes its day")
        #expect(try exported(cli, ["--since", today]).seqs == [1, 2])
        #expect(try exported(cli, ["--since", "-1h"]).seqs == [1, 2])
        #expect(try exported(cli, ["--until", "-1h"]).seqs == [])
        #expect(try exported(cli, ["--until=-1h"]).seqs == [])
        #expect(try exported(cli, ["--since", all.times[1]]).seqs == [2])
        #expect(try exported(cli, ["--kind", "note"]).seqs == [2])
        for (bad, why) in [
            (["--since", today + "garbage"], "is not a time"), (["--until", "2026-02-30"], "is not a date: 2026-02-30 does not exist"),
            (["--since", "2026-12-02T24:00"], "is not a time of day"),
        ] {
            let r = try exported(cli, bad)
            #expect(r.status == 64 && r.seqs.isEmpty, "\(bad)")
            #expect(r.stderr.hasPrefix("ledger: error: \(bad[0]) '\(bad[1])' \(why)"), "\(r.stderr)")
        }
        let kind = try exported(cli, ["--kind", "contact"])
        #expect(kind.status == 64)
        #expect(
            kind.stderr.hasPrefix(
                "ledger: error: --kind 'contact' matches no event kind; for every contact.* kind give 'contact.'\nledger: hint: the kinds are: ledger.created, note,"
            ))
        for tz in [["--tz", "+18:01"], ["--tz", "+23:59"], ["--tz=-18:30"]] {
            let r = try exported(cli, tz)
            #expect(r.status == 64, "\(tz): exit \(r.status)")
            #expect(r.stderr.hasPrefix("ledger: error: time zone offset"), "\(r.stderr)")
        }
        #expect(try exported(cli, ["--tz", "+18:00"]).status == 0)
    }
}
