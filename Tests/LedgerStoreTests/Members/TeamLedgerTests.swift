import Foundation
import LedgerCore
import TestSupport
import Testing

@testable import LedgerStore

/// Format 2 on a real file (issue #13, points 1–5): members open the ledger with their own
/// keys, every record is signed by its author, removal holds; each attack is made as an
/// attacker would make it (rows sealed with the keys they hold, inserted with the sqlite3 API)
/// and expects the exact finding.
@Suite struct TeamLedgerTests {
    @Test func membersOpenWithTheirOwnKeysAndRecordsNameTheirAuthors() throws {
        let f = try TeamFixture()
        let m = try LedgerFile.open(at: f.path, readOnly: true).membership()
        #expect(m.inForce.map(\.member.name) == ["Dana", "Eli", "Fay", "Aud"])
        #expect(m.inForce.map(\.addedSeq) == [1, 2, 3, 4])
        #expect(m.member(named: "aud")?.member.can.can == ["read"])
        let aud = try f.open(as: TeamFixture.aud)
        var actors: [String] = []
        try aud.events(deployment: TeamFixture.deployment) { _, e in actors.append("\(e.actor) \(e.kind)") }
        #expect(actors == ["Eli note"])
        #expect(try f.findings() == [])
        #expect(try f.findings(as: TeamFixture.aud) == [])
    }

