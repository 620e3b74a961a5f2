import PropertyBased
import Testing

@testable import LedgerCore

@Suite struct CanonicalJSONTests {
    @Test func encodesWithSortedKeysNoWhitespaceAndMinimalEscapes() {
        let v: JSONValue = ["b": 1, "a": ["x", true, nil], "é": "tab\there \"q\" \\ \u{01} / ü"]
        #expect(v.canonicalString == #"{"a":["x",true,null],"b":1,"é":"tab\there \"q\" \\ \u0001 / ü"}"#)
    }

    @Test func sortsKeysByUTF8BytesNotByCharacters() {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9)
        let v: JSONValue = ["é": 1, "a": 2, "Z": 3]
        #expect(v.canonicalString == #"{"Z":3,"a":2,"é":1}"#)
    }

    @Test(arguments: [
        #"{"a":1 }"#, #"{ "a":1}"#, #"{"b":1,"a":2}"#, #"{"a":1,"a":1}"#, "1.0", "1e3", "01", "-0",
        #""\u00E9""#, #""\/""#, #""\u000a""#, #""\u0041""#, "[1,]", "tru", #""a"#, "\"\u{01}\"", "9007199254740992",
    ])
    func rejectsNonCanonicalSpellings(_ text: String) {
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func roundTripsRandomValues() async {
        await propertyCheck(input: Self.values) { value in
            let bytes = value.canonicalBytes
            #expect((try? CanonicalJSON.parse(bytes)) == value)
        }
    }

    static func scalars() -> Generator<JSONValue, AnySequence<Any>> {
        Gen<JSONValue>.oneOf(
            Gen.int(in: -9_007_199_254_740_991...9_007_199_254_740_991).map { JSONValue.int(Int64($0)) }.eraseToAny(),
            Gen.latin1.string(of: 0...12).map { JSONValue.string($0) }.eraseToAny(),
            Gen.character(in: "\u{4E00}"..."\u{4FFF}").string(of: 0...4).map { JSONValue.string($0) }.eraseToAny(),
            Gen.bool.map { JSONValue.bool($0) }.eraseToAny(),
            Gen.always(JSONValue.null).eraseToAny()
        ).eraseToAny()
    }

    static var values: Generator<JSONValue, AnySequence<Any>> {
        Gen<JSONValue>.oneOf(
            scalars(),
            scalars().array(of: 0...4).map { JSONValue.array($0) }.eraseToAny(),
            zip(Gen.letterOrNumber.string(of: 0...6), scalars()).array(of: 0...4).map {
                JSONValue.object(Dictionary($0.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a }))
            }.eraseToAny()
        ).eraseToAny()
    }
}
