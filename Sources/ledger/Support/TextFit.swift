extension String {
    /// The string cut to at most `width` characters at a word boundary, ending in `…` when
    /// cut: `Misnumbered Heading With A Very Long Title` fitted to 20 is `Misnumbered Heading…`.
    /// A single word longer than half the width is cut inside it rather than leaving almost
    /// nothing.
    func fitted(_ width: Int) -> String {
        guard count > width else { return self }
        guard width > 1 else { return String(prefix(width)) }
        let room = Array(prefix(width - 1))
        var end = room.count
        if self[index(startIndex, offsetBy: width - 1)] != " " {
            let lastSpace = room.lastIndex(of: " ") ?? 0
            if lastSpace >= width / 2 { end = lastSpace }
        }
        while end > 0, room[end - 1] == " " || ",;:-–—(".contains(room[end - 1]) { end -= 1 }
        return String(room[..<end]) + "…"
    }
}
