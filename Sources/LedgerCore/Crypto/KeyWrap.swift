/// A data key wrapped under a passphrase-derived key (docs/FORMAT.md §6).
///
/// The key-encryption key is Argon2id(passphrase, salt, parameters); the data key is sealed
/// with XChaCha20-Poly1305-IETF under it, with associated data
/// `"ledger/v1/key-wrap" ‖ 0x00 ‖ ledger_id ‖ epoch(u32be) ‖ ops(u64be) ‖ mem(u64be) ‖ salt`,
/// so neither the parameters nor the epoch can be swapped without detection.
public struct WrappedKey: Sendable, Equatable {
    /// The key epoch this data key serves.
    public var epoch: UInt32
    /// Argon2id cost.
    public var parameters: Argon2id.Parameters
    /// The 16-byte Argon2id salt.
    public var salt: [UInt8]
    /// The 24-byte nonce of the wrapping AEAD.
    public var nonce: [UInt8]
    /// The wrapped 32-byte key with its 16-byte tag.
    public var ciphertext: [UInt8]

    /// Creates a wrapped key from stored fields.
    public init(epoch: UInt32, parameters: Argon2id.Parameters, salt: [UInt8], nonce: [UInt8], ciphertext: [UInt8]) {
        self.epoch = epoch
        self.parameters = parameters
        self.salt = salt
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    static func associatedData(ledger: LedgerID, epoch: UInt32, parameters: Argon2id.Parameters, salt: [UInt8]) -> [UInt8] {
        var ad = RecordFormat.labelBytes(RecordFormat.keyWrapLabel) + ledger.bytes
        appendBigEndian(epoch, to: &ad)
        appendBigEndian(parameters.opsLimit, to: &ad)
        appendBigEndian(parameters.memLimit, to: &ad)
        return ad + salt
    }

    /// Wraps `dataKey` under `passphrase`.
    /// - Returns: nil if Argon2id could not run (out of memory).
    public static func wrap(
        dataKey: SecureBytes, passphrase: SecureBytes, ledger: LedgerID, epoch: UInt32,
        parameters: Argon2id.Parameters, random: any RandomSource
    ) -> WrappedKey? {
        let salt = random.bytes(Argon2id.saltBytes)
        let nonce = random.bytes(AEAD.nonceBytes)
        guard let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters) else { return nil }
        let ad = associatedData(ledger: ledger, epoch: epoch, parameters: parameters, salt: salt)
        let ct = dataKey.withBytes { AEAD.seal($0, key: kek, nonce: nonce, ad: ad) }
        return WrappedKey(epoch: epoch, parameters: parameters, salt: salt, nonce: nonce, ciphertext: ct)
    }

    /// Why this stored row cannot be a wrap any writer made, if it cannot: a field of the
    /// wrong size, or an Argon2id cost outside the limits every writer keeps (docs/FORMAT.md §6).
    /// Such a row was changed; a well-formed one that does not open cannot be told from a
    /// wrong passphrase.
    public var defect: String? {
        if salt.count != Argon2id.saltBytes { return "its salt is \(salt.count) bytes, not \(Argon2id.saltBytes)" }
        if nonce.count != AEAD.nonceBytes { return "its nonce is \(nonce.count) bytes, not \(AEAD.nonceBytes)" }
        if ciphertext.count != AEAD.keyBytes + AEAD.tagBytes { return "its wrapped key is \(ciphertext.count) bytes, not \(AEAD.keyBytes + AEAD.tagBytes)" }
        if !parameters.isAcceptable {
            return
                "its Argon2id cost (\(parameters.memLimit) bytes, \(parameters.opsLimit) passes) is outside what any writer uses (at least \(Argon2id.Parameters.floorMiB) MiB and \(Argon2id.Parameters.floorPasses) passes)"
        }
        return nil
    }

    /// Unwraps the data key into guarded memory.
    /// - Returns: nil when the passphrase is wrong or a stored field was changed.
    public func unwrap(passphrase: SecureBytes, ledger: LedgerID) -> SecureBytes? {
        guard salt.count == Argon2id.saltBytes, parameters.isAcceptable,
            let kek = Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        else { return nil }
        let ad = Self.associatedData(ledger: ledger, epoch: epoch, parameters: parameters, salt: salt)
        guard let key = AEAD.openSecret(ciphertext, key: kek, nonce: nonce, ad: ad), key.count == AEAD.keyBytes else { return nil }
        return key
    }
}
