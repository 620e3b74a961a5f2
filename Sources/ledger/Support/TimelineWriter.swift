import FoundationEssentials
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a timeline in one format, streaming entries as they come (HTML, which draws the
/// whole deployment, is built in memory). Output goes to standard output, or to a temporary
/// file (0600) that is moved into place at the end (replacing a file only with --force), so a failed export leaves nothing
/// behind. Excerpts are held back until complete even on standard output.
enum TimelineWriter {
    typealias Produce = ((TimelineEntry) throws(LedgerError) -> Void) throws(LedgerError) -> LedgerView

    static func write(
        _ format: TimelineFormat, header: TimelineHeader, to path: String?, replace: Bool, produce: Produce,
        display: @escaping (Timestamp) -> String, offset: @escaping (Timestamp) -> Int
    ) throws(LedgerError) {
        let sink = try Sink(path, replace: replace)
        do {
            switch format {
            case .jsonl:
                sink.write(TimelineFormats.jsonHeader(header) + "\n")
                _ = try produce { e throws(LedgerError) in sink.write(TimelineFormats.jsonEntry(e, display: display) + "\n") }
            case .csv:
                sink.write(TimelineFormats.csvHeader(header))
                _ = try produce { e throws(LedgerError) in sink.write(TimelineFormats.csvEntry(e, display: display)) }
            case .md:
                sink.write(TimelineFormats.markdownHeader(header))
                var outputs = ""  // recorded output goes after the table (a fenced block cannot sit in a cell)
                _ = try produce { e throws(LedgerError) in
                    sink.write(TimelineFormats.markdownEntry(e, display: display))
                    outputs += TimelineFormats.markdownOutput(e)
                }
                if !outputs.isEmpty { sink.write(TimelineFormats.markdownOutputHeading + outputs) }
            case .html:
                var entries: [TimelineEntry] = []
                let view = try produce { e throws(LedgerError) in entries.append(e) }
                let deployment = header.deployment.flatMap { view.deployment($0) } ?? (view.deployments.count == 1 ? view.deployments.first : nil)
                sink.write(TimelineHTML.render(header: header, entries: entries, deployment: deployment, offsetMinutes: offset))
            }
            try sink.commit()
        } catch {
            sink.abandon()
            throw error
        }
    }

    typealias ProduceProved = ((TimelineEntry, EntryProof) throws(LedgerError) -> Void) throws(LedgerError) -> LedgerView

    /// Writes an excerpt: JSON Lines whose header carries `excerpt` and whose entries carry
    /// their proofs (docs/FORMAT.md §15.2). Nothing reaches standard output unless all of it does.
    static func writeExcerpt(
        _ excerpt: ExcerptCheckpoint, header: TimelineHeader, to path: String?, replace: Bool, produce: ProduceProved,
        display: @escaping (Timestamp) -> String
    ) throws(LedgerError) {
        let sink = try Sink(path, replace: replace, holdUntilCommit: true)
        do {
            sink.write(excerpt.headerLine(header) + "\n")
            _ = try produce { (e, proof) throws(LedgerError) in sink.write(proof.entryLine(e, display: display) + "\n") }
            try sink.commit()
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// Standard output, or a temporary file beside the target.
    final class Sink {
        let handle: Descriptor
        let temp: String?
        let path: String?
        let hold: Bool
        let replace: Bool
        var buffer: [UInt8] = []

        init(_ path: String?, replace: Bool, holdUntilCommit: Bool = false) throws(LedgerError) {
            self.path = path
            self.replace = replace
            hold = holdUntilCommit && path == nil
            guard let path else { handle = Descriptor.standardOutput; temp = nil; return }
            (handle, temp) = try OutputFile.openTemporary(beside: path)
        }

        func write(_ s: String) {
            buffer.append(contentsOf: s.utf8)
            if !hold, buffer.count >= 1 << 16 { flush() }
        }

        /// The first failed write of the file, reported by `commit` (standard output's are
        /// ignored, as a closed pipe is).
        private var failure: PosixError?

        func flush() {
            do throws(PosixError) { try handle.write(buffer) } catch { failure = failure ?? error }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Moves the complete file into place.
        /// - Throws: `LedgerError` naming the file when a write failed (disk full); the
        ///   temporary file is removed and nothing is placed.
        func commit() throws(LedgerError) {
            flush()
            guard let temp, let path else { return }
            try OutputFile.complete(handle, temp, for: path) { () throws(PosixError) in if let failure { throw failure } }
            try OutputFile.place(temp, at: path, replace: replace)
        }

        func abandon() {
            guard let temp else { return }
            try? handle.close()
            unlink(temp)
        }
    }
}