    @Test func aMemberMayDoOnlyWhatItsCapabilitiesAllow() throws {
        let f = try TeamFixture()
        let aud = try f.open(as: TeamFixture.aud)
        #expect(throws: LedgerError.self) { try aud.note("auditor writing") }
        #expect(throws: LedgerError.self) {
            try f.open(as: TeamFixture.eli).addMember(name: "X", key: PublicKeyInfo(TeamFixture.stranger), can: try .parse(list: "read"))
        }
        let stranger = try LedgerFile.open(at: f.path)
        let e = try #require(throws: LedgerError.self) { try stranger.unlock(identity: TeamFixture.stranger) }
        #expect(e.category == .wrongKey && e.message.contains("is not a member"))
        #expect(try RawSQL(f.path).column("SELECT count(*) FROM events") == ["5"], "nothing was written")
    }

    @Test func removalStartsAnEpochTheRemovedMemberCannotOpen() throws {
        let f = try TeamFixture()
        let before = try RawSQL(f.path).blob("SELECT hash FROM events WHERE seq = 5")
        let fayEarlier = try f.open(as: TeamFixture.fay)  // Fay's handle, opened before her removal: epoch 1's key
        let written = try f.open(as: TeamFixture.lead).removeMember(named: "fay", reason: "left the team")
        #expect(written.map(\.kind) == ["member.removed", "epoch.started"] && written.map(\.epoch) == [1, 2])
        try f.open(as: TeamFixture.eli).note("after the removal")
        // Her identity opens nothing written since: no wrap of epoch 2 is hers, and her epoch-1 key opens no epoch-2 record.
        let e = try #require(throws: LedgerError.self) { try LedgerFile.open(at: f.path).unlock(identity: TeamFixture.fay) }
        #expect(e.category == .wrongKey && e.message.contains("was removed from") && e.message.contains("at record 6"))
        let after = try #require(try LedgerFile.open(at: f.path).store.record(8))
        #expect(Format2Chain.open(after, dataKey: try #require(fayEarlier.keys?[1]), ledger: fayEarlier.id) == nil)
        #expect(throws: LedgerError.self) { try fayEarlier.events(deployment: TeamFixture.deployment) { _, _ in } }
        // The remaining readers read everything, and the history before the removal is unchanged.
        var texts: [String] = []
        try f.open(as: TeamFixture.aud).events(deployment: TeamFixture.deployment) { _, e in texts.append(e.actor) }
        #expect(texts == ["Eli", "Eli"])
        #expect(try RawSQL(f.path).blob("SELECT hash FROM events WHERE seq = 5") == before)
        #expect(try f.findings() == [] && f.findings(as: TeamFixture.eli) == [])
    }

    @Test func aRecordTheRemovedMemberSignsAfterItIsAFinding() throws {
        let f = try TeamFixture()
        let key = try #require(try f.open(as: TeamFixture.fay).keys?[1])
        try f.open(as: TeamFixture.lead).removeMember(named: "Fay")
        let forged = try f.forge(TeamFixture.note("still here"), by: TeamFixture.fay, epoch: 1, key: key)
        #expect(try f.findings() == ["not_a_member@\(forged.seq)"])
        #expect(try f.findings(as: TeamFixture.eli) == ["not_a_member@\(forged.seq)"])
    }

    @Test func aRecordWithoutAMembersSignatureIsAFindingKeyless() throws {
        let f = try TeamFixture()
        let key = try #require(try f.open(as: TeamFixture.eli).keys?[1])
        let unsigned = try f.forge(TeamFixture.note("file writer"), by: TeamFixture.eli, epoch: 1, key: key, signed: false)
        #expect(try f.findings() == ["unsigned_record@\(unsigned.seq)"])
        let stranger = try f.forge(TeamFixture.note("outsider"), by: TeamFixture.stranger, epoch: 1, key: key)
        #expect(try f.findings() == ["unsigned_record@\(unsigned.seq)", "not_a_member@\(stranger.seq)"])
        let reader = try f.forge(TeamFixture.note("auditor"), by: TeamFixture.aud, epoch: 1, key: key)
        #expect(try f.findings().last == "not_permitted@\(reader.seq)")
    }

    @Test func aRemovalWithoutANewEpochIsNoRotation() throws {
        let f = try TeamFixture()
        let key = try #require(try f.open(as: TeamFixture.lead).keys?[1])
        let removal = Event(
            kind: .memberRemoved, actor: "", time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000),
            publicData: ["key": .string(Base64.encode(TeamFixture.fay.publicKey))])
        let r = try f.forge(removal, by: TeamFixture.lead, epoch: 1, key: key)
        #expect(try f.findings() == ["no_rotation@\(r.seq)"])
        try f.forge(TeamFixture.note("Fay can read this"), by: TeamFixture.eli, epoch: 1, key: key)
        #expect(try f.findings() == ["no_rotation@\(r.seq)"])
    }

    @Test func aRecordUnderAnotherEpochIsWrongEpoch() throws {
        let f = try TeamFixture()
        let key = try #require(try f.open(as: TeamFixture.eli).keys?[1])
        let r = try f.forge(TeamFixture.note("epoch 7"), by: TeamFixture.eli, epoch: 7, key: key)
        #expect(try f.findings() == ["wrong_epoch@\(r.seq)"])
    }

    /// Only the member a wrap is for can tell it opens to another key than the epoch's (a
    /// dishonest admin's, or a file writer's with an admin's key): its verify says so as a
    /// finding, and goes on without the key; keyless, nothing shows.
    @Test func aWrapThatOpensToAnotherKeyIsBadWrapsForItsReader() throws {
        let f = try TeamFixture()
        let key = try #require(try f.open(as: TeamFixture.lead).keys?[1])
        let zed = TeamFixture.identity("zed", "Z"), ledger = try LedgerFile.open(at: f.path, readOnly: true).id
        var member = try LedgerFile.memberObject(name: "Zed", key: PublicKeyInfo(zed), can: [.read]).json.objectValue!
        member["wrap"] = EpochObject.json(
            X25519Stanza.wrap(TestSecrets.secure(String(repeating: "w", count: 32)), for: zed.publicKey, ledger: ledger, epoch: 1, random: SystemRandom())!)
        let r = try f.forge(
            Event(kind: .memberAdded, actor: "", time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000), publicData: member), by: TeamFixture.lead,
            epoch: 1, key: key)
        #expect(try f.findings() == [])
        let l = try LedgerFile.open(at: f.path, readOnly: true)
        let found = try l.unlockForVerify(identity: zed)
        #expect(found?.kind == .badWraps && found?.seq == r.seq && !l.isUnlocked)
        #expect(try l.audit().findings.map { "\($0.kind.rawValue)@\($0.seq)" } == ["bad_wraps@\(r.seq)"])
        #expect(throws: LedgerError.self) { try LedgerFile.open(at: f.path).unlock(identity: zed) }
    }

    /// A format-2 file keeps no key outside the log: a row planted in table keys is a schema
    /// finding, and no writer appends to such a file.
    @Test func aRowInTheKeysTableIsFoundAndRefused() throws {
        let f = try TeamFixture()
        try f.attack(
            "INSERT INTO keys (epoch, kdf, opslimit, memlimit, salt, nonce, wrapped) VALUES (1, 'argon2id13', 2, 19922944, zeroblob(16), zeroblob(24), zeroblob(48))"
        )
        #expect(try f.findings() == ["schema@0"])
        let e = try #require(throws: LedgerError.self) { try f.open(as: TeamFixture.eli).note("more") }
        #expect(e.category == .tampered)
        #expect(try RawSQL(f.path).column("SELECT count(*) FROM events") == ["5"])
    }

    /// Point 5 on a file: a record key given out for an excerpt opens its record and seals nothing that verifies.
    @Test func aDisclosedRecordKeyOpensOneRecordAndSealsNothing() throws {
        let f = try TeamFixture()
        let ledger = try f.open(as: TeamFixture.aud)
        let target = try #require(try ledger.store.record(5))
        let header = RecordFormat.header(target, ledger: ledger.id)
        let rk = RecordV2.recordKey(try #require(ledger.keys?[1]), header: header, author: Array(target.signature.prefix(32)))
        let ad = RecordV2.associatedData(header: header, author: Array(target.signature.prefix(32)))
        #expect(AEAD.openSecret(target.ciphertext, key: rk, nonce: target.nonce, ad: ad) != nil, "the key opens its record")
        // (a) append a record sealed with it: no member signed it, and with the key it does not open.
        let raw = try RawSQL(f.path)
        var appended = Record(
            seq: 6, kind: "note", deployment: target.deployment, epoch: 1, publicData: [], nonce: SystemRandom().bytes(24), ciphertext: [],
            prevHash: raw.blob("SELECT hash FROM events WHERE seq = 5"), hash: [])
        let payload = TeamFixture.note("forged").payload(format: .v2)
        appended.ciphertext = AEAD.seal(payload, key: rk, nonce: appended.nonce, ad: ad)
        appended.hash = RecordFormat.computeHash(appended, ledger: ledger.id)
        try f.insert(appended)
        #expect(try f.findings() == ["unsigned_record@6"])
        #expect(try f.findings(as: TeamFixture.eli) == ["unsigned_record@6"], "an unsigned row names no author: it is not decrypted")
        // (b) rewrite the record in place, same header and author, a new payload: its author's signature no longer verifies.
        var rewritten = target
        rewritten.ciphertext = AEAD.seal(payload, key: rk, nonce: target.nonce, ad: ad)
        rewritten.hash = RecordFormat.computeHash(rewritten, ledger: ledger.id)
        try f.attack("DELETE FROM events WHERE seq >= 5")
        try f.insert(rewritten)
        #expect(try f.findings() == ["bad_signature@5"])
    }

    /// Point 5 (c): delete a record and re-seal its successor into its place with the
    /// successor's disclosed record key: the new header gives another key (it does not open),
    /// and the successor's author signed another header.
    @Test func aRecordResealedIntoADeletedOnesPlaceIsFound() throws {
        let f = try TeamFixture()
        try f.open(as: TeamFixture.eli).note("the successor")
        let ledger = try f.open(as: TeamFixture.aud)
        let successor = try #require(try ledger.store.record(6))
        let author = Array(successor.signature.prefix(32))
        let rk = RecordV2.recordKey(try #require(ledger.keys?[1]), header: RecordFormat.header(successor, ledger: ledger.id), author: author)
        let plain = try #require(
            AEAD.open(
                successor.ciphertext, key: rk, nonce: successor.nonce,
                ad: RecordV2.associatedData(header: RecordFormat.header(successor, ledger: ledger.id), author: author)))
        var moved = successor
        moved.seq = 5
        moved.prevHash = try RawSQL(f.path).blob("SELECT hash FROM events WHERE seq = 4")
        moved.ciphertext = AEAD.seal(
            plain, key: rk, nonce: moved.nonce, ad: RecordV2.associatedData(header: RecordFormat.header(moved, ledger: ledger.id), author: author))
        moved.hash = RecordFormat.computeHash(moved, ledger: ledger.id)
        try f.attack("DELETE FROM events WHERE seq >= 5")
        try f.insert(moved)
        #expect(try f.findings() == ["bad_signature@5"])
        #expect(try f.findings(as: TeamFixture.eli) == ["bad_signature@5", "undecryptable@5"])
    }
}

