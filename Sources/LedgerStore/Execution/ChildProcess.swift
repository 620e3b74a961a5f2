import CProcess
import Dispatch
import FoundationEssentials
import LedgerCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables that hold secrets; a child never inherits them.
let secretVariables: Set<String> = ["LEDGER_PASSPHRASE", "LEDGER_KEY_PASSPHRASE"]

/// Runs one child process with its output tapped, passing termination signals on.
///
/// The command runs under a supervisor process (`ledger_spawn` in CProcess): it is bound to
/// ledger's death (parent-death signal), so when ledger dies, even by SIGKILL, the command and
/// every process it started are killed with it, and SIGINT, SIGTERM and SIGHUP reach all of them.
struct ChildProcess {
    var exitCode: Int64?
    var signal: Int64?
    var durationMs: Int64
    var interrupted: Bool
    let out: StreamTap
    let err: StreamTap

    func stdout(_ record: Bool) -> DeploymentEvents.Output { out.finish(recordContent: record) }
    func stderr(_ record: Bool) -> DeploymentEvents.Output { err.finish(recordContent: record) }

    /// Runs `argv` (argv[0] an absolute path), echoing its output; `keep` bytes of each
    /// stream are kept for recording.
    static func run(_ argv: [String], keep: Int) -> ChildProcess {
        // Secrets never reach the child, whether or not this process read them.
        let environment = ProcessInfo.processInfo.environment.filter { !secretVariables.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        let signals = [SIGINT, SIGTERM, SIGHUP]
        let supervisor = Atomic<Int32>(0), pending = Atomic<Int32>(0)
        // Handlers go in before the spawn (the command resets every disposition to default):
        // a signal that comes before the command exists is passed on as soon as it does.
        let sources = signals.map { sig -> DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                pending.store(sig, ordering: .sequentiallyConsistent)
                let pid = supervisor.load(ordering: .sequentiallyConsistent)
                if pid > 0 { kill(pid, sig) }
            }
            s.resume()
            Libc.signal(sig, .ignore)
            return s
        }
        defer { for (s, sig) in zip(sources, signals) { s.cancel(); Libc.signal(sig, .standard) } }
        let start = DispatchTime.now()
        let spawned = withCStrings(argv) { args in withCStrings(environment) { env in ledger_spawn(args[0], args, env) } }
        guard spawned.supervisor > 0 else {
            Self.report("ledger: cannot start \(argv[0]): \(Libc.errorText(spawned.error))\n")
            return failedToStart(keep: keep)
        }
        let out = StreamTap(fd: spawned.stdout_fd, echo: STDOUT_FILENO, keep: keep)
        let err = StreamTap(fd: spawned.stderr_fd, echo: STDERR_FILENO, keep: keep)
        supervisor.store(spawned.supervisor, ordering: .sequentiallyConsistent)
        let early = pending.load(ordering: .sequentiallyConsistent)
        if early != 0 { kill(spawned.supervisor, early) }
        var status: Int32 = 0, execError: Int32 = 0
        // Without the supervisor's report (someone killed it), its own status stands.
        _ = ledger_wait(spawned.supervisor, spawned.report_fd, &status, &execError)
        supervisor.store(0, ordering: .sequentiallyConsistent)
        let ms = Int64((DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000)
        if execError != 0 {
            Self.report("ledger: cannot start \(argv[0]): \(Libc.errorText(execError))\n")
        }
        let interrupted = pending.load(ordering: .sequentiallyConsistent) != 0
        let signalled = ledger_wifsignaled(status) != 0
        return ChildProcess(
            exitCode: signalled ? nil : Int64(ledger_wexitstatus(status)),
            signal: signalled ? Int64(ledger_wtermsig(status)) : nil,
            durationMs: ms, interrupted: interrupted, out: out, err: err)
    }

    /// The result when nothing could be started: exit 127, empty outputs.
    /// Writes `text` to standard error (why a command could not start).
    static func report(_ text: String) {
        Array(text.utf8).withUnsafeBytes { Libc.writeAll(STDERR_FILENO, $0) }
    }

    static func failedToStart(keep: Int) -> ChildProcess {
        var fds: [Int32] = [0, 0, 0, 0]
        for i in [0, 2] { _ = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress! + i) } }
        close(fds[1])
        close(fds[3])
        return ChildProcess(
            exitCode: 127, signal: nil, durationMs: 0, interrupted: false,
            out: StreamTap(fd: fds[0], echo: STDOUT_FILENO, keep: keep), err: StreamTap(fd: fds[2], echo: STDERR_FILENO, keep: keep))
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) } + [nil]
        defer { for c in copies { free(c) } }
        return body(copies)
    }
}
