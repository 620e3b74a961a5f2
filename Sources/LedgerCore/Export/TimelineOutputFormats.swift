/// How the CSV, Markdown and HTML timelines show a run's recorded output: at most
/// `RecordedOutput.previewLimit` bytes of each stream, with the stream's full size and SHA-256,
/// escaped for the format (the output is whatever the command printed: attacker-controlled).
extension TimelineFormats {
    /// The CSV `details` cell: the summary, then each recorded stream's size, digest and text.
    public static func csvDetails(_ e: TimelineEntry) -> String {
        e.outputs.reduce(e.details) { cell, o in cell + "\n" + o.summary + ":\n" + o.preview().text }
    }

    /// What the Markdown table row adds for an entry with recorded output: a pointer to its block below the table.
    public static func markdownOutputNote(_ e: TimelineEntry) -> String {
        e.outputs.isEmpty ? "" : " — recorded output below (" + e.outputs.map { "\($0.stream) \($0.output.size) bytes" }.joined(separator: ", ") + ")"
    }

    /// The heading of the part after the table that holds the recorded output.
    public static let markdownOutputHeading = "\n## Recorded output\n"

    /// An entry's recorded output as Markdown: per stream, a line with the record, item, size
    /// and SHA-256, then the text in a fence longer than any backtick run inside it.
    public static func markdownOutput(_ e: TimelineEntry) -> String {
        e.outputs.map { o in
            let text = o.preview().text
            let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
            let body = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
            return "\nRecord \(e.seq)" + (e.item.map { ", item \(md($0))" } ?? "") + ": " + md(o.summary) + "\n\n" + fence + "text\n" + body + fence + "\n"
        }.joined()
    }

    /// The longest run of `c` in `s`.
    static func longestRun(of c: Character, in s: String) -> Int {
        var best = 0, run = 0
        for x in s {
            run = x == c ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}

extension HTMLTimelineRenderer {
    /// An entry's recorded output streams: a line with size and SHA-256, then the escaped text.
    func outputsHTML(_ e: TimelineEntry) -> String {
        e.outputs.map { o in
            "<div class=\"out\"><div class=\"out-h\">\(esc(o.summary))</div><pre>\(esc(o.preview().text))</pre></div>"
        }.joined()
    }
}