/// Point 6: checkpoints name who vouched, and `--trust` pins members from outside.
@Suite struct TeamCheckpointTests {
    static func checkpoint(_ f: TeamFixture, by identity: Signer) throws -> String {
        let l = try LedgerFile.open(at: f.path)
        try l.act(as: identity)
        return try l.verifiedCheckpoint().note
    }

    static func audit(_ f: TeamFixture, checkpoint: String? = nil, trust: String? = nil) throws -> AuditReport {
        try LedgerFile.open(at: f.path, readOnly: true).audit(AuditRequest(trust: trust.map { try TrustFile(text: $0) }, checkpoint: checkpoint))
    }

    @Test func aMembersCheckpointNamesItAndTheLogMustExtendIt() throws {
        let f = try TeamFixture()
        let note = try Self.checkpoint(f, by: TeamFixture.aud)
        #expect(note.contains("\n— ledger-member/\(TeamFixture.aud.keyID) "))
        let report = try Self.audit(f, checkpoint: note)
        #expect(report.findings.isEmpty && report.checkpoint?.vouchedBy == ["Aud (key \(TeamFixture.aud.keyID))"])
        try f.attack("DELETE FROM events WHERE seq = 5")
        #expect(try Self.audit(f, checkpoint: note).findings.map { "\($0.kind.rawValue)@\($0.seq)" } == ["truncated@5"])
    }

