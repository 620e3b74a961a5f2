/// Line builders for the streaming timeline formats: JSON Lines, CSV (RFC 4180) and
/// Markdown. Each takes a `display` function that writes a UTC instant in the chosen zone.
public enum TimelineFormats {
    /// The `format` member of the JSON Lines header.
    public static let jsonFormatName = "ledger-timeline/1"

    // MARK: JSON Lines (schema/timeline.schema.json)

    /// The first line: where the timeline comes from.
    public static func jsonHeader(_ h: TimelineHeader) -> String {
        JSONValue.object(jsonHeaderMembers(h)).canonicalString
    }

    /// The members of the header line (an excerpt adds `excerpt`).
    public static func jsonHeaderMembers(_ h: TimelineHeader) -> [String: JSONValue] {
        var deployment: JSONValue = .null
        if let id = h.deployment { deployment = ["id": .string(id.hex), "name": h.deploymentName.map { .string($0) } ?? .null] }
        return [
            "type": "header", "format": .string(jsonFormatName), "ledger": .string(h.ledger.hex),
            "head": ["seq": .int(h.headSeq), "hash": .string(Hex.encode(h.headHash))],
            "verify": [
                "intact": .bool(h.verify.intact), "decrypted": .bool(h.verify.decrypted), "records": .int(Int64(h.verify.records)),
                "findings": .array(h.verify.findings.map { ["kind": .string($0.kind.rawValue), "seq": .int($0.seq), "message": .string($0.message)] }),
            ],
            "generated_at": .string(h.generatedAt.description), "deployment": deployment,
            "filters": .array(h.filters.map { .string($0) }), "zone": .string(h.zone),
        ]
    }

    /// One entry line.
    public static func jsonEntry(_ e: TimelineEntry, display: (Timestamp) -> String) -> String {
        JSONValue.object(jsonEntryMembers(e, display: display)).canonicalString
    }

    /// The members of an entry line (an excerpt adds `proof`).
    public static func jsonEntryMembers(_ e: TimelineEntry, display: (Timestamp) -> String) -> [String: JSONValue] {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return [
            "type": "entry", "seq": .int(e.seq), "time": .string(e.time.description), "local_time": .string(display(e.time)),
            "actor": .string(e.actor), "role": opt(e.role), "kind": .string(e.kind), "deployment": .string(e.deployment.hex),
            "deployment_name": opt(e.deploymentName), "item": opt(e.item), "item_text": opt(e.itemText), "details": .string(e.details),
            "phase": opt(e.phase?.rawValue), "hash": .string(Hex.encode(e.hash)),
        ]
    }

    // MARK: CSV (RFC 4180: CRLF line ends, fields quoted when needed)

    /// The CSV column names.
    public static let csvColumns = [
        "seq", "time", "local_time", "actor", "role", "kind", "deployment", "deployment_name",
        "item", "item_text", "details", "phase", "hash",
    ]

    /// The header line, then one row of kind `export` that states the ledger, head and verify result.
    public static func csvHeader(_ h: TimelineHeader) -> String {
        let about =
            "ledger \(h.ledger); head \(h.headSeq) \(Hex.encode(h.headHash)); verify: \(h.verify.text)"
            + (h.filters.isEmpty ? "" : "; filters: " + h.filters.joined(separator: " ")) + "; zone \(h.zone)"
        let row = ["", h.generatedAt.description, "", "", "", "export", h.deployment?.hex ?? "", h.deploymentName ?? "", "", "", about, "", ""]
        return csvLine(csvColumns) + csvLine(row)
    }

    /// One entry row.
    public static func csvEntry(_ e: TimelineEntry, display: (Timestamp) -> String) -> String {
        csvLine([
            String(e.seq), e.time.description, display(e.time), e.actor, e.role ?? "", e.kind, e.deployment.hex,
            e.deploymentName ?? "", e.item ?? "", e.itemText ?? "", csvDetails(e), e.phase?.rawValue ?? "", Hex.encode(e.hash),
        ])
    }

    /// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, tab or
    /// carriage return) gets a leading `'`, as OWASP's CSV injection guidance says; the
    /// cell then shows as text. Cells are otherwise exact.
    static func neutralised(_ f: String) -> String {
        guard let first = f.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return f }
        return "'" + f
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map(neutralised).map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" })
                ? "\"" + f.replacingAll("\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",") + "\r\n"
    }

    // MARK: Markdown (GitHub-flavoured table)

    /// Title, provenance and the table head.
    public static func markdownHeader(_ h: TimelineHeader) -> String {
        var lines = ["# Timeline: \(md(h.deploymentName ?? "ledger \(h.ledger.hex)"))", ""]
        let verdict = h.verify.intact ? (h.verify.findings.isEmpty ? "**Verified intact.** " : "**Intact; sign-offs stale.** ") : "**NOT INTACT.** "
        lines.append(verdict + md(h.verify.text))
        lines += h.verify.findings.prefix(20).map { "- `\($0.kind.rawValue)` at \($0.seq): \(md($0.message))" }
        lines += [
            "", "| | |", "|---|---|", "| Ledger | `\(h.ledger)` |", "| Head | record \(h.headSeq), `\(Hex.encode(h.headHash))` |",
            "| Generated | \(h.generatedAt) |", "| Times shown in | \(md(h.zone)) |",
        ]
        if let d = h.deployment { lines.append("| Deployment | \(md(h.deploymentName ?? "")) (`\(d.hex)`) |") }
        if !h.filters.isEmpty { lines.append("| Filters | \(md(h.filters.joined(separator: " "))) |") }
        lines += ["", "| # | Time | Actor | Kind | Item | Details | Hash |", "|---:|---|---|---|---|---|---|"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One table row.
    public static func markdownEntry(_ e: TimelineEntry, display: (Timestamp) -> String) -> String {
        let who = md(e.actor) + (e.role.map { " (\(md($0)))" } ?? "")
        let item = e.item.map { "\($0) " + md(e.itemText ?? "") } ?? ""
        return
            "| \(e.seq) | \(display(e.time)) | \(who) | `\(e.kind)` | \(item) | \(md(e.details) + markdownOutputNote(e)) | `\(Hex.encode(e.hash.prefix(6)))` |\n"
    }

    /// Text safe inside a Markdown table cell: pipes, backslashes, markup and HTML escaped,
    /// line breaks as spaces, control, bidirectional and separator characters as `\u{…}`.
    public static func md(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|", "\\", "*", "_", "`", "[", "]", "#", "~": out += "\\\(c)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out += " "
            default:
                for u in c.unicodeScalars {
                    if TimelineHTML.isInvisibleControl(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
                }
            }
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
