import Testing

@testable import LedgerCore

/// How the timelines cut and fence recorded output (attacker-controlled bytes).
@Suite struct RecordedOutputTests {
    static func output(_ bytes: [UInt8], size: Int64? = nil) -> RecordedOutput {
        RecordedOutput(
            stream: "stdout", output: DeploymentEvents.Output(size: size ?? Int64(bytes.count), sha256: Hex.encode(SHA256.hash(bytes)), content: bytes))
    }

    @Test func theCutFallsOnACharacterBoundaryAndSaysHowMuchIsShown() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 2047) + Array("é and more".utf8)
        let p = Self.output(bytes).preview()
        #expect(p.shown == 2047 && p.cut && !p.text.contains("\u{FFFD}") && p.text.utf8.count == 2047)
        #expect(Self.output(bytes).summary.hasSuffix(" (first 2047 bytes shown)"))
        #expect(Self.output(Array("ok\n".utf8)).summary == "stdout: 3 bytes, SHA-256 \(Hex.encode(SHA256.hash(Array("ok\n".utf8))))")
        // Content cut at the recording cap: the summary gives the stream's full size.
        #expect(
            Self.output(Array("abc".utf8), size: 900_000).summary.hasPrefix("stdout: 900000 bytes, SHA-256 ")
                && Self.output(Array("abc".utf8), size: 900_000).summary.hasSuffix("(first 3 bytes shown)"))
    }

    @Test func aFenceInsideTheOutputCannotCloseTheMarkdownBlock() {
        var e = TimelineFormatsTests.entry
        e.outputs = [Self.output(Array("``````\n# not a heading\n".utf8))]
        let md = TimelineFormats.markdownOutput(e)
        #expect(md.contains("\n\n```````text\n``````\n# not a heading\n```````\n"))
        #expect(TimelineFormats.markdownOutputNote(e) == " — recorded output below (stdout 23 bytes)")
    }
}
