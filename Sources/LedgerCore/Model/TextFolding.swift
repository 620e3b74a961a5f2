/// Comparisons the format defines on text (docs/FORMAT.md §14.1, decision 0017 §4, §6.1).
extension String {
    /// Without surrounding blanks (spaces and tabs).
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// ASCII letters lower-cased, everything else as it is.
    var asciiLowercased: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.isASCII && $0.properties.isUppercase ? Unicode.Scalar($0.value + 32)! : $0 }))
    }
}
