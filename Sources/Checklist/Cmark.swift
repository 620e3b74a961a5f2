import CCmark
import Synchronization

/// Registers the GFM core extensions exactly once (swift_once makes this thread-safe; the C
/// function itself uses an unguarded static flag).
private let cmarkExtensionsRegistered: Bool = {
    cmark_gfm_core_extensions_ensure_registered()
    return true
}()

/// Serialises parser set-up and parsing: cmark-gfm keeps some global tables that attaching
/// extensions writes to. Parsing a checklist takes well under a millisecond.
private let cmarkLock = Mutex(())

/// A parsed cmark-gfm document. Owns the node tree and frees it when released.
final class CmarkDocument {
    let root: CNode
    /// The `tasklist` extension, to recognise task items (`cmark_node_get_syntax_extension`).
    let tasklist: OpaquePointer

    private init(root: CNode, tasklist: OpaquePointer) {
        self.root = root
        self.tasklist = tasklist
    }

    deinit { cmark_node_free(root.raw) }

    /// Parses `source` with the `tasklist` and `table` extensions and source positions.
    ///
    /// - Throws: `ChecklistError.parserUnavailable` if the extensions cannot be found or cmark
    ///   fails to allocate a parser.
    static func parse(_ source: [UInt8]) throws(ChecklistError) -> CmarkDocument {
        _ = cmarkExtensionsRegistered
        return try cmarkLock.withLock { (_) throws(ChecklistError) -> CmarkDocument in try locked(source) }
    }

    private static func locked(_ source: [UInt8]) throws(ChecklistError) -> CmarkDocument {
        guard let tasklist = cmark_find_syntax_extension("tasklist"),
            let table = cmark_find_syntax_extension("table"),
            let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS)
        else { throw .parserUnavailable }
        defer { cmark_parser_free(parser) }
        cmark_parser_attach_syntax_extension(parser, tasklist)
        cmark_parser_attach_syntax_extension(parser, table)
        source.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                cmark_parser_feed(parser, chars, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { throw .parserUnavailable }
        return CmarkDocument(root: CNode(raw: root), tasklist: tasklist)
    }

    func isTaskItem(_ node: CNode) -> Bool {
        node.type == CMARK_NODE_ITEM && cmark_node_get_syntax_extension(node.raw) == tasklist
    }
}

/// A borrowed cmark node; valid while its `CmarkDocument` is alive.
struct CNode: Equatable {
    let raw: OpaquePointer

    var type: cmark_node_type { cmark_node_get_type(raw) }
    var typeString: String { String(cString: cmark_node_get_type_string(raw)) }
    var startLine: Int { Int(cmark_node_get_start_line(raw)) }
    var startColumn: Int { Int(cmark_node_get_start_column(raw)) }

    /// The last line of the node. cmark reports some block ends as column 0 of the next line;
    /// those are mapped back to the previous line.
    var endLine: Int {
        let line = Int(cmark_node_get_end_line(raw))
        let column = Int(cmark_node_get_end_column(raw))
        return column == 0 && line > startLine ? line - 1 : max(line, startLine)
    }

    var firstChild: CNode? { cmark_node_first_child(raw).map(CNode.init) }
    var lastChild: CNode? { cmark_node_last_child(raw).map(CNode.init) }
    var next: CNode? { cmark_node_next(raw).map(CNode.init) }
    var previous: CNode? { cmark_node_previous(raw).map(CNode.init) }

    var children: [CNode] {
        var result: [CNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    var literal: String { cmark_node_get_literal(raw).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(raw)) }
    var fenceInfo: String { cmark_node_get_fence_info(raw).map { String(cString: $0) } ?? "" }

    /// The fence of a fenced code block: its length, indentation and character; nil if indented.
    var fence: (length: Int, offset: Int, character: UInt8)? {
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        guard cmark_node_get_fenced(raw, &length, &offset, &character) != 0 else { return nil }
        return (Int(length), Int(offset), UInt8(bitPattern: character))
    }

    /// Whether this is an HTML block that starts with an HTML comment.
    var isHTMLComment: Bool {
        type == CMARK_NODE_HTML_BLOCK && literal.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("<!--")
    }

    /// The plain text of an inline container: text and code literals, breaks as spaces, HTML
    /// dropped; runs of whitespace collapsed to one space. Iterative, so deep nesting is safe.
    var plainText: String {
        guard let iterator = cmark_iter_new(raw) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let current = cmark_iter_get_node(iterator) else { continue }
            let node = CNode(raw: current)
            switch node.type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += node.literal
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return collapsingWhitespace(text)
    }
}

/// `text` with its runs of whitespace (`Character.isWhitespace`) collapsed to one space and
/// none at either end. ASCII text, nearly every checklist's, is done on its bytes, where
/// whitespace is exactly tab, line feed, vertical tab, form feed, carriage return and space;
/// other text goes by `Character`, so that a whitespace cluster with a combining mark goes whole.
func collapsingWhitespace(_ text: String) -> String {
    var text = text
    let ascii: String? = text.withUTF8 { bytes in
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var out = [UInt8](), pendingSpace = false
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
    return ascii ?? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// Visits every node under (and including) `root` in document order without recursion.
/// `body` receives the node and whether the event is an entry (true) or an exit (false).
func walkTree(_ root: CNode, _ body: (CNode, Bool) -> Void) {
    guard let iterator = cmark_iter_new(root.raw) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { return }
        guard let current = cmark_iter_get_node(iterator) else { continue }
        body(CNode(raw: current), event == CMARK_EVENT_ENTER)
    }
}
