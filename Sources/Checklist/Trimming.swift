/// Trimming without Foundation's `CharacterSet` (the package links FoundationEssentials only;
/// docs/decisions/0020), with the same sets as Foundation's `.whitespaces` and
/// `.whitespacesAndNewlines`.
extension StringProtocol {
    /// The text without leading and trailing horizontal white space (tab, the space
    /// separators, the zero-width space), as `trimmingCharacters(in: .whitespaces)`.
    public func trimmingWhitespace() -> String { trimming(where: Trimming.isHorizontalSpace) }

    /// The text without leading and trailing white space and line breaks, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimming { Trimming.isHorizontalSpace($0) || Trimming.isNewline($0) }
    }

    /// The text without leading and trailing scalars for which `drop` holds.
    public func trimming(where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !drop($0) }), let last = scalars.lastIndex(where: { !drop($0) }) else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}

/// The scalar sets the trimming functions use.
public enum Trimming {
    /// Foundation's `CharacterSet.whitespaces`, as CoreFoundation lists it: tab, space,
    /// U+00A0, U+1680, U+2000-U+200B (the zero-width space included), U+202F, U+205F, U+3000.
    public static func isHorizontalSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// U+000A–U+000D, U+0085, U+2028 and U+2029: Foundation's `CharacterSet.newlines`.
    public static func isNewline(_ s: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(s.value) || s.value == 0x85 || s.value == 0x2028 || s.value == 0x2029
    }
}
