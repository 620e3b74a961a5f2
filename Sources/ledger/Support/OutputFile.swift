import Foundation
import LedgerCore

/// Writes command output to standard output, or atomically to a file (a temporary file
/// beside it, then a rename), so a reader never sees half an export.
enum OutputFile {
    /// - Throws: `LedgerError` when the file cannot be written; the old file is then untouched.
    static func write(_ bytes: [UInt8], to path: String?) throws(LedgerError) {
        guard let path else { return FileHandle.standardOutput.write(Data(bytes)) }
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw LedgerError(.failure, "cannot write '\(path)': \(error.localizedDescription)", hint: "check the directory exists and is writable")
        }
    }
}
