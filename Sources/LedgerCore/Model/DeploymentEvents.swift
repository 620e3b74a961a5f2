import Checklist

extension EventKind {
    /// A command began to run for an item (`ledger run`).
    public static let actionStarted = EventKind("action.started")
    /// That command ended: exit code, duration, output digests.
    public static let actionFinished = EventKind("action.finished")
    /// Someone decided to roll back, naming a "When to Rollback" criterion.
    public static let rollbackDecided = EventKind("rollback.decided")
    /// The rollback is complete; the deployment is closed.
    public static let rollbackCompleted = EventKind("rollback.completed")
    /// An emergency contact was set (a row of the checklist's contacts table).
    public static let contactSet = EventKind("contact.set")
}

/// The data of the deployment-execution kinds (docs/FORMAT.md §9), as their bodies write it.
public enum DeploymentEvents {
    /// The most output `action.finished` may embed per stream (256 KiB).
    public static let maxEmbeddedOutput = 256 << 10

    /// Where a command ran, so that an unfinished action can be judged later.
    public struct Runner: Sendable, Equatable {
        /// The host name.
        public var host: String
        /// The kernel's boot id (`/proc/sys/kernel/random/boot_id`), empty if unknown.
        public var boot: String
        /// The `ledger run` process id.
        public var pid: Int64

        /// Creates a runner description.
        public init(host: String, boot: String, pid: Int64) {
            self.host = host
            self.boot = boot
            self.pid = pid
        }

        /// The JSON form (`host`, `boot`, `pid`).
        public var json: JSONValue { ["host": .string(host), "boot": .string(boot), "pid": .int(pid)] }
        init?(_ v: JSONValue?) {
            guard let h = v?["host"]?.stringValue, let b = v?["boot"]?.stringValue, let p = v?["pid"]?.intValue else { return nil }
            self.init(host: h, boot: b, pid: p)
        }
    }

    /// One output stream's digest (and its content when embedded).
    public struct Output: Sendable, Equatable {
        /// Bytes written.
        public var size: Int64
        /// SHA-256 of all of them, hex.
        public var sha256: String
        /// The first bytes, when embedded (at most `maxEmbeddedOutput`).
        public var content: [UInt8]?
        /// True when the content was cut at the cap.
        public var truncated: Bool

        /// Creates an output digest.
        public init(size: Int64, sha256: String, content: [UInt8]? = nil, truncated: Bool = false) {
            self.size = size
            self.sha256 = sha256
            self.content = content
            self.truncated = truncated
        }

        /// The JSON form (`size`, `sha256`, and `content_base64` with `truncated` when embedded).
        public var json: JSONValue {
            var o: [String: JSONValue] = ["size": .int(size), "sha256": .string(sha256)]
            if let content {
                o["content_base64"] = .string(Base64.encode(content))
                o["truncated"] = .bool(truncated)
            }
            return .object(o)
        }

        init?(_ v: JSONValue?) {
            guard let size = v?["size"]?.intValue, let sha = v?["sha256"]?.stringValue else { return nil }
            self.init(
                size: size, sha256: sha, content: v?["content_base64"]?.stringValue.flatMap(Base64.decode),
                truncated: v?["truncated"]?.boolValue ?? false)
        }
    }

    /// `action.started`: the item, the command (argv, or a shell script from the checklist: the
    /// exact text run, the shell's argv before it, and which alternative of the block it is), where.
    public static func started(
        item: ItemID, command: [String], script: String?, shell: [String]? = nil, variant: String? = nil,
        runner: Runner
    ) -> [String: JSONValue] {
        ActionStarted(item: item, command: command, script: script, shell: shell, variant: variant, runner: runner).data
    }

    /// `action.finished`: which action, exit code or signal, duration, outputs, interruption.
    public static func finished(
        action: Int64, item: ItemID, exitCode: Int64?, signal: Int64?, durationMs: Int64,
        interrupted: Bool, stdout: Output, stderr: Output
    ) -> [String: JSONValue] {
        ActionFinished(
            action: action, item: item, exitCode: exitCode, signal: signal, durationMs: durationMs,
            interrupted: interrupted, stdout: stdout, stderr: stderr
        ).data
    }

    /// `rollback.decided`: the criterion (id and text) and optional details.
    public static func rollbackDecided(_ c: RollbackCriterion, details: String?) -> [String: JSONValue] {
        RollbackDecided(c, details: details).data
    }

    /// `contact.set`: the contacts-table row (role) and its values.
    public static func contact(role: String, values: [String: String]) -> [String: JSONValue] {
        ContactSet(role: role, values: values).data
    }
}
