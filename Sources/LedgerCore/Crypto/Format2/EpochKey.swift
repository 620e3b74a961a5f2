/// An epoch's data key in format 2 (decision 0017 §7.3, §7.4): its public key check, and the
/// previous epoch's key sealed under it, so that the newest key opens every earlier epoch and
/// no earlier key opens a later one.
public enum EpochKey {
    /// `BLAKE2b-256(key = K_e, "ledger/v2/epoch-check" 0x00 ‖ ledger_id ‖ u32be(e))`: public,
    /// reveals nothing of the key, and lets every reader see that it got the same key.
    public static func check(_ key: SecureBytes, ledger: LedgerID, epoch: UInt32) -> [UInt8] {
        let out = BLAKE2b.keyed(Format2Label.epochCheck + ledger.bytes + bigEndianBytes(epoch), key: key, outputLength: 32)
        return out.withBytes { Array($0) }
    }

    /// The previous epoch's key `previous` sealed under epoch `epoch`'s key: a fresh nonce and
    /// 48 bytes.
    public static func link(
        _ previous: SecureBytes, under key: SecureBytes, ledger: LedgerID, epoch: UInt32, random: any RandomSource
    ) -> (nonce: [UInt8], sealed: [UInt8]) {
        let nonce = random.bytes(24)
        let sealed = previous.withBytes { AEAD.seal($0, key: key, nonce: nonce, ad: linkAD(ledger, epoch)) }
        return (nonce, sealed)
    }

    /// Epoch `epoch − 1`'s key, opened from the link of epoch `epoch` with that epoch's key;
    /// nil when the link does not open (changed, or another key, ledger or epoch).
    public static func openLink(nonce: [UInt8], sealed: [UInt8], with key: SecureBytes, ledger: LedgerID, epoch: UInt32) -> SecureBytes? {
        guard nonce.count == 24, sealed.count == 48 else { return nil }
        return AEAD.openSecret(sealed, key: key, nonce: nonce, ad: linkAD(ledger, epoch))
    }

    static func linkAD(_ ledger: LedgerID, _ epoch: UInt32) -> [UInt8] {
        Format2Label.epochLink + ledger.bytes + bigEndianBytes(epoch)
    }
}
