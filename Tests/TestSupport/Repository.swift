import Foundation

/// Where the tests find the files they read: inside this repository, and nowhere else.
///
/// The root is found from this file's own path (`Tests/TestSupport/Repository.swift`), so
/// it is right in any clone, wherever it lies. Fixtures copied from elsewhere live under
/// `Tests/Fixtures/` with their source and licence (see the README in each folder).
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardized

    /// `relative` (e.g. `schema/timeline.schema.json`) under the root. A path that would
    /// leave the repository stops the test run: tests read nothing outside it.
    public static func url(_ relative: String) -> URL {
        let url = root.appendingPathComponent(relative).standardized
        precondition(contains(url), "'\(relative)' is outside the repository (\(root.path)); copy the file under Tests/Fixtures/")
        return url
    }

    /// The path of `relative` under the root.
    public static func path(_ relative: String) -> String { url(relative).path }

    /// A fixture: `relative` under `Tests/Fixtures/`.
    public static func fixture(_ relative: String) -> URL { url("Tests/Fixtures/" + relative) }

    /// True when `url` (standardized) lies inside the repository.
    public static func contains(_ url: URL) -> Bool {
        let path = url.standardized.path
        return path == root.path || path.hasPrefix(root.path + "/")
    }
}
