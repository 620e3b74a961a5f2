import BenchSQLite
import Benchmark
import Checklist
import Foundation
import LedgerCore
import LedgerStore

// Each case runs beside its raw baseline, in the same run. Names sort so that a case and its
// baseline run next to each other: "<case> <size> ledger", then "<case> <size> raw".
//
//   append-batched N    ledger.append([Event]) of N events, one transaction per 10^4 events,
//                       onto a fresh ledger  |  raw: prepared INSERTs of rows of the same byte
//                       sizes, same columns and index, no triggers or crypto, same transactions
//   append-durable N    1000 single durable appends onto a ledger already holding N events
//                       |  raw: 1000 single-row INSERT transactions onto a table of N rows
//                       (WAL, synchronous=FULL on both sides)
//   verify-keyless N    verify() of a locked ledger of N records  |  raw: SELECT every row and
//                       SHA-256 its bytes, one thread
//   verify-full N       verify() of an unlocked ledger  |  raw: the same scan-and-hash plus an
//                       XChaCha20-Poly1305 decrypt of each ciphertext, one thread
//   verify-signatures N verifySignatures(trust: nil) of a locked ledger of N records (the scan
//                       for signed, roster and sign-off records that `ledger verify` adds after
//                       the chain)  |  raw: the verify-keyless raw baseline of the same run
//                       (measured once; tools/bench/run divides by it)
//   verify-*-paired N   the verify case and its raw baseline back to back in each iteration
//                       (in turn first, second and third), with the raw baseline split over
//                       two threads as a third side; records each iteration's ratio and the
//                       machine's ceiling (one-thread raw time / two-thread raw time)
//   export N            the JSON Lines timeline of one deployment (1001 records: its start and
//                       1000 ticks) appended to the N-record ledger, each line counted and
//                       dropped  |  raw: SELECT 1001 rows of the N-row table by seq range and
//                       SHA-256 them, one thread. export 1e6 / export 1e4 should be ~1: only
//                       the deployment's records are read (through the deployment index)
//
// Every benchmark records `events/s` (events appended, records verified or records exported
// per second of the measured region), which is what tools/bench/run compares.

let eventsPerSecond = BenchmarkMetric.custom("events/s", polarity: .prefersLarger, useScalingFactor: false)
/// A paired case's ratio (raw time / ledger time of the same iteration), times 1000.
let pairedRatio = BenchmarkMetric.custom("ratio x1000", polarity: .prefersLarger, useScalingFactor: false)
/// A paired case's machine ceiling (the raw baseline's time on one thread / its time split over
/// two threads, in the same iteration), times 1000: what two cores give this very workload.
let pairedCeiling = BenchmarkMetric.custom("ceiling x1000", polarity: .prefersLarger, useScalingFactor: false)

func configuration(
    iterations: Int, warmup: Int, seconds: Int = 60, n: Int, metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, eventsPerSecond]
) -> Benchmark.Configuration {
    .init(
        metrics: metrics,
        tags: ["events": String(n)],
        timeUnits: .milliseconds,
        warmupIterations: warmup,
        scalingFactor: .one,
        maxDuration: .seconds(seconds),
        maxIterations: iterations)
}

/// Measures `body` (and only it) and records its rate in events per second.
func measure(_ benchmark: Benchmark, events: Int, _ body: () throws -> Void) rethrows {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    let start = clock.now
    try body()
    let elapsed = clock.now - start
    benchmark.stopMeasurement()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    benchmark.measurement(eventsPerSecond, Int((Double(events) / seconds).rounded()))
}

func label(_ n: Int) -> String { n == 10_000 ? "1e4" : n == 1_000_000 ? "1e6" : String(n) }

/// Single durable appends per iteration of the durable cases.
let durableAppends = 1_000

