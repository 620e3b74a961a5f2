import Checklist
import LedgerCore

/// Format 2: a lead signs off without the ledger file (decision 0019). A reader prepares the
/// statement (version 2); the lead signs it anywhere with minisign or `ledger key sign`; a
/// member attaches the signature, refused when the checklist state changed in between.
extension LedgerFile {
    /// The statement for `role` of `deployment` at the present head, to be signed by the
    /// member named `signerName` (or the only member holding `sign:ROLE`). Nothing is written.
    /// - Throws: `LedgerError`: `.usage` for a format-1 ledger or a role the checklist lacks;
    ///   `.failure` when the phase, the open items or the signer forbid it.
    public func prepareSignoff(
        _ deployment: DeploymentID, role query: String, signer signerName: String?, accept: [String], reason: String?, comment: String?
    ) throws(LedgerError) -> SignoffStatement {
        guard format == .v2 else {
            throw LedgerError(.usage, "detached sign-off needs a format-2 ledger; '\(path)' is format 1")
        }
        let (view, head) = try store.snapshot { () throws(LedgerError) -> (LedgerView, (seq: Int64, hash: [UInt8])?) in
            (try ledgerView(of: deployment, withRoster: true), try self.head())
        }
        let d: DeploymentView = try Self.deployment(deployment, in: view)
        if let refusal = d.refusal(.signOff) { throw refusal }
        let role = try Self.signerRole(query, in: d)
        let signer = try statementSigner(named: signerName, role: role, in: try membership())
        if let other = d.signoff(by: signer.key, otherThan: role) {
            throw LedgerError(
                .failure, "member '\(signer.name)' already signed off '\(d.name)' as \(other.role) (record \(other.seq)); one key cannot fill two roles")
        }
        let accepted = try Self.accepted(accept, reason: reason, in: d)
        guard let head else { throw LedgerError(.corrupt, "'\(path)' has no records") }
        var statement = SignoffStatement(
            ledger: id, deployment: deployment, deploymentName: d.name, headSeq: head.seq, headHash: head.hash,
            checklistState: ChecklistState.digest(d), templateSHA256: d.templateSHA256, role: role, keyID: signer.keyID, signer: signer.name,
            time: clock.now(), acceptedOpen: accepted, reason: accepted.isEmpty ? nil : reason, comment: comment)
        statement.version = 2
        return statement
    }

    /// The member who signs `role`: the one named, or the only one holding `sign:ROLE`.
    func statementSigner(named name: String?, role: String, in m: Membership) throws(LedgerError) -> MemberObject {
        let holders = m.inForce.map(\.member).filter { $0.can.holds(.sign(role: role)) }
        if let name {
            guard let e = m.member(named: name) else {
                throw LedgerError(.failure, "no member named '\(name)' is in force in '\(path)'", .other, remedy: .listMembers)
            }
            guard e.member.can.holds(.sign(role: role)) else {
                throw LedgerError(.failure, "member '\(e.member.name)' may not sign off as \(role): it does not hold sign:\(role)")
            }
            return e.member
        }
        guard holders.count == 1 else {
            throw LedgerError(
                .usage,
                holders.isEmpty
                    ? "no member of '\(path)' holds sign:\(role)"
                    : "\(holders.count) members hold sign:\(role): \(holders.map(\.name).joined(separator: ", ")); name one",
                .other, remedy: holders.isEmpty ? .askAdminForCapability : .listMembers)
        }
        return holders[0]
    }

    /// Appends the sign-off of a statement signed elsewhere: `minisig` is the `.minisig`
    /// file's text. The record is signed by this ledger's identity (the attacher).
    /// - Throws: `LedgerError`: `.usage` when the files are not a v2 statement and a minisign
    ///   signature; `.failure` when they are not this ledger's, the signature does not verify
    ///   with the signer's member key, or the signer lacks `sign:ROLE`; `.stale` when the
    ///   checklist changed since the statement was prepared. Nothing is written then.
    public func attachSignoff(statement text: String, minisig: String) throws(LedgerError) -> SignoffOutcome {
        guard format == .v2 else { throw LedgerError(.usage, "detached sign-off needs a format-2 ledger; '\(path)' is format 1") }
        guard let statement = SignoffStatement(text: text), statement.version == 2 else {
            throw LedgerError(.usage, "the statement file is not a version-2 sign-off statement, byte for byte as it was prepared")
        }
        guard let sig = Minisign.parseSignatureFile(minisig) else { throw LedgerError(.usage, "the signature is not a minisign signature file") }
        guard statement.ledger.bytes == id.bytes else { throw LedgerError(.failure, "the statement is for ledger \(statement.ledger), not '\(path)' (\(id))") }
        guard let signer = try membership().inForce.map(\.member).first(where: { $0.keyID == statement.keyID }) else {
            throw LedgerError(.failure, "the statement names key \(statement.keyID), which is not a member in force of '\(path)'", .other, remedy: .listMembers)
        }
        guard sig.keyNumber == signer.keyNumber else {
            throw LedgerError(.failure, "the signature is by key \(Signer.keyID(sig.keyNumber)), but the statement names \(signer.name)'s key \(signer.keyID)")
        }
        let signed = SignedStatement(
            statement: statement, algorithm: sig.algorithm, signature: sig.signature, trustedComment: sig.trustedComment, globalSignature: sig.globalSignature)
        guard signed.verifies(publicKey: signer.key) else {
            throw LedgerError(.failure, "the signature does not verify with \(signer.name)'s key \(signer.keyID): the statement or the signature was changed")
        }
        return try attach(signed, by: signer)
    }

