/// One recorded output stream of a command run (`ledger run --record-output`), as the
/// timelines and `ledger show --output` present it: its full size and SHA-256, and the text
/// recorded (which is attacker-controlled: every format escapes it).
public struct RecordedOutput: Sendable, Equatable {
    /// How many bytes of recorded output the timelines show (2 KiB); the rest is summarised
    /// by the full size and SHA-256.
    public static let previewLimit = 2048

    /// `stdout` or `stderr`.
    public let stream: String
    /// The stream's digest, and its content when it was recorded.
    public let output: DeploymentEvents.Output

    /// A stream.
    public init(stream: String, output: DeploymentEvents.Output) {
        self.stream = stream
        self.output = output
    }

    /// The recorded streams of an `action.finished` event (those with content), stdout first.
    public static func recorded(in b: ActionFinished) -> [RecordedOutput] {
        [("stdout", b.stdout.value), ("stderr", b.stderr.value)].compactMap { name, o in
            guard let o, o.content != nil else { return nil }
            return RecordedOutput(stream: name, output: o)
        }
    }

    /// The recorded streams of a run, stdout first (none when recorded without --record-output).
    public static func recorded(of a: ActionState) -> [RecordedOutput] {
        [("stdout", a.stdout), ("stderr", a.stderr)].compactMap { name, o in
            guard let o, o.content != nil else { return nil }
            return RecordedOutput(stream: name, output: o)
        }
    }

    /// The first `limit` bytes of the recorded content as text (cut on a character boundary,
    /// invalid UTF-8 replaced by U+FFFD), and whether anything of the stream is not shown.
    public func preview(limit: Int = RecordedOutput.previewLimit) -> (text: String, shown: Int, cut: Bool) {
        let content = output.content ?? []
        var end = min(limit, content.count)
        if end < content.count { while end > 0, content[end] & 0xC0 == 0x80 { end -= 1 } }
        return (String(decoding: content[..<end], as: UTF8.self), end, Int64(end) < output.size)
    }

    /// `stdout: 8 bytes, SHA-256 HEX` and, when cut, how much is shown.
    public var summary: String {
        let p = preview()
        let shown = p.cut ? " (first \(p.shown) bytes shown)" : ""
        return "\(stream): \(output.size) byte\(output.size == 1 ? "" : "s"), SHA-256 \(output.sha256)\(shown)"
    }
}
