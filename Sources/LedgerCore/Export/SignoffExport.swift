/// The files `ledger export signoff` writes: each sign-off's statement and signatures in forms
/// that tools other than ledger check (docs/FORMAT.md §14.2, docs/CLI.md). Pure.
///
/// For sign-off record N of role R (slug `r`), with key id K:
/// - `N-r.statement`: the statement's bytes;
/// - `N-r.statement.minisig`: the signature for `minisign -Vm N-r.statement -p N-r.pub`;
/// - `N-r.statement.sig`: the raw 64-byte Ed25519 signature, for
///   `openssl pkeyutl -verify -pubin -inkey N-r.pem -rawin -in N-r.statement -sigfile N-r.statement.sig`;
/// - `N-r.pub`: the signer's public key in minisign's format; `N-r.pem`: the same key as a
///   PEM SubjectPublicKeyInfo (RFC 8410).
/// The public keys are copied from the ledger: an auditor compares them with the keys they
/// trust (their own trust file), not the other way round.
public enum SignoffExport {
    /// One file to write.
    public struct File: Sendable, Equatable {
        /// Its name (no directory).
        public let name: String
        /// Its bytes.
        public let bytes: [UInt8]
    }

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the key follows.
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The files for every sign-off of `d`, in log order.
    public static func files(_ d: DeploymentView) -> [File] {
        d.signoffs.flatMap { s -> [File] in
            guard let signed = s.signed, let kn = Hex.decode(signed.statement.keyID).map({ Array($0.reversed()) }), kn.count == 8 else { return [] }
            let base = "\(s.seq)-\(slug(s.role))"
            return [
                File(name: "\(base).statement", bytes: Array(signed.statement.text.utf8)),
                File(name: "\(base).statement.minisig", bytes: Array(signed.minisig(keyNumber: kn).utf8)),
                File(name: "\(base).statement.sig", bytes: signed.signature),
                File(
                    name: "\(base).pub",
                    bytes: Array(
                        Minisign.publicKey(
                            keyNumber: kn, publicKey: s.publicKey,
                            comment: "minisign public key \(signed.statement.keyID) (\(s.role), copied from the ledger)"
                        ).utf8)),
                File(name: "\(base).pem", bytes: Array(pem(s.publicKey).utf8)),
            ]
        }
    }

    /// An Ed25519 public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    public static func pem(_ publicKey: [UInt8]) -> String {
        "-----BEGIN PUBLIC KEY-----\n\(Base64.encode(spkiPrefix + publicKey))\n-----END PUBLIC KEY-----\n"
    }

    /// A file-name-safe slug: lower-case letters and digits, runs of others as one '-'.
    static func slug(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "role" : out
    }
}
