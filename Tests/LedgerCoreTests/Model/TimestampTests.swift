import PropertyBased
import Testing

@testable import LedgerCore

@Suite struct TimestampTests {
    @Test func formatsKnownInstants() {
        #expect(Timestamp(millisecondsSinceEpoch: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_795_714_200_123).description == "2026-11-26T17:30:00.123Z")
        #expect(Timestamp(millisecondsSinceEpoch: 951_782_400_000).description == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999Z")
    }

    @Test func displaysInOtherOffsets() {
        let t = Timestamp(millisecondsSinceEpoch: 1_795_714_200_123)
        #expect(t.rfc3339(offsetMinutes: 60) == "2026-11-26T18:30:00.123+01:00")
        #expect(t.rfc3339(offsetMinutes: -330) == "2026-11-26T12:00:00.123-05:30")
    }

    @Test(arguments: ["2026-02-29T00:00:00.000Z", "2026-11-26T17:30:00Z", "2026-11-26T24:00:00.000Z", "2026-11-26 17:30:00.000Z", "2026-13-01T00:00:00.000Z"])
    func rejectsOtherSpellings(_ s: String) {
        #expect(Timestamp(rfc3339: s) == nil)
    }

    @Test func roundTripsEveryInstant() async {
        await propertyCheck(input: Gen.int(in: -62_135_596_800_000...253_402_300_799_999)) { ms in
            let t = Timestamp(millisecondsSinceEpoch: Int64(ms))
            #expect(Timestamp(rfc3339: t.description) == t)
        }
    }
}
