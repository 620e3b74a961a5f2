import LedgerCore

/// What a writer checks before appending (docs/FORMAT.md §5): that the log's tail verifies, so
/// that a new record never links to, and so vouches for, a damaged one.
///
/// The tail is the last record. It must be well formed, its stored hash must be the one its
/// fields give, it must link to the stored hash of the record before it (record 1: to the
/// genesis hash, and be `ledger.created`), and it must open with the data key of its epoch.
/// All of it is O(1): two rows read, one hash and one AEAD open, whatever the log's length.
enum TailCheck {
    /// - Throws: `LedgerError` (`.tampered`, `.corrupt` for a malformed row) naming the record.
    static func check(_ last: Record, before: [UInt8]?, ledger: LedgerID, sealers: [Int64: Sealer], path: String) throws(LedgerError) {
        func refuse(_ why: String, _ category: LedgerError.Category = .tampered) -> LedgerError {
            LedgerError(
                category, "the last record of '\(path)' (record \(last.seq)) does not verify: \(why); nothing was appended after it",
                .lastRecordDoesNotVerify(path: path, seq: last.seq), remedy: .verifyForDamage)
        }
        if let m = last.malformation { throw refuse("it is malformed (\(m))", .corrupt) }
        guard RecordFormat.computeHash(last, ledger: ledger) == last.hash else { throw refuse("its stored fields no longer match its hash") }
        if last.seq == 1 {
            guard last.prevHash == RecordFormat.genesisHash(ledger: ledger) else { throw refuse("it does not link to the genesis hash") }
            guard last.kind == EventKind.ledgerCreated.rawValue else { throw refuse("record 1 is not ledger.created") }
        } else {
            guard let before else { throw refuse("record \(last.seq - 1) before it is missing") }
            guard before == last.prevHash else { throw refuse("it does not link to record \(last.seq - 1)") }
        }
        guard let sealer = sealers[last.epoch] else { throw refuse("it names key epoch \(last.epoch), which this ledger does not have", .corrupt) }
        do throws(Sealer.OpenError) { _ = try sealer.open(last, signatures: .forProjection) } catch {
            if error == .authenticationFailed { throw refuse("it does not open with the ledger's key (it was changed after it was written)") }
            throw refuse("its payload is malformed", .corrupt)
        }
    }
}
