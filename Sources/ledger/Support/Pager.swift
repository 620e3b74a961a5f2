import Checklist
import FoundationEssentials
import LedgerCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output through a pager on a terminal, as git pages `git log` (docs/CLI.md
/// §ledger log): `$LEDGER_PAGER`, else `$PAGER`, else `less -FRX`; an empty value or `cat`
/// means no pager. The pager gets `LESS=FRX` and `LV=-c` when they are unset, and never the
/// secret variables (`SecretEnvironment.names`). Once it runs, standard output goes into its
/// input; the command ends it before an error is reported (`finish`), and when this process
/// ends, even by a signal, it waits for the pager to end, so the shell prompt never comes back
/// under a pager still drawing.
enum Pager {
    /// The pager's process id while it runs, 0 otherwise.
    private static let running = Atomic<Int32>(0)

    /// The command `environment` chooses, or nil for none (unset falls through, empty or
    /// `cat` means none, as with `GIT_PAGER`/`PAGER`).
    static func command(_ environment: (String) -> String? = rawValue) -> String? {
        let chosen = environment("LEDGER_PAGER") ?? environment("PAGER") ?? "less -FRX"
        let trimmed = chosen.trimmingWhitespace()
        return trimmed.isEmpty || trimmed == "cat" ? nil : chosen
    }

    /// The value of `name`, empty when set but empty (`Environment.value` reads empty as unset).
    static func rawValue(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// The pager's argv: a command of one word runs directly (found on `PATH`); one with
    /// spaces or shell syntax runs with `/bin/sh -c`, as git runs its pager.
    static func argv(_ command: String) -> [String] {
        let shellSyntax = Set("|&;<>()$`\\\"' \t\n*?[#~=%")
        return command.contains(where: { shellSyntax.contains($0) }) ? ["/bin/sh", "-c", command] : [command]
    }

    /// The pager's environment: this process's, without the secret variables, with `LESS`
    /// and `LV` set when unset.
    static func environment() -> [String] {
        var env = ProcessInfo.processInfo.environment.filter { !SecretEnvironment.names.contains($0.key) }
        if env["LESS"] == nil { env["LESS"] = "FRX" }
        if env["LV"] == nil { env["LV"] = "-c" }
        return env.map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// Starts the pager and points standard output into it; returns false (nothing changed)
    /// when it cannot be started, after saying so on standard error.
    static func start(_ command: String) -> Bool {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)
        var pid: pid_t = 0
        let args = argv(command)
        let rc = withCStrings(args) { a in withCStrings(environment()) { e in posix_spawnp(&pid, a[0]!, &actions, nil, a, e) } }
        close(fds[0])
        guard rc == 0 else {
            close(fds[1])
            Console.printError("ledger: warning: cannot run the pager '\(command)': \(String(cString: strerror(rc))); printing without it")
            return false
        }
        fflush(nil)
        dup2(fds[1], STDOUT_FILENO)  // standard error stays: an error is printed after the pager ends
        close(fds[1])
        running.store(pid, ordering: .sequentiallyConsistent)
        atexit { Pager.finish(flushing: true) }
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig) { sig in
                Pager.finish(flushing: false)
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
        return true
    }

    /// Ends the pager's input and waits for it to end (at most once). In a signal handler,
    /// `flushing` is false: then only close and waitpid run (async-signal-safe).
    static func finish(flushing: Bool = true) {
        let pid = running.exchange(0, ordering: .sequentiallyConsistent)
        guard pid > 0 else { return }
        if flushing { fflush(nil) }
        close(STDOUT_FILENO)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) } + [nil]
        defer { for c in copies { free(c) } }
        return body(copies)
    }
}
