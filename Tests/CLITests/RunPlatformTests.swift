import LedgerCore
import LedgerStore
import Testing

@testable import ledger

/// `ledger run` off Linux (docs/CLI.md §ledger run): a clear refusal, checked here on Linux.
@Suite struct RunPlatformTests {
    @Test("off Linux, ledger run refuses with exit 1, naming Linux and what to do instead")
    func refusalOffLinux() {
        #expect(Supervision.isAvailable == RunPlatformTests.isLinux)
        #expect(Run.needsLinux.category.exitCode == 1)
        #expect(Run.needsLinux.message.hasPrefix("ledger run needs Linux"))
        #expect(Run.needsLinux.hint?.contains("ledger note") == true)
    }

    static var isLinux: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }
}
