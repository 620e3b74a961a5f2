import LedgerCore

#if canImport(Glibc)
import Glibc
#endif

/// The real clock (UTC, millisecond precision).
public struct SystemClock: LedgerClock {
    /// Creates the system clock.
    public init() {}
    /// Now, truncated to milliseconds.
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}
