import Foundation
import Testing

@testable import ledger

/// `--tz NAME` reads the system's time zone database itself (`TZif`, `PosixTZ`; decision
/// 0020): it must give the offsets Foundation's ICU time zones give, for the zones and years
/// a deployment is read in.
@Suite struct TimeZoneFileTests {
    static let zones = [
        "Europe/Berlin", "Europe/London", "Europe/Dublin", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
        "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham",
        "Pacific/Auckland", "Africa/Casablanca", "America/St_Johns", "Etc/GMT+5", "UTC",
    ]

    /// Every 6 hours over 2019-2045 (Debian's files list transitions up to 2037; after that the
    /// footer rules count), and the seconds around every transition Foundation reports.
    @Test("the offsets agree with Foundation's TimeZone over 2019-2045", arguments: zones)
    func agreesWithFoundation(_ name: String) throws {
        let tz = try #require(DisplayZone.named(name), "\(name) is in /usr/share/zoneinfo")
        let zone = try #require(TimeZone(identifier: name))
        let from: Int64 = 1_546_300_800, to: Int64 = 2_366_841_600  // 2019-01-01, 2045-01-01
        var t = from
        var mismatches: [String] = []
        while t < to {
            let want = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
            if tz.offset(at: t) != want { mismatches.append("\(t): \(tz.offset(at: t)) != \(want)") }
            if let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(t))), Int64(next.timeIntervalSince1970) < t + 21_600 {
                let at = Int64(next.timeIntervalSince1970)
                for probe in [at - 1, at, at + 1] {
                    let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(probe)))
                    if tz.offset(at: probe) != expected { mismatches.append("around \(at): \(probe) \(tz.offset(at: probe)) != \(expected)") }
                }
            }
            t += 21_600
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.prefix(5))")
    }

    @Test("the footer rules: the European and southern rules, <+05> names, hours past 24, Jn and n days")
    func posixRules() throws {
        let cet = try #require(PosixTZ("CET-1CEST,M3.5.0,M10.5.0/3"))
        #expect(cet.offset(at: 1_774_746_000 - 1) == 3600 && cet.offset(at: 1_774_746_000) == 7200)  // 2026-03-29 01:00Z
        #expect(cet.offset(at: 1_792_890_000 - 1) == 7200 && cet.offset(at: 1_792_890_000) == 3600)  // 2026-10-25 01:00Z
        let syd = try #require(PosixTZ("AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(syd.offset(at: 1_767_225_600) == 39_600 && syd.offset(at: 1_782_864_000) == 36_000)  // 2026-01-01, 2026-07-01
        #expect(PosixTZ("<+0545>-5:45") == PosixTZ("<+0545>-05:45") && PosixTZ("<+0545>-5:45")?.offset(at: 0) == 20_700)
        #expect(PosixTZ("EST5EDT,0/0,J365/25")?.daylight == -14_400)
        #expect(PosixTZ("IST-2IDT,M3.4.4/26,M10.5.0")?.start?.time == 26 * 3600)
        #expect(PosixTZ("UTC0")?.offset(at: 0) == 0 && PosixTZ("<-03>3")?.offset(at: 0) == -10_800)
        for bad in ["", "C", "CET", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-25", "<AB>1", "CET-1CEST,M3.5.0,M10.5.0/168"] {
            #expect(PosixTZ(bad) == nil, "\(bad)")
        }
    }

    @Test("a name outside the database, a path out of it, or a file that is no TZif is no zone")
    func refusals() throws {
        for name in [
            "Mars/Olympus", "../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "Europe//Berlin", "Europe", "zone.tab", "", "Europe/Berlin\u{0}",
        ] {
            #expect(DisplayZone.named(name) == nil, "\(name)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tzif-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let real = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/Berlin")))
        try Data(real).write(to: scratch.appendingPathComponent("Good"))
        #expect(DisplayZone.named("Good", directory: scratch.path) != nil)
        for cut in [0, 4, 44, real.count / 2, real.count - 1] {
            try Data(real.prefix(cut)).write(to: scratch.appendingPathComponent("Cut"))
            #expect(DisplayZone.named("Cut", directory: scratch.path) == nil, "cut at \(cut)")
        }
        var seed: UInt64 = 7
        for _ in 0..<300 {  // flipped bytes: a zone or none, never a trap
            var bytes = real
            seed = seed &* 6_364_136_223_846_793_005 &+ 1
            bytes[Int(seed >> 33) % bytes.count] ^= UInt8(truncatingIfNeeded: seed >> 17) | 1
            try Data(bytes).write(to: scratch.appendingPathComponent("Flip"))
            _ = DisplayZone.named("Flip", directory: scratch.path)?.offset(at: 1_800_000_000)
        }
    }
}
