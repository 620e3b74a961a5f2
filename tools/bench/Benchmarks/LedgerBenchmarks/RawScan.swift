import BenchSQLite
import BenchSodium
import Foundation

/// The raw read baselines: one thread, the C API, no per-row allocation.
enum RawScan {
    struct Result {
        var rows = 0
        var checksum: UInt8 = 0
        var failures = 0
    }

    /// SELECTs every row in seq order (only the rows whose seq is in `range`, through the
    /// primary key, when given) and SHA-256-hashes its bytes (all nine columns, integers as 8
    /// bytes); with `decrypt`, also opens the ciphertext (XChaCha20-Poly1305).
    static func run(path: String, decrypt: Bool, range: ClosedRange<Int64>? = nil) -> Result {
        run(db: RawDB(path: path, readOnly: true), decrypt: decrypt, range: range)
    }

    /// The same work split over two threads: rows `1...rows` cut into two halves by sequence
    /// number, each half read through the primary key on a connection of its own, one on a
    /// new thread and one on the calling thread. What two cores give the raw baseline: the
    /// machine's ceiling for a verifier of the same rows.
    static func runOnTwoThreads(path: String, decrypt: Bool, rows: Int64) -> Result {
        let half = rows / 2
        nonisolated(unsafe) var second = Result()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            second = run(path: path, decrypt: decrypt, range: (half + 1)...rows)
            done.signal()
        }
        thread.start()
        var first = run(path: path, decrypt: decrypt, range: 1...half)
        done.wait()
        first.rows += second.rows
        first.checksum ^= second.checksum
        first.failures += second.failures
        return first
    }

    /// The same on a connection that is already open (the statement is prepared anew).
    static func run(db: RawDB, decrypt: Bool, range: ClosedRange<Int64>? = nil) -> Result {
        precondition(sodium_init() >= 0)
        let s = db.prepare(
            "SELECT seq, kind, deployment, epoch, nonce, ciphertext, sig, prev_hash, hash FROM events"
                + (range == nil ? "" : " WHERE seq BETWEEN ? AND ?") + " ORDER BY seq")
        if let range { s.bind(1, range.lowerBound); s.bind(2, range.upperBound) }
        var result = Result()
        var state = crypto_hash_sha256_state()
        var digest = [UInt8](repeating: 0, count: 32)
        let plain = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
        let ad = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        defer { plain.deallocate(); ad.deallocate() }
        let key = RawKey.key
        let h = s.handle
        @inline(__always) func blob(_ c: Int32) -> (UnsafePointer<UInt8>?, Int) {
            let p = sqlite3_column_blob(h, c)
            return (p?.assumingMemoryBound(to: UInt8.self), Int(sqlite3_column_bytes(h, c)))
        }
        @inline(__always) func update(_ b: (UnsafePointer<UInt8>?, Int)) {
            if let p = b.0, b.1 > 0 { crypto_hash_sha256_update(&state, p, UInt64(b.1)) }
        }
        @inline(__always) func update(_ v: Int64) {
            _ = withUnsafeBytes(of: v.bigEndian) { crypto_hash_sha256_update(&state, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) }
        }
        while s.step() {
            crypto_hash_sha256_init(&state)
            update(sqlite3_column_int64(h, 0))
            let kind = (sqlite3_column_text(h, 1).map { UnsafePointer($0) }, Int(sqlite3_column_bytes(h, 1)))
            update(kind)
            let deployment = blob(2)
            update(deployment)
            update(sqlite3_column_int64(h, 3))
            let nonce = blob(4), ciphertext = blob(5), sig = blob(6), prev = blob(7), hash = blob(8)
            update(nonce); update(ciphertext); update(sig); update(prev); update(hash)
            crypto_hash_sha256_final(&state, &digest)
            result.checksum ^= digest[0]
            if decrypt {
                let adLength = RawRows.ad(into: ad, deployment: deployment.0!, nonce: nonce.0!, prevHash: prev.0!)
                var mlen: UInt64 = 0
                if crypto_aead_xchacha20poly1305_ietf_decrypt(
                    plain, &mlen, nil, ciphertext.0!, UInt64(ciphertext.1),
                    ad.baseAddress, UInt64(adLength), nonce.0!, key) != 0
                {
                    result.failures += 1
                }
                result.checksum ^= plain[0]
            }
            result.rows += 1
        }
        return result
    }
}
