import CProcess

/// Keeping this process's memory to itself (docs/THREAT-MODEL.md, A4).
public enum ProcessHardening {
    /// Makes the process non-dumpable: no core dump, and no other process of the same user
    /// may read `/proc/PID/mem`, `/proc/PID/environ` or `/proc/PID/maps`, or ptrace it. Forks
    /// (the supervisor of `ledger run`) inherit it; an exec'd program gets the kernel's default back.
    /// - Returns: 0, or the errno of the failed `prctl(PR_SET_DUMPABLE, 0)`.
    public static func makeNonDumpable() -> Int32 { ledger_make_nondumpable() }

    /// Whether the process is dumpable (`prctl(PR_GET_DUMPABLE)`); nil when that fails.
    public static var isDumpable: Bool? {
        let d = ledger_is_dumpable()
        return d < 0 ? nil : d != 0
    }
}
