import PropertyBased
import Testing

@testable import LedgerCore

/// The verifier's allocation-free payload check must never accept what the full parser
/// refuses (a record that does not open would then pass verify), and must accept what the
/// ledger writes (or verify would gain nothing).
@Suite struct PayloadSkimTests {
    static func skim(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { PayloadSkim.acceptsEnvelope($0) } }
    static func skimValue(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { PayloadSkim.acceptsValue($0) } }
    static func parses(_ bytes: [UInt8]) -> Bool {
        (try? Event(kind: .note, deployment: DeploymentID(bytes: [UInt8](repeating: 7, count: 16))!, payload: bytes)) != nil
    }

    static let samples: [Event] = [
        Event(kind: .note, by: Actor("dana"), time: Timestamp(millisecondsSinceEpoch: 1_764_000_000_123), data: ["text": "plain"]),
        {
            var e = Event(
                kind: .note, by: Actor("Zoë \u{1F680}"), time: Timestamp(millisecondsSinceEpoch: 0),
                data: ["text": "tab\there \"q\" \\ \u{01}\u{1F} line\nnext", "n": -9_007_199_254_740_991, "list": [1, true, nil, ["a": [:]]]])
            e.role = "Security Lead"
            return e
        }(),
        Event(kind: .itemTicked, by: Actor(""), time: Timestamp(millisecondsSinceEpoch: 253_402_300_799_999), data: [:]),
    ]

    @Test func acceptsThePayloadsTheLedgerWrites() {
        for e in Self.samples {
            #expect(Self.skim(e.payload), "\(String(decoding: e.payload, as: UTF8.self))")
            #expect(Self.skimValue(e.payload))
        }
    }

    @Test func acceptsEveryCanonicalValue() async {
        await propertyCheck(input: CanonicalJSONTests.values) { value in
            #expect(Self.skimValue(value.canonicalBytes))
        }
    }

    /// Random edits of real payloads (a byte replaced, inserted or removed, from bytes that
    /// matter to JSON): whenever the skim accepts the result, the full parser does too.
    @Test func neverAcceptsWhatTheParserRefuses() async {
        let interesting: [UInt8] =
            Array(#"{}[]",:\"-0123456789.eEtrufalsnbu"#.utf8) + [0x00, 0x1F, 0x20, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        let edit = zip(Gen.int(in: 0...2), Gen.int(in: 0...10_000), Gen.int(in: 0...(interesting.count - 1)))
        await propertyCheck(input: Gen.int(in: 0...(Self.samples.count - 1)), edit.array(of: 1...3)) { sample, edits in
            var bytes = Self.samples[sample].payload
            for (op, at, b) in edits {
                let i = at % (bytes.count + 1)
                switch op {
                case 0 where i < bytes.count: bytes[i] = interesting[b]
                case 1: bytes.insert(interesting[b], at: i)
                default: if i < bytes.count { bytes.remove(at: i) }
                }
            }
            if Self.skim(bytes) { #expect(Self.parses(bytes), "\(bytes)") }
            if Self.skimValue(bytes) { #expect((try? CanonicalJSON.parse(bytes)) != nil, "\(bytes)") }
        }
    }

    /// Every `\u00XY` escape, XY any two bytes: the skim and the parser agree exactly.
    @Test func agreesWithTheParserOnEveryUnicodeEscape() {
        var disagreements: [String] = []
        for x in 0...255 {
            for y in 0...255 {
                let bytes: [UInt8] = Array(#""\u00"#.utf8) + [UInt8(x), UInt8(y), 0x22]
                if Self.skimValue(bytes) != ((try? CanonicalJSON.parse(bytes)) != nil) { disagreements.append("\(x),\(y)") }
            }
        }
        #expect(disagreements.isEmpty)
        #expect(Self.skimValue(Array(#""\u001f""#.utf8)))
    }

    /// `UInt8("+1", radix: 16)` is 1: the parser once took `\u00+1` for `\u0001`, a second
    /// spelling of the same string, which canonical JSON forbids.
    @Test(arguments: [#""\u00+1""#, #""\u00-0""#, #""\u00+f""#])
    func theParserRefusesASignInAnEscape(_ text: String) {
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse(Array(text.utf8)) }
    }

    /// Every sequence of one or two bytes, and 3- and 4-byte sequences around each boundary of
    /// the Unicode Standard's table 3-7: valid exactly when Swift's own decoder says so.
    @Test func utf8CheckAgreesWithSwift() {
        func agree(_ s: [UInt8]) -> Bool {
            s.withUnsafeBytes { UTF8Check.isValid($0) } == (String(validating: s, as: UTF8.self) != nil)
        }
        var bad: [[UInt8]] = []
        for a in 0...255 where !agree([UInt8(a)]) { bad.append([UInt8(a)]) }
        for a in 0...255 { for b in 0...255 where !agree([UInt8(a), UInt8(b)]) { bad.append([UInt8(a), UInt8(b)]) } }
        let edges: [UInt8] = [
            0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        for a in edges { for b in edges { for c in edges where !agree([a, b, c]) { bad.append([a, b, c]) } } }
        for a in edges where a >= 0xF0 { for b in edges { for c in edges { for d in edges where !agree([a, b, c, d]) { bad.append([a, b, c, d]) } } } }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }

    @Test(arguments: [
        #"{"actor":"a","data":{},"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{"x":[1,{"y":null}]},"role":"r","time":"2024-02-29T23:59:59.999Z"}"#,
    ])
    func acceptsEnvelopes(_ text: String) {
        #expect(Self.skim(Array(text.utf8)) && Self.parses(Array(text.utf8)))
    }

    @Test(arguments: [
        #"{"actor":"a","data":{},"time":"2026-12-03T10:00:00.000Z"} "#,
        #"{"actor":"a","data":[],"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":1,"data":{},"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{},"role":null,"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{},"time":"2025-02-29T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{},"time":"2026-12-03T10:00:00Z"}"#,
        #"{"actor":"a","data":{},"extra":1,"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{"b":1,"a":2},"time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"data":{},"actor":"a","time":"2026-12-03T10:00:00.000Z"}"#,
        #"{"actor":"a","data":{},"time":"2026-12-03T10:00:00.000Z""#,
    ])
    func refusesWhatTheParserRefuses(_ text: String) {
        #expect(!Self.skim(Array(text.utf8)))
        #expect(!Self.parses(Array(text.utf8)))
    }

    @Test func nestingDeeperThanTheParserAllowsIsRefused() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(!Self.skimValue(Array(deep.utf8)) && (try? CanonicalJSON.parse(Array(deep.utf8))) == nil)
        #expect(Self.skimValue(Array(ok.utf8)) && (try? CanonicalJSON.parse(Array(ok.utf8))) != nil)
    }
}
