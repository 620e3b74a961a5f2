/// The verifier's second look: turns first-pass anomalies into named findings.
///
/// Runs only when the first pass saw something wrong. It works out, for every stored row,
/// the position it was written at (an authentic record moved elsewhere is `reordered`; one
/// whose fields changed is `modified`), then which positions have no record (`missing`),
/// which rows compete for one position without being part of the chain (`inserted`), and
/// which records were replaced (the next record names another predecessor: `modified`).
/// Hash prefixes only propose explanations; each is confirmed by recomputing a full hash.
struct Explainer {
    let v: ChainVerifier
    var byHash: [UInt64: [Int]] = [:]
    var byPrev: [UInt64: [Int]] = [:]
    var original: [Int: Int64] = [:]
    var rowFinding: [Int: Finding] = [:]
    let genesisPrefix: UInt64

    init(verifier: ChainVerifier) {
        v = verifier
        genesisPrefix = RowTable.prefix(verifier.genesis)
        for i in 0..<v.rows.count where !v.rows.flags[i].contains(.malformed) {
            byHash[v.rows.hashPrefix[i], default: []].append(i)
            byPrev[v.rows.prevPrefix[i], default: []].append(i)
        }
    }

    mutating func explain() -> [Finding] {
        for (i, f) in v.notes where f.kind == .malformed { rowFinding[i] = f }
        for i in 0..<v.rows.count where v.rows.flags[i].contains(.hashOK) { original[i] = v.rows.seqs[i] }
        resolveSuspects()
        let genuine = markInserted()
        markReplaced(genuine)
        markFirstRecord(genuine)
        markReusedNonces()
        for (i, f) in v.notes where rowFinding[i] == nil { rowFinding[i] = f }
        return Array(rowFinding.values) + missing()
    }

    /// Places every row whose hash failed: an authentic record moved elsewhere is found by
    /// its neighbours (repeated until nothing more can be placed, so a long shifted run
    /// resolves from either end); what cannot be placed was modified.
    mutating func resolveSuspects() {
        var pending = v.suspects.keys.sorted()
        var progress = true
        while progress, !pending.isEmpty {
            progress = false
            pending = pending.filter { i in
                guard let s = relocate(i) else { return true }
                let seq = v.rows.seqs[i]
                original[i] = s
                rowFinding[i] = Finding(.reordered, seq: seq, "record \(seq) is the authentic record \(s), moved: its sequence number was changed")
                progress = true
                return false
            }
        }
        for i in pending {
            let seq = v.rows.seqs[i]
            original[i] = seq
            rowFinding[i] = Finding(.modified, seq: seq, "record \(seq) was modified: its stored fields no longer match its hash")
        }
    }

    /// The position row `i` was written at, if a placed neighbour suggests one that its
    /// full hash confirms.
    func relocate(_ i: Int) -> Int64? {
        guard let record = v.suspects[i] else { return nil }
        for candidate in candidates(i) where candidate != record.seq && candidate >= 1 {
            var moved = record
            moved.seq = candidate
            if RecordFormat.computeHash(moved, ledger: v.ledger) == record.hash { return candidate }
        }
        return nil
    }

    /// Positions suggested by placed neighbours: one after the record its previous hash
    /// names, one before a record that names it.
    func candidates(_ i: Int) -> [Int64] {
        var out: [Int64] = []
        if v.rows.prevPrefix[i] == genesisPrefix { out.append(1) }
        for j in byHash[v.rows.prevPrefix[i]] ?? [] where j != i { if let o = original[j] { out.append(o + 1) } }
        for k in byPrev[v.rows.hashPrefix[i]] ?? [] where k != i { if let o = original[k] { out.append(o - 1) } }
        return out
    }

    /// Where several rows claim one position, the one the next record links to is genuine;
    /// the others are inserted. Returns the genuine row of each position.
    mutating func markInserted() -> [Int64: Int] {
        var byOriginal: [Int64: [Int]] = [:]
        for (i, o) in original { byOriginal[o, default: []].append(i) }
        var genuine: [Int64: Int] = [:]
        for (o, rowsAt) in byOriginal {
            let sorted = rowsAt.sorted()
            guard sorted.count > 1 else { genuine[o] = sorted[0]; continue }
            let linked = sorted.filter { g in
                (byPrev[v.rows.hashPrefix[g]] ?? []).contains { original[$0] == o + 1 }
            }
            let keep = linked.first ?? sorted[0]
            genuine[o] = keep
            for i in sorted where i != keep {
                let seq = v.rows.seqs[i]
                rowFinding[i] = Finding(
                    .inserted, seq: seq,
                    "record \(seq) is not part of the chain: another record holds position \(o) and the log continues from that one")
            }
        }
        return genuine
    }