    /// Appends `signed` (a v2 statement, its signatures verified) as a `signoff` record.
    func attach(_ signed: SignedStatement, by signer: MemberObject) throws(LedgerError) -> SignoffOutcome {
        let s = signed.statement
        guard signer.can.holds(.sign(role: s.role)) else {
            throw LedgerError(.failure, "member '\(signer.name)' may not sign off as \(s.role): it does not hold sign:\(s.role)")
        }
        return try withCurrentView(of: s.deployment, withRoster: true) { (ledger) throws(LedgerError) -> SignoffOutcome in
            let d = try Self.deployment(s.deployment, in: ledger)
            if let refusal = d.refusal(.signOff) { throw refusal }
            guard try store.hash(of: s.headSeq) == s.headHash else {
                throw LedgerError(.failure, "the statement was prepared at record \(s.headSeq) with another hash: it is not of this log")
            }
            let later = try store.records(after: s.headSeq, deployment: s.deployment, roster: false)
            if let change = later.first(where: { KindInfo.signedStateKinds.contains(EventKind(rawValue: $0.kind) ?? .note) }) {
                throw LedgerError(
                    .stale,
                    "the checklist of '\(d.name)' changed since the statement was prepared (record \(change.seq), \(change.kind)): nothing was attached",
                    hint: "prepare the statement again and have it signed")
            }
            guard ChecklistState.digest(d) == s.checklistState else {
                throw LedgerError(
                    .stale, "the checklist state of '\(d.name)' is not the one the statement signs: nothing was attached", hint: "prepare the statement again")
            }
            if let other = d.signoff(by: signer.key, otherThan: s.role) {
                throw LedgerError(
                    .failure, "member '\(signer.name)' already signed off '\(d.name)' as \(other.role) (record \(other.seq)); one key cannot fill two roles")
            }
            if let same = d.signoffs.last(where: { $0.statement == s }) {
                throw LedgerError(.failure, "this statement was attached already (record \(same.seq)); nothing was written")
            }
            let now = clock.now()
            guard s.time <= now else { throw LedgerError(.failure, "the statement's time \(s.time) is after now (\(now)): check the clocks") }
            let body = SignoffGiven(role: s.role, publicKey: signer.key, keyNumber: signer.keyNumber, signed: signed)
            let record = try append([Event(.signoff(body), deployment: s.deployment, by: Actor(""), time: now)], folding: &ledger, signer: nil)[0]
            return SignoffOutcome(record: record, signed: signed, view: try Self.deployment(s.deployment, in: ledger))
        }
    }

    /// Format 2's `sign --role ROLE` at the ledger: the statement prepared at the head, signed
    /// by the identity (legacy `Ed`, so the statement itself is what is signed), attached at once.
    /// - Throws: `LedgerError` as `prepareSignoff` and `attachSignoff`.
    public func signOffAsMember(
        _ deployment: DeploymentID, role: String, accept: [String], reason: String?, comment: String?
    ) throws(LedgerError) -> SignoffOutcome {
        guard let identity, let me = try membership().member(key: identity.publicKey) else {
            throw LedgerError(.usage, "a sign-off of the team ledger '\(path)' needs a member's identity")
        }
        let statement = try prepareSignoff(deployment, role: role, signer: me.member.name, accept: accept, reason: reason, comment: comment)
        var signed = SignedStatement(signing: statement, with: identity)
        signed.algorithm = "Ed"
        return try attach(signed, by: me.member)
    }
}
