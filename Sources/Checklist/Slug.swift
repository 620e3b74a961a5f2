/// Readable ids: lowercase ASCII words joined by `-` (docs/FORMAT.md §9, "Slugs").
///
/// Latin letters with diacritics, ligatures and a few letters of their own are transliterated
/// by their Unicode character names (which the Unicode stability policy never changes), so a
/// slug does not depend on the platform's normalisation or locale data:
/// `Écran de statut vérifié` → `ecran-de-statut-verifie`, `Straße` → `strasse`, `Łódź` → `lodz`.
enum Slug {
    static let maximumWords = 8

    /// The first `maximumWords` words of `text`, transliterated (see `ascii(_:)`) and
    /// lower-cased, joined by `-`; nil if they contain no letter.
    static func make(_ text: String) -> String? { makeASCII(text) ?? makeScalars(text) }

    /// `make(_:)` scalar by scalar, for any text.
    static func makeScalars(_ text: String) -> String? {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if let letters = ascii(scalar) {
                current += letters
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
            if words.count == maximumWords { break }
        }
        if !current.isEmpty, words.count < maximumWords { words.append(current) }
        guard words.contains(where: { $0.contains(where: \.isLetter) }) else { return nil }
        return words.joined(separator: "-")
    }

    /// `make(_:)` on the bytes of ASCII text, where `ascii(_:)` keeps letters (lower-cased) and
    /// digits, drops `'` inside a word and splits on everything else; `.some(nil)` when the
    /// words hold no letter, nil when `text` is not ASCII.
    static func makeASCII(_ text: String) -> String?? {
        var text = text
        return text.withUTF8 { bytes -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var out = [UInt8](), words = 0, inWord = false, letter = false
            out.reserveCapacity(min(bytes.count, 96))
            for byte in bytes {
                let lower = byte | 0x20
                let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
                if isLetter || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                    if !inWord {
                        if words == maximumWords { break }
                        if words > 0 { out.append(UInt8(ascii: "-")) }
                        words += 1
                        inWord = true
                    }
                    out.append(isLetter ? lower : byte)
                    letter = letter || isLetter
                } else if byte != UInt8(ascii: "'") {
                    inWord = false
                }
            }
            return .some(letter ? String(decoding: out, as: UTF8.self) : nil)
        }
    }

    /// What one scalar contributes to a word: lower-case ASCII letters or digits, "" for a
    /// scalar that joins a word without adding to it (an apostrophe, a combining mark), nil for
    /// a word separator.
    ///
    /// - ASCII letters and digits: themselves, lower-cased.
    /// - `'`, U+2019 and every scalar of general category Mn (nonspacing mark, e.g. U+0301): "".
    /// - A scalar named `LATIN CAPITAL|SMALL LETTER W` with W one or two letters A–Z, or
    ///   `LATIN CAPITAL|SMALL LIGATURE W` with W one to three letters, optionally followed by
    ///   ` WITH …`: W lower-cased (`É` → `e`, `ø` → `o`, `ł` → `l`, `æ` → `ae`, `œ` → `oe`, `ﬁ` → `fi`).
    /// - `LATIN CAPITAL|SMALL LETTER` followed by `SHARP S`, `ETH`, `THORN`, `DOTLESS I`,
    ///   `DOTLESS J` or `LONG S` (optionally ` WITH …`): `ss`, `d`, `th`, `i`, `j`, `s`.
    /// - Anything else separates words.
    static func ascii(_ scalar: Unicode.Scalar) -> String? {
        if scalar.isASCII {
            let value = UInt8(scalar.value)
            switch value {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return String(Unicode.Scalar(value + 32))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return String(scalar)
            case UInt8(ascii: "'"): return ""
            default: return nil
            }
        }
        if scalar == "\u{2019}" || scalar.properties.generalCategory == .nonspacingMark { return "" }
        return scalar.properties.name.flatMap(latinLetter)
    }

    private static let namedLetters: [(name: String, ascii: String)] = [
        ("SHARP S", "ss"), ("ETH", "d"), ("THORN", "th"), ("DOTLESS I", "i"), ("DOTLESS J", "j"), ("LONG S", "s"),
    ]

    /// The letters a `LATIN …` character name stands for, per `ascii(_:)`.
    static func latinLetter(_ name: String) -> String? {
        var rest = Substring(name)
        guard rest.hasPrefix("LATIN ") else { return nil }
        rest = rest.dropFirst(6)
        if rest.hasPrefix("CAPITAL ") { rest = rest.dropFirst(8) } else if rest.hasPrefix("SMALL ") { rest = rest.dropFirst(6) } else { return nil }
        let maximum: Int
        if rest.hasPrefix("LETTER ") {
            rest = rest.dropFirst(7)
            maximum = 2
        } else if rest.hasPrefix("LIGATURE ") {
            rest = rest.dropFirst(9)
            maximum = 3
        } else {
            return nil
        }
        let base = rest.firstRange(of: " WITH ").map { rest[..<$0.lowerBound] } ?? rest
        if maximum == 2, let named = namedLetters.first(where: { $0.name == base }) { return named.ascii }
        guard (1...maximum).contains(base.count), base.allSatisfy({ ("A"..."Z").contains($0) }) else { return nil }
        return base.lowercased()
    }

    static func dashed(_ number: String) -> String {
        String(number.map { $0 == "." ? "-" : $0 })
    }

    /// Makes every slug unique by appending `-2`, `-3`, … to repeats, in order.
    static func unique(_ slugs: [String]) -> [String] {
        var used = Set<String>(minimumCapacity: slugs.count)
        var nextSuffix = [String: Int](minimumCapacity: slugs.count)
        return slugs.map { base in
            var candidate = base
            var suffix = nextSuffix[base] ?? 2
            while used.contains(candidate) {
                candidate = base + "-" + String(suffix)
                suffix += 1
            }
            nextSuffix[base] = suffix
            used.insert(candidate)
            return candidate
        }
    }
}
