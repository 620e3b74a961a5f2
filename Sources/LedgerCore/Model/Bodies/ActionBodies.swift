import Checklist

/// `action.started`: a command began to run for an item (`ledger run`): the command (argv, or a
/// checklist script with the shell's argv and the alternative of the block), and where it ran.
public struct ActionStarted: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.actionStarted
    /// The item.
    public var item: Member<ItemID>
    /// The command line.
    public var command: Member<[String]>
    /// The checklist script run, when it came from the item's code block.
    public var script: Member<String>
    /// The shell's argv before the script.
    public var shell: Member<[String]>
    /// Which alternative of the block.
    public var variant: Member<String>
    /// Where it ran.
    public var runner: Member<DeploymentEvents.Runner>
    /// Members it does not read.
    public var unread = Unread()

    /// A run of `command` for `item` on `runner`.
    public init(
        item: ItemID, command: [String], script: String?, shell: [String]? = nil, variant: String? = nil,
        runner: DeploymentEvents.Runner
    ) {
        self.item = .value(item)
        self.command = .value(command)
        self.script = Member(script)
        self.shell = Member(shell)
        self.variant = Member(variant)
        self.runner = .value(runner)
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (item, command, script) = (r.take("item"), r.take("command"), r.take("script"))
        (shell, variant, runner) = (r.take("shell"), r.take("variant"), r.take("runner"))
        unread = r.unread
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("item", item)
        w.put("command", command)
        w.put("runner", runner)
        w.put("script", script)
        w.put("shell", shell)
        w.put("variant", variant)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .actionStarted(self) }
    /// The `item` member's text.
    public var itemNumber: String? { item.value?.rawValue }
}

/// `action.finished`: which action ended, how (exit code, signal or interruption), after how
/// long, and its outputs' digests.
public struct ActionFinished: KindBodyCodec, Equatable {
    /// The kind.
    public static let kind = EventKind.actionFinished
    /// The `action.started` record.
    public var action: Member<Int64>
    /// The item.
    public var item: Member<ItemID>
    /// The exit code, when it exited.
    public var exitCode: Member<Int64>
    /// The signal, when it was killed.
    public var signal: Member<Int64>
    /// How long it ran.
    public var durationMs: Member<Int64>
    /// True when `ledger run` was interrupted and stopped it.
    public var interrupted: Member<Bool>
    /// Its standard output's digest.
    public var stdout: Member<DeploymentEvents.Output>
    /// Its standard error's digest.
    public var stderr: Member<DeploymentEvents.Output>
    /// Members it does not read.
    public var unread = Unread()

    /// The end of action `action`.
    public init(
        action: Int64, item: ItemID, exitCode: Int64?, signal: Int64?, durationMs: Int64, interrupted: Bool,
        stdout: DeploymentEvents.Output, stderr: DeploymentEvents.Output
    ) {
        (self.action, self.item) = (.value(action), .value(item))
        (self.exitCode, self.signal) = (Member(exitCode), Member(signal))
        (self.durationMs, self.interrupted) = (.value(durationMs), .value(interrupted))
        (self.stdout, self.stderr) = (.value(stdout), .value(stderr))
    }

    /// Reads the body.
    public init(data: [String: JSONValue], publicData: [String: JSONValue] = [:]) {
        var r = MemberReader(data, publicData)
        (action, item, exitCode, signal) = (r.take("action"), r.take("item"), r.take("exit_code"), r.take("signal"))
        (durationMs, interrupted) = (r.take("duration_ms"), r.take("interrupted"))
        (stdout, stderr, unread) = (r.take("stdout"), r.take("stderr"), r.unread)
    }

    /// The data.
    public var data: [String: JSONValue] {
        var w = MemberWriter(unread)
        w.put("action", action)
        w.put("item", item)
        w.put("duration_ms", durationMs)
        w.put("interrupted", interrupted)
        w.put("stdout", stdout)
        w.put("stderr", stderr)
        w.put("exit_code", exitCode)
        w.put("signal", signal)
        return w.data
    }
    /// The body in the enum.
    public var body: EventBody { .actionFinished(self) }
    /// The `item` member's text.
    public var itemNumber: String? { item.value?.rawValue }
}

extension DeploymentEvents.Runner: MemberValue {
    /// A runner from its JSON; nil without host, boot and pid.
    public init?(json: JSONValue) { self.init(json) }
}

extension DeploymentEvents.Output: MemberValue {
    /// An output digest from its JSON; nil without size and sha256.
    public init?(json: JSONValue) { self.init(json) }
}
