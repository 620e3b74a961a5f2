import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables and the login name.
enum Environment {
    /// The value of `name`, or nil when unset or empty.
    static func value(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    /// The login name: `getpwuid(geteuid())`, else `$USER`, else "unknown".
    static var loginName: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return value("USER") ?? "unknown"
    }
}
