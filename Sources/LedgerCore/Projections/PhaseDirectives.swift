import Checklist

extension PhaseSpec {
    /// The choices a template makes itself (docs/FORMAT.md §14.4): YAML front matter with a
    /// `ledger:` mapping (the subset `phases: none`, `phases:` then indented `SECTION: PHASE`
    /// lines, `signoff-roles: [A, B]` or indented `- A` lines), then HTML comments
    /// `<!-- ledger: KEY=VALUE -->` alone on a line (at most 3 spaces in, outside fenced code):
    /// `phase=PHASE` for the section it stands in (beside its heading; before any heading or
    /// in the title: `*`), `phases=none`, `signoff-roles=A, B`. Both render as nothing on GitHub.
    /// - Throws: `LedgerError` (usage) naming the line.
    public static func inTemplate(_ t: ChecklistTemplate) throws(LedgerError) -> PhaseSpec {
        let lines = Self.lines(t.source)
        var spec = PhaseSpec()
        var first = 0
        if let fm = Self.frontMatterEnd(lines) {
            spec = try Self.frontMatter(Array(lines[1..<fm]))
            first = fm + 1
        }
        let fences = t.codeBlocks.map(\.range)
        for i in first..<max(first, lines.count) {
            let (start, text) = lines[i]
            guard let body = Self.directive(text), !fences.contains(where: { $0.contains(start) }) else { continue }
            let origin = "template line \(i + 1)"
            guard let eq = body.firstIndex(of: "=") else {
                throw LedgerError(.usage, "\(origin): a ledger comment needs KEY=VALUE", hint: "e.g. <!-- ledger: phase=execution -->")
            }
            let key = String(body[..<eq]), value = String(body[body.index(after: eq)...])
            let section = key.trimmingBlanks().lowercased() == "phase" ? try Self.section(at: start, in: t, origin: origin) : nil
            try spec.apply(key: key.trimmingBlanks().lowercased() == "phase" ? "phase" : key, value: value, section: section, origin: origin)
        }
        return spec
    }

    /// The lines of `bytes`: each line's first byte offset and its text without the line end.
    static func lines(_ bytes: [UInt8]) -> [(Int, String)] {
        var out: [(Int, String)] = [], start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append((start, Self.text(bytes[start..<i])))
            start = i + 1
        }
        if start < bytes.count { out.append((start, Self.text(bytes[start...]))) }
        return out
    }

    private static func text(_ s: ArraySlice<UInt8>) -> String {
        var t = String(decoding: s, as: UTF8.self)
        if t.hasSuffix("\r") { t.removeLast() }
        return t
    }

    /// The body of `<!-- ledger: BODY -->` alone on a line, or nil.
    static func directive(_ line: String) -> String? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let t = line.trimmingBlanks()
        guard t.hasPrefix("<!--"), t.hasSuffix("-->"), t.count >= 7 else { return nil }
        let inner = String(t.dropFirst(4).dropLast(3)).trimmingBlanks()
        guard inner.lowercased().hasPrefix("ledger:") else { return nil }
        return String(inner.dropFirst(7)).trimmingBlanks()
    }

    /// The section number a `phase=` directive at byte `offset` sets: the innermost section
    /// holding it (`*` before any heading or in the title).
    static func section(at offset: Int, in t: ChecklistTemplate, origin: String) throws(LedgerError) -> String {
        guard let s = t.allSections.last(where: { $0.range.contains(offset) }) else { return "*" }
        if let n = s.number { return n }
        if s.holdsItems, s.parentIndex == nil { return "*" }
        throw LedgerError(
            .usage, "\(origin): the section '\(s.plainTitle)' holds no task items, so it has no phase",
            hint: "put the comment right below the heading of a section that has items")
    }

    /// The index of the line closing YAML front matter (the first line is `---`), or nil.
    static func frontMatterEnd(_ lines: [(Int, String)]) -> Int? {
        func fence(_ s: String, closing: Bool) -> Bool {
            let t = String(s.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            return t == "---" || (closing && t == "...")
        }
        guard let l = lines.first, fence(l.1, closing: false) else { return nil }
        return lines.indices.dropFirst().first { fence(lines[$0].1, closing: true) }
    }

    /// The `ledger:` mapping of front matter lines (the documented subset; other keys are
    /// not read).
    static func frontMatter(_ lines: [(Int, String)]) throws(LedgerError) -> PhaseSpec {
        var spec = PhaseSpec()
        let body = lines.map(\.1)
        guard let top = body.firstIndex(where: { $0.trimmingBlanks() == "ledger:" && !$0.hasPrefix(" ") }) else { return spec }
        var block: [(Int, String)] = []
        for l in body.dropFirst(top + 1) {
            if l.trimmingBlanks().isEmpty || l.trimmingBlanks().hasPrefix("#") { continue }
            let indent = l.prefix { $0 == " " }.count
            if indent == 0 { break }
            block.append((indent, l))
        }
        guard let level = block.first?.0 else { return spec }
        var i = 0
        while i < block.count {
            let (indent, line) = block[i]
            let origin = "front matter: '\(line.trimmingBlanks())'"
            guard indent == level, let (key, value) = Self.pair(line) else {
                throw LedgerError(.usage, "\(origin) is not 'KEY: VALUE'", hint: "the ledger: mapping takes phases and signoff-roles (docs/FORMAT.md §14.4)")
            }
            var kids: [String] = []
            i += 1
            while i < block.count, block[i].0 > level { kids.append(block[i].1.trimmingBlanks()); i += 1 }
            if !value.isEmpty { try spec.apply(key: key, value: value, section: nil, origin: origin); continue }
            if key.lowercased() == "phases" {
                for k in kids {
                    guard let (s, v) = Self.pair(k) else {
                        throw LedgerError(.usage, "front matter: '\(k)' is not 'SECTION: PHASE'", hint: "e.g. Deploy: execution")
                    }
                    try spec.apply(key: s, value: v, section: nil, origin: "front matter: '\(k)'")
                }
            } else {
                let items = kids.filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
                try spec.apply(key: key, value: items.map { unquote($0) }.joined(separator: ","), section: nil, origin: origin)
            }
        }
        return spec
    }

    /// `KEY: VALUE` (the key may be quoted), value possibly empty.
    static func pair(_ line: String) -> (String, String)? {
        let t = line.trimmingBlanks()
        if let q = t.first, q == "\"" || q == "'" {
            guard let end = t.dropFirst().firstIndex(of: q) else { return nil }
            let rest = String(t[t.index(after: end)...]).trimmingBlanks()
            guard rest.hasPrefix(":") else { return nil }
            return (String(t[t.index(after: t.startIndex)..<end]), String(rest.dropFirst()).trimmingBlanks())
        }
        if t.hasSuffix(":") { return (String(t.dropLast()).trimmingBlanks(), "") }
        let chars = Array(t)
        guard let c = chars.indices.dropLast().first(where: { chars[$0] == ":" && chars[$0 + 1] == " " }) else { return nil }
        return (String(chars[..<c]).trimmingBlanks(), String(chars[(c + 2)...]).trimmingBlanks())
    }
}
