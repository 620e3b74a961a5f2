import Foundation

/// A scratch directory under the system's temporary folder, removed when the value is released.
public final class TempDir: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates a new, empty directory `ledger-test-UUID`.
    public init() { path = Self.create(prefix: "ledger-test-") }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` in the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Creates a new, empty directory `PREFIX-UUID` that stays (for a scratch directory that
    /// outlives the value holding its path, such as a `CLI`'s) and returns its path.
    public static func create(prefix: String) -> String {
        let path = NSTemporaryDirectory() + prefix + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the scratch directory \(path): \(error)")
        }
        return path
    }
}
