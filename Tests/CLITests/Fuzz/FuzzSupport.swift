import Foundation
import LedgerCore

#if canImport(Glibc)
import Glibc
#endif

/// A seeded generator (SplitMix64): the same seed gives the same cases.
struct FuzzRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &self)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) } }
}

/// The fuzz run's settings: `LEDGER_FUZZ_SEED` (default fixed, so CI is repeatable) and
/// `LEDGER_FUZZ_SCALE` (a factor on the number of cases, default 1).
enum FuzzSettings {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["LEDGER_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_202
    static let scale: Double = ProcessInfo.processInfo.environment["LEDGER_FUZZ_SCALE"].flatMap { Double($0) } ?? 1

    static func cases(_ n: Int) -> Int { max(1, Int(Double(n) * scale)) }
}

/// The case being tried, kept where a signal handler can print it: a Swift trap (SIGILL,
/// SIGTRAP) or a crash in-process ends the test runner, and then the last thing on standard
/// error is the case that did it (seed, number, input), to paste into `LEDGER_FUZZ_SEED`.
enum CrashNote {
    nonisolated(unsafe) static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)
    nonisolated(unsafe) static var installed = false
    static let signals = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Installs the handlers (once); each prints the note, restores the previous handler
    /// and returns, so the fault repeats into the runtime's own crash report.
    static func install() {
        guard !installed else { return }
        installed = true
        _ = buffer; _ = length; _ = previous
        for sig in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                let header = "\n*** fuzz: the process died on signal while running this case:\n"
                _ = header.withCString { write(2, $0, strlen($0)) }
                if CrashNote.length > 0 { _ = write(2, CrashNote.buffer, CrashNote.length) }
                _ = write(2, "\n", 1)
                sigaction(sig, CrashNote.previous + Int(sig), nil)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, previous + Int(sig))
        }
    }

    /// Notes the case about to run.
    static func set(_ text: String) {
        let bytes = Array(text.utf8.prefix((1 << 16) - 1))
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        length = bytes.count
    }

    /// Nothing is running.
    static func clear() { length = 0 }
}

/// Extreme and random values for stored columns and for option values.
enum FuzzValues {
    static let integers: [Int64] = [
        0, -1, 1, 2, 255, 256, 65_535, 65_536, Int64(Int32.max), Int64(UInt32.max), Int64(UInt32.max) + 1,
        JSONValue.maxInteger, JSONValue.maxInteger + 1, JSONValue.maxInteger + 2, -JSONValue.maxInteger - 1,
        Int64.max, Int64.max - 1, Int64.min, Int64.min + 1, 19_922_944, 4 * 1_073_741_824, 4 * 1_073_741_824 + 1,
    ]

    static func integer(_ r: inout FuzzRandom, near original: Int64? = nil) -> Int64 {
        switch Int.random(in: 0..<4, using: &r) {
        case 0: return r.pick(integers)
        case 1: return Int64.random(in: .min ... .max, using: &r)
        case 2: return Int64.random(in: -3...40, using: &r)
        default: return (original ?? 0) &+ Int64.random(in: -2...2, using: &r)
        }
    }

    /// Text that breaks rules: controls, bidi overrides, separators, invalid forms, long runs.
    static let nasty = [
        "", " ", "\u{1B}[2J\u{1B}[H", "\u{07}", "\u{9B}31m", "\u{202E}txt.exe", "\u{2028}", "\u{2066}x\u{2069}", "\u{0}", "\n", "\r\n",
        "\t", "\"", "\\", "'", "=1+1", "@SUM(A1)", "-", "+", "--", "-1", "-h", "--help", "%n%s", "../../etc/passwd", "/dev/null",
        "\u{FEFF}", "\u{FFFD}", "e\u{301}", "👩‍👩‍👧", "ＡＢＣ", "9223372036854775808", "-9223372036854775809", "1e309", "NaN",
        "0x10", "1.1.1", "7.2.1.1", "R2", "UTC", "+18:00", "+18:01", "-18:30", "Europe/Berlin", "2026-12-02",
        "2026-12-02T14:50:48Z", "-2h", "item.", "note", "{}", "[]", "{\"a\":-9223372036854775808}",
    ]

    static func string(_ r: inout FuzzRandom) -> String {
        switch Int.random(in: 0..<6, using: &r) {
        case 0: return r.pick(nasty)
        case 1: return r.pick(nasty) + r.pick(nasty) + r.pick(nasty)
        case 2: return String(repeating: r.pick(["a", "9", "-", ".", "\u{1B}", "é", ":"]), count: r.pick([1, 64, 65, 255, 4096]))
        case 3: return String(decoding: r.bytes(Int.random(in: 0...40, using: &r)), as: UTF8.self)
        case 4: return String(r.pick(integers))
        default:
            let scalars = (0..<Int.random(in: 1...24, using: &r)).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &r)) }
            return String(String.UnicodeScalarView(scalars))
        }
    }

    static func blob(_ r: inout FuzzRandom, like original: [UInt8]) -> [UInt8] {
        switch Int.random(in: 0..<9, using: &r) {
        case 0: return []
        case 1: return r.bytes(Int.random(in: 1...100, using: &r))
        case 2: return r.bytes(r.pick([15, 16, 17, 23, 24, 25, 31, 32, 33, 95, 96, 97]))
        case 3: var b = original; if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &r)] ^= 1 << UInt8.random(in: 0...7, using: &r) }; return b
        case 4: return Array(original.prefix(Int.random(in: 0...max(0, original.count), using: &r)))
        case 5: return original + r.bytes(Int.random(in: 1...8, using: &r))
        case 6: return r.chance(0.1) ? [UInt8](repeating: 0x41, count: 1 << 20) : [UInt8](repeating: 0, count: r.pick([65_536, 65_537]))
        case 7: return Array(r.pick(jsonish).utf8)
        default: return [0xFF, 0xFE, 0xC0, 0x80] + r.bytes(4)
        }
    }

    /// Public-data shapes: canonical and not, out-of-range integers, deep nesting.
    static let jsonish = [
        "{}", "{\"a\":1}", "{\"a\":-9223372036854775808}", "{\"a\":9007199254740992}", "{\"a\":-0}", "{\"b\":1,\"a\":2}",
        "{\"a\":\"\\u0000\"}", String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000),
        "{\"role\":\"Security Lead\",\"public_key\":\"AAAA\",\"key_number\":\"AAAAAAAAAAA=\"}", "{\"template_sha256\":\"00\"}",
        "{\"a\":\"\u{1B}[2J\"}", "{\"a\":1e5}", "{\"a\":01}", "null", "\"x\"",
    ]
}

/// Swift Testing records a backtrace for every error thrown while a test runs (through the
/// runtime's `_swift_willThrow` hooks); ArgumentParser throws many while parsing, which made
/// a parse 100 times slower. The fuzz loops run with the hooks cleared, then put them back.
enum ThrowHooks {
    static func withoutBacktraces<T>(_ body: () throws -> T) rethrows -> T {
        let names = ["_swift_willThrow", "_swift_willThrowTypedImpl"]
        let slots = names.compactMap { dlsym(UnsafeMutableRawPointer(bitPattern: 0), $0)?.assumingMemoryBound(to: UnsafeRawPointer?.self) }
        let saved = slots.map { $0.pointee }
        for s in slots { s.pointee = nil }
        defer { for (s, v) in zip(slots, saved) { s.pointee = v } }
        return try body()
    }
}
