import Dispatch
import Foundation
import LedgerCore
import Synchronization

/// Environment variables that hold secrets; a child never inherits them.
let secretVariables: Set<String> = ["LEDGER_PASSPHRASE", "LEDGER_KEY_PASSPHRASE"]

/// Runs one child process with its output tapped, passing termination signals on.
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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        // Secrets never reach the child, whether or not this process read them.
        p.environment = ProcessInfo.processInfo.environment.filter { !secretVariables.contains($0.key) }
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        let out = StreamTap(o, echo: STDOUT_FILENO, keep: keep), err = StreamTap(e, echo: STDERR_FILENO, keep: keep)
        let interrupted = Atomic<Bool>(false)
        let start = DispatchTime.now()
        // The child gets default dispositions and an unblocked mask: an inherited SIG_IGN (nohup,
        // background jobs) or blocked signal would make it deaf to the signals forwarded below.
        let signals = [SIGINT, SIGTERM, SIGHUP]
        for sig in signals { Glibc.signal(sig, SIG_DFL) }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in signals { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)  // a blocked mask is inherited too
        do { try p.run() } catch {
            FileHandle.standardError.write(Data("ledger: cannot start \(argv[0]): \(error.localizedDescription)\n".utf8))
            try? o.fileHandleForWriting.close()
            try? e.fileHandleForWriting.close()
            return ChildProcess(exitCode: 127, signal: nil, durationMs: 0, interrupted: false, out: out, err: err)
        }
        // Handlers go in after the spawn: a child must not inherit SIG_IGN.
        let sources = signals.map { sig -> DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                interrupted.store(true, ordering: .relaxed)
                if p.isRunning { kill(p.processIdentifier, sig) }
            }
            s.resume()
            Glibc.signal(sig, SIG_IGN)
            return s
        }
        defer {
            for (s, sig) in zip(sources, signals) { s.cancel(); Glibc.signal(sig, SIG_DFL) }
        }
        p.waitUntilExit()
        let ms = Int64((DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000)
        let signalled = p.terminationReason == .uncaughtSignal
        return ChildProcess(exitCode: signalled ? nil : Int64(p.terminationStatus), signal: signalled ? Int64(p.terminationStatus) : nil,
                            durationMs: ms, interrupted: interrupted.load(ordering: .relaxed), out: out, err: err)
    }
}