let benchmarks: @Sendable () -> Void = {
    for n in [10_000, 1_000_000] {
        let big = n >= 1_000_000
        let size = label(n)

        // MARK: batched append

        let batched = configuration(iterations: big ? 3 : 15, warmup: big ? 0 : 1, n: n)
        Benchmark("append-batched \(size) ledger", configuration: batched) { benchmark in
            let path = Files.path("work-append-batched.ledger")
            let events = Workload.events(min(Workload.batch, n))
            let ledger = try Workload.createLedger(at: path)
            try measure(benchmark, events: n) { try Workload.appendBatched(ledger, n: n, events: events) }
            guard try ledger.count() == n + 1 else { benchmark.error("wrong count"); return }
        } teardown: {
            Files.removeDatabase(Files.path("work-append-batched.ledger"))
        }

        Benchmark("append-batched \(size) raw", configuration: batched) { benchmark in
            let shape = Fixtures.shape
            let pool = RandomPool.shared
            let path = Files.path("work-append-batched.db")
            let db = RawDB.create(path: path)
            let insert = db.prepare(RawRows.insertSQL)
            measure(benchmark, events: n) {
                var seq: Int64 = 1
                while seq <= Int64(n) {
                    db.exec("BEGIN IMMEDIATE")
                    for _ in 0..<min(Workload.batch, n - Int(seq) + 1) {
                        let row = pool.row(seq, shape)
                        RawRows.insert(insert, seq: seq, shape: shape, row: row, ciphertext: row.ciphertext)
                        seq += 1
                    }
                    db.exec("COMMIT")
                }
            }
            guard db.scalarInt("SELECT count(*) FROM events") == n else { benchmark.error("wrong count"); return }
        } teardown: {
            Files.removeDatabase(Files.path("work-append-batched.db"))
        }

        // MARK: durable single append

        let durable = configuration(iterations: 10, warmup: 1, n: durableAppends)
        nonisolated(unsafe) var ledger: LedgerFile?
        Benchmark("append-durable \(size) ledger", configuration: durable) { benchmark in
            guard let ledger else { benchmark.error("no ledger"); return }
            let data: [String: JSONValue] = ["text": .string(Workload.text)]
            try measure(benchmark, events: durableAppends) {
                for _ in 0..<durableAppends { try ledger.append(.note, actor: Workload.actor, data: data) }
            }
        } setup: {
            let path = Files.path("work-append-durable.ledger")
            Files.copyDatabase(Fixtures.ledger(n), to: path)
            let l = try LedgerFile.open(at: path)
            try l.unlock(passphrase: Workload.passphrase)
            ledger = l
        } teardown: {
            ledger = nil
            Files.removeDatabase(Files.path("work-append-durable.ledger"))
        }

        nonisolated(unsafe) var rawDB: RawDB?
        nonisolated(unsafe) var nextSeq: Int64 = 0
        Benchmark("append-durable \(size) raw", configuration: durable) { benchmark in
            guard let db = rawDB else { benchmark.error("no database"); return }
            let shape = Fixtures.shape
            let pool = RandomPool.shared
            let insert = db.prepare(RawRows.insertSQL)
            measure(benchmark, events: durableAppends) {
                for _ in 0..<durableAppends {
                    let row = pool.row(nextSeq, shape)
                    RawRows.insert(insert, seq: nextSeq, shape: shape, row: row, ciphertext: row.ciphertext)
                    nextSeq += 1
                }
            }
        } setup: {
            let path = Files.path("work-append-durable.db")
            Files.copyDatabase(Fixtures.raw(n), to: path)
            let db = RawDB(path: path)
            db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
            nextSeq = db.scalarInt("SELECT max(seq) FROM events") + 1
            rawDB = db
        } teardown: {
            rawDB = nil
            Files.removeDatabase(Files.path("work-append-durable.db"))
        }

        // MARK: export one deployment

        let exportConfig = configuration(iterations: 50, warmup: 2, seconds: 30, n: Fixtures.exportRecords)
        nonisolated(unsafe) var exportLedger: LedgerFile?
        nonisolated(unsafe) var exportID: DeploymentID?
        Benchmark("export \(size) ledger", configuration: exportConfig) { benchmark in
            guard let ledger = exportLedger, let id = exportID else { benchmark.error("no ledger"); return }
            var filter = TimelineFilter()
            filter.deployment = id
            var bytes = 0, entries = 0, progressed = 0
            try measure(benchmark, events: Fixtures.exportRecords) {
                try ledger.timeline(filter, progress: { done, _ in progressed = done }) { entry in
                    let line = TimelineFormats.jsonEntry(entry) { $0.description } + "\n"
                    bytes += line.utf8.count
                    entries += 1
                }
            }
            blackHole(bytes)
            guard entries == Fixtures.exportRecords, progressed == entries, bytes > 0 else {
                benchmark.error("export: \(entries) entries, progress \(progressed), \(bytes) bytes"); return
            }
        } setup: {
            let l = try LedgerFile.open(at: Fixtures.exportLedger(n), readOnly: true)
            try l.unlock(passphrase: Workload.passphrase)
            exportID = try l.resolveDeployment(Fixtures.exportDeploymentName).id
            exportLedger = l
        } teardown: {
            exportLedger = nil
            exportID = nil
        }

        nonisolated(unsafe) var exportRaw: RawDB?
        Benchmark("export \(size) raw", configuration: exportConfig) { benchmark in
            guard let db = exportRaw else { benchmark.error("no database"); return }
            let rows = Int64(Fixtures.exportRecords)
            let range = (Int64(n) - rows + 1)...Int64(n)  // the table's last 1001 rows
            var result = RawScan.Result()
            measure(benchmark, events: Fixtures.exportRecords) { result = RawScan.run(db: db, decrypt: false, range: range) }
            blackHole(result.checksum)
            guard result.rows == Fixtures.exportRecords, result.failures == 0 else { benchmark.error("raw scan: \(result)"); return }
        } setup: {
            exportRaw = RawDB(path: Fixtures.raw(n), readOnly: true)
        } teardown: {
            exportRaw = nil
        }

        // MARK: verify

        let verify = configuration(iterations: big ? 4 : 20, warmup: 1, n: n)
        for full in [false, true] {
            let name = full ? "verify-full" : "verify-keyless"
            nonisolated(unsafe) var opened: LedgerFile?
            Benchmark("\(name) \(size) ledger", configuration: verify) { benchmark in
                guard let ledger = opened else { benchmark.error("no ledger"); return }
                var report: VerifyReport?
                try measure(benchmark, events: n) { report = try ledger.verify() }
                guard let report, report.isIntact, report.recordCount == n, report.decrypted == full else {
                    benchmark.error("verify: \(String(describing: report))"); return
                }
            } setup: {
                opened = try Fixtures.openLedger(n, unlocked: full)
            } teardown: {
                opened = nil
            }

            Benchmark("\(name) \(size) raw", configuration: verify) { benchmark in
                let path = Fixtures.raw(n)
                var result = RawScan.Result()
                measure(benchmark, events: n) { result = RawScan.run(path: path, decrypt: full) }
                blackHole(result.checksum)
                guard result.rows == n, result.failures == 0 else { benchmark.error("raw scan: \(result)"); return }
            } setup: {
                _ = Fixtures.raw(n)
            }
        }

        // MARK: verify, paired

        // The same two sides, run back to back in every iteration (in turn first and second),
        // each iteration's ratio recorded: a machine whose speed drifts between cases (the
        // raw baselines here moved by 50-80% from one case to the next) moves both sides of a
        // pair alike, so the median of the paired ratios is the figure that counts.
        //
        // Each iteration also runs the raw baseline split over two threads (two halves of the
        // sequence numbers, a connection each): no verifier can beat that on this machine, so
        // its ratio to the one-thread baseline (the "ceiling") says what the target asks of
        // the machine, and ledger / ceiling what is left to the code.
        let paired = configuration(
            iterations: big ? 6 : 40, warmup: 1, seconds: 120, n: n, metrics: [.wallClock, pairedRatio, pairedCeiling])
        for full in [false, true] {
            let name = full ? "verify-full" : "verify-keyless"
            nonisolated(unsafe) var opened: LedgerFile?
            nonisolated(unsafe) var turn = 0
            Benchmark("\(name)-paired \(size) ledger", configuration: paired) { benchmark in
                guard let ledger = opened else { benchmark.error("no ledger"); return }
                let path = Fixtures.raw(n)
                let clock = ContinuousClock()
                var times = [Duration](repeating: .zero, count: 3)  // raw, ledger, raw on two threads
                var report: VerifyReport?, result = RawScan.Result(), split = RawScan.Result()
                turn += 1
                benchmark.startMeasurement()
                for side in [[0, 1, 2], [1, 2, 0], [2, 0, 1]][turn % 3] {
                    let start = clock.now
                    switch side {
                    case 0: result = RawScan.run(path: path, decrypt: full)
                    case 1: report = try ledger.verify()
                    default: split = RawScan.runOnTwoThreads(path: path, decrypt: full, rows: Int64(n))
                    }
                    times[side] = clock.now - start
                }
                benchmark.stopMeasurement()
                blackHole(result.checksum ^ split.checksum)
                guard let report, report.isIntact, report.recordCount == n, result.rows == n, result.failures == 0,
                    split.rows == n, split.failures == 0
                else {
                    benchmark.error("paired: \(String(describing: report)), raw \(result), split \(split)"); return
                }
                benchmark.measurement(pairedRatio, Int((times[0] / times[1] * 1000).rounded()))
                benchmark.measurement(pairedCeiling, Int((times[0] / times[2] * 1000).rounded()))
            } setup: {
                opened = try Fixtures.openLedger(n, unlocked: full)
            } teardown: {
                opened = nil
            }
        }

        // MARK: signature scan

        nonisolated(unsafe) var locked: LedgerFile?
        Benchmark("verify-signatures \(size) ledger", configuration: verify) { benchmark in
            guard let ledger = locked else { benchmark.error("no ledger"); return }
            var findings: [Finding]?
            try measure(benchmark, events: n) { findings = try ledger.verifySignatures(trust: nil) }
            guard findings == [] else { benchmark.error("signatures: \(String(describing: findings))"); return }
        } setup: {
            locked = try LedgerFile.open(at: Fixtures.ledger(n), readOnly: true)
        } teardown: {
            locked = nil
        }
    }
}