    /// A record whose successor was written after a different record has been replaced.
    mutating func markReplaced(_ genuine: [Int64: Int]) {
        for (o, i) in genuine where rowFinding[i]?.kind != .modified {
            // Only an authentic record's previous-hash field is evidence about its predecessor.
            guard let pred = genuine[o - 1] else {
                if o == 1, v.rows.prevPrefix[i] != genesisPrefix, rowFinding[i] == nil {
                    rowFinding[i] = Finding(
                        .modified, seq: v.rows.seqs[i],
                        "record \(v.rows.seqs[i]) does not start this ledger's chain: its previous hash is not the genesis hash")
                }
                continue
            }
            let prev = v.rows.prevPrefix[i]
            let predContent = v.suspects[pred].map { RowTable.prefix(RecordFormat.computeHash($0, ledger: v.ledger)) }
            guard prev != v.rows.hashPrefix[pred], prev != predContent, rowFinding[pred] == nil else { continue }
            let seq = v.rows.seqs[pred]
            rowFinding[pred] = Finding(
                .modified, seq: seq,
                "record \(seq) was replaced: record \(v.rows.seqs[i]) was written after a different record \(o - 1)")
        }
    }

    /// Record 1 of every ledger is its `ledger.created` record (docs/FORMAT.md §9): a genuine
    /// record 1 of another kind, with no finding yet, means the first records were deleted or
    /// replaced and the chain recomputed from the genesis hash.
    mutating func markFirstRecord(_ genuine: [Int64: Int]) {
        guard let i = genuine[1], rowFinding[i] == nil, !v.rows.flags[i].contains(.startsLedger) else { return }
        let seq = v.rows.seqs[i]
        rowFinding[i] = Finding(
            .modified, seq: seq,
            "record \(seq) is not a ledger.created record, which every ledger starts with: the log's first records were deleted or replaced and the chain recomputed"
        )
    }

    /// A well-formed row with no finding yet whose nonce begins with the same 16 bytes as an
    /// earlier row's has that row's record key (docs/FORMAT.md §15.1): anyone given that key
    /// (in an excerpt) could have written it.
    mutating func markReusedNonces() {
        for (i, first) in v.reusedNonces.sorted(by: { $0.key < $1.key }) where rowFinding[i] == nil {
            let seq = v.rows.seqs[i], other = v.rows.seqs[first]
            rowFinding[i] = Finding(
                .nonceReuse, seq: seq,
                "record \(seq)'s nonce begins with the same 16 bytes as record \(other)'s, so both have one record key: whoever holds record \(other)'s key (from an excerpt) could have written record \(seq)"
            )
        }
    }

    /// Positions up to the highest one present that no row holds: one finding each, or one
    /// for a run of more than `missingRunLimit` positions (a changed sequence number can open
    /// a gap of 2^53 positions, which no report could list).
    func missing() -> [Finding] {
        var covered = Set(original.values)
        for i in 0..<v.rows.count where v.rows.flags[i].contains(.malformed) { covered.insert(v.rows.seqs[i]) }
        var out: [Finding] = []
        var next: Int64 = 1  // the first position not yet accounted for
        for held in covered.filter({ $0 >= 1 }).sorted() {
            if held > next {
                let last = held - 1
                if last - next < Self.missingRunLimit {
                    out += (next...last).map { Finding(.missing, seq: $0, "record \($0) is missing: it was deleted from the log") }
                } else {
                    out.append(
                        Finding(
                            .missing, seq: next,
                            "records \(next)…\(last) are missing (\(last - next + 1) positions): they were deleted from the log, or a sequence number was changed"
                        ))
                }
            }
            if held == .max { break }
            next = held + 1
        }
        return out
    }

    /// The longest run of missing positions reported one finding per position.
    static let missingRunLimit: Int64 = 1000
}