    /// signed-note: a line by a known key whose signature fails rejects the whole note, even
    /// beside a good line by another member.
    @Test func aMembersLineThatDoesNotVerifyRejectsTheNote() throws {
        let f = try TeamFixture()
        let note = try Self.checkpoint(f, by: TeamFixture.aud)
        let eli = try Self.checkpoint(f, by: TeamFixture.eli).split(separator: "\n").last { $0.hasPrefix("— ") }!
        #expect(try Self.audit(f, checkpoint: note + eli + "\n").checkpoint?.vouchedBy.count == 2)
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let i = lines.lastIndex { $0.hasPrefix("— ") }!
        var sig = Array(Data(base64Encoded: String(lines[i].split(separator: " ")[2]))!)
        sig[10] ^= 1  // inside the signature, after the 4-byte key id
        lines[i] = "— \(LedgerFile.memberKeyName(keyID: TeamFixture.aud.keyID)) \(Data(sig).base64EncodedString())"
        let changed = lines.joined(separator: "\n") + eli + "\n"
        let report = try Self.audit(f, checkpoint: changed)
        #expect(report.findings.map(\.kind) == [.badCheckpoint] && report.findings[0].message.contains("by Aud (key "), "\(report.findings)")
    }

    @Test func aCheckpointByNoMemberInForceDoesNotCount() throws {
        let f = try TeamFixture()
        let stranger = try LedgerFile.open(at: f.path)
        #expect(throws: LedgerError.self) { try stranger.act(as: TeamFixture.stranger) }
        // Signed by hand with a stranger's key under a member-like name: ignored, so nothing vouches.
        let body = Checkpoint(ledger: stranger.id, size: 5, root: MerkleLevels(leafHashes: try stranger.recordHashes().map(Merkle.leafHash)).root)
        let forged = SignedNote.sign(body.text, name: LedgerFile.memberKeyName(keyID: TeamFixture.stranger.keyID), key: TeamFixture.stranger.key)
        #expect(try Self.audit(f, checkpoint: forged).findings.map(\.kind) == [.badCheckpoint])
        // Fay's checkpoint counts while she is a member, not after her removal was recorded below its size.
        let fays = try Self.checkpoint(f, by: TeamFixture.fay)
        #expect(try Self.audit(f, checkpoint: fays).findings.isEmpty)
        try f.open(as: TeamFixture.lead).removeMember(named: "Fay")
        let late = try LedgerFile.open(at: f.path)
        let body2 = Checkpoint(ledger: late.id, size: 7, root: MerkleLevels(leafHashes: try late.recordHashes().map(Merkle.leafHash)).root)
        let afterRemoval = SignedNote.sign(body2.text, name: LedgerFile.memberKeyName(keyID: TeamFixture.fay.keyID), key: TeamFixture.fay.key)
        #expect(try Self.audit(f, checkpoint: afterRemoval).findings.map(\.kind) == [.badCheckpoint])
    }

    static func pin(_ s: Signer, _ caps: String) -> String { "member \(Minisign.publicKeyLine(keyNumber: s.keyNumber, publicKey: s.publicKey)) \(caps)\n" }

    @Test func theTrustFilePinsMembersAndCatchesOnesAForgedAdminAdds() throws {
        let f = try TeamFixture()
        let pins =
            Self.pin(TeamFixture.lead, "admin,read,write") + Self.pin(TeamFixture.eli, "read, write") + Self.pin(TeamFixture.fay, "read,write")
            + Self.pin(TeamFixture.aud, "read")
        #expect(try Self.audit(f, trust: pins).findings.isEmpty)
        // An admin (or whoever holds its key) adds a member the auditors never pinned, who then writes.
        try f.open(as: TeamFixture.lead).addMember(name: "Mallory", key: PublicKeyInfo(TeamFixture.stranger), can: try .parse(list: "read,write"))
        try f.open(as: TeamFixture.stranger).note("mallory was here")
        #expect(try Self.audit(f, trust: pins).findings.map { "\($0.kind.rawValue)@\($0.seq)" } == ["untrusted_signer@6", "untrusted_signer@7"])
        #expect(try Self.audit(f).findings.isEmpty, "without the trust file the ledger's own members decide")
        // Pinned with less than the record grants: still untrusted.
        let narrow = pins + Self.pin(TeamFixture.stranger, "read")
        #expect(try Self.audit(f, trust: narrow).findings.map { "\($0.kind.rawValue)@\($0.seq)" } == ["untrusted_signer@6", "untrusted_signer@7"])
        // A checkpoint counts under --trust only with a pinned member's line.
        let byMallory = try Self.checkpoint(f, by: TeamFixture.stranger)
        #expect(try Self.audit(f, checkpoint: byMallory, trust: pins).findings.map(\.kind).contains(.badCheckpoint))
    }
}
