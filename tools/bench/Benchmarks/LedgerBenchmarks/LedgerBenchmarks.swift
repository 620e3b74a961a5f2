import Benchmark
import LedgerCore
import LedgerStore
import BenchSQLite
import BenchSodium

let benchmarks: @Sendable () -> Void = {
    Benchmark("smoke") { _ in blackHole(sodium_init()); blackHole(sqlite3_libversion_number()) }
}
