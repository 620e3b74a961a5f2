import Checklist
import PropertyBased
import Testing

@testable import LedgerCore

/// Every kind's body and its codec: a body written is read back equal, data read is written
/// back to the same canonical bytes (the format does not move), and a damaged record keeps
/// what it holds so that readers judge it as before.
@Suite struct EventBodyTests {
    /// One body of each kind as the commands write it.
    static let samples: [EventBody] = {
        let template = try! ChecklistTemplate.parse(
            Array(
                "---\nowner: ops\n---\n# R\n## 1. Deployment Execution\n- [x] deploy\n- [ ] check\n## 2. Rollback\n### When to Rollback\n- Error rate above 5%\n"
                    .utf8),
            frontMatter: true)
        let map = PhaseMap(stages: ["1": .execution, "*": .verification], signoffRoles: ["Deployment Lead"])
        let runner = DeploymentEvents.Runner(host: "h", boot: "b", pid: 42)
        let out = DeploymentEvents.Output(size: 3, sha256: String(repeating: "a", count: 64), content: Array("ok\n".utf8), truncated: false)
        let signer = Signer(name: "dana", keyNumber: [UInt8](repeating: 1, count: 8), key: Ed25519(seed: SecureBytes(count: 32)))
        let statement = SignoffStatement(
            ledger: LedgerID(bytes: [UInt8](repeating: 7, count: 16))!, deployment: DeploymentID(bytes: [UInt8](repeating: 0xA, count: 16))!,
            deploymentName: "R1", headSeq: 9, headHash: [UInt8](repeating: 3, count: 32), checklistState: [UInt8](repeating: 4, count: 32),
            templateSHA256: String(repeating: "b", count: 64), role: "Deployment Lead", keyID: signer.keyID, signer: "dana",
            time: Timestamp(millisecondsSinceEpoch: 1_795_714_200_000), acceptedOpen: ["1.2"], reason: "later", comment: "fine")
        return [
            .ledgerCreated(LedgerCreated(format: 1, ledger: String(repeating: "0", count: 32))),
            .note(LedgerNote(text: "hello")),
            .deploymentStarted(DeploymentStarted(name: "R1", template: template, templateName: "r.md", phaseMap: map)),
            .itemTicked(ItemTicked(item: "1.1", text: "done")),
            .itemUnticked(ItemUnticked(item: "1.1", text: nil)),
            .itemSkipped(ItemSkipped(item: "1.2", text: "n/a")),
            .itemNoted(ItemNoted(item: "1.2", text: "a note")),
            .evidenceAttached(EvidenceAttached(item: "1.1", name: "log.txt", size: 2, sha256: [1, 2], content: [9, 9])),
            .actionStarted(ActionStarted(item: "1.1", command: [], script: "echo ok", shell: ["/bin/sh", "-c"], variant: "bash", runner: runner)),
            .actionFinished(
                ActionFinished(
                    action: 5, item: "1.1", exitCode: 0, signal: nil, durationMs: 12, interrupted: false,
                    stdout: out, stderr: DeploymentEvents.Output(size: 0, sha256: String(repeating: "e", count: 64)))),
            .rollbackDecided(RollbackDecided(template.rollbackCriteria[0], details: "p95")),
            .rollbackCompleted(RollbackCompleted(note: "back")),
            .contactSet(ContactSet(role: "DBA", values: ["Name": "Lee", "Phone": "1"])),
            .rosterAdded(RosterAdded(role: "Deployment Lead", publicKey: signer.publicKey, keyNumber: signer.keyNumber, name: "dana")),
            .rosterRevoked(RosterRevoked(publicKey: signer.publicKey, reason: "left")),
            .signoff(
                SignoffGiven(
                    role: "Deployment Lead", publicKey: signer.publicKey, keyNumber: signer.keyNumber,
                    signed: SignedStatement(signing: statement, with: signer))),
            .deploymentClosed(DeploymentClosed(acceptedOpen: ["1.2"], reason: "later", note: "closed")),
        ]
    }()

    static func canonical(_ o: [String: JSONValue]) -> [UInt8] { JSONValue.object(o).canonicalBytes }

    /// The samples cover the table: one body per kind, in the table's order.
    @Test func thereIsOneSampleForEveryKindOfTheTable() {
        #expect(Self.samples.map(\.kind) == KindInfo.table.map(\.kind))
    }

    /// body → data → body is the identity, and data → body → data gives the same bytes, for every kind.
    @Test(arguments: samples) func writtenBodiesReadBackEqualAndReencodeToTheSameBytes(_ body: EventBody) {
        let read = EventBody(kind: body.kind, data: body.data, publicData: body.publicData)
        #expect(read == body)
        #expect(Self.canonical(read.data) == Self.canonical(body.data))
        #expect(Self.canonical(read.publicData) == Self.canonical(body.publicData))
        guard case .unknown = read else { return }
        Issue.record("\(body.kind) read as an unknown kind")
    }

    /// The sample bodies write exactly what the builders the commands used before wrote.
    @Test func bodiesWriteWhatTheOldBuildersWrote() {
        let template = try! ChecklistTemplate.parse(Array("# R\n## 1. Deployment Execution\n- [x] deploy\n".utf8))
        let started = DeploymentStarted(name: "R1", template: template, templateName: "r.md", phaseMap: nil)
        #expect(
            started.data == [
                "name": "R1", "template": .string("# R\n## 1. Deployment Execution\n- [x] deploy\n"),
                "template_name": "r.md", "checked": ["1.1"],
            ])
        #expect(ItemTicked(item: "2.1", text: nil).data == ["item": "2.1"])
        #expect(ItemSkipped(item: "2.1", text: "why").data == ["item": "2.1", "reason": "why"])
        #expect(DeploymentClosed(acceptedOpen: [], reason: "ignored", note: nil).data == ["accepted_open": []])
        #expect(RollbackCompleted(note: nil).data == [:])
    }

    /// A member of the wrong type is kept as found and reads as nothing, as the readers read
    /// the dictionary before; an output digest with an extra member still reads as a digest.
    @Test func damagedMembersAreKeptAndReadAsBefore() {
        let data: [String: JSONValue] = ["item": 7, "note": "n", "extra": true]
        guard case .itemTicked(let b) = EventBody(kind: .itemTicked, data: data) else { Issue.record("not a tick"); return }
        #expect(b.item == .invalid(7) && b.item.value == nil && b.text.value == "n")
        #expect(b.data == data)
        let finished = ActionFinished(data: ["action": 2, "stdout": ["size": 1, "sha256": "x", "more": 1]])
        #expect(finished.stdout.value == DeploymentEvents.Output(size: 1, sha256: "x"))
        #expect(finished.data["stdout"] == ["size": 1, "sha256": "x", "more": 1])
        let command = ActionStarted(data: ["item": "1", "command": ["a", 1, "b"]])
        #expect(command.command.value == nil && command.command.stringElements == ["a", "b"])
    }

    /// A kind this version does not know keeps its data, and `item` is read from any kind.
    @Test func unknownKindsKeepTheirData() {
        let kind = EventKind(rawValue: "future.kind")!
        let body = EventBody(kind: kind, data: ["item": "3.1", "x": 1], publicData: ["p": "q"])
        #expect(body == .unknown(UnknownBody(kind: kind, data: ["item": "3.1", "x": 1], publicData: ["p": "q"])))
        #expect(body.kind == kind && body.item == "3.1")
        #expect(EventBody(kind: .note, data: ["text": "t", "item": "2"]).item == "2")
    }

    /// For arbitrary data (each kind's members present or not, well or ill typed, with members
    /// it does not know), data → body → data is the same bytes and body → data → body the same body.
    @Test func arbitraryDataRoundTripsThroughEveryKind() async {
        let kinds = Self.samples
        await propertyCheck(input: Gen.int(in: 0...(kinds.count - 1)), Self.mutations, Self.mutations) { i, dataEdits, publicEdits in
            let sample = kinds[i]
            let data = Self.apply(dataEdits, to: sample.data), publicData = Self.apply(publicEdits, to: sample.publicData)
            let body = EventBody(kind: sample.kind, data: data, publicData: publicData)
            #expect(Self.canonical(body.data) == Self.canonical(data))
            #expect(Self.canonical(body.publicData) == Self.canonical(publicData))
            #expect(EventBody(kind: body.kind, data: body.data, publicData: body.publicData) == body)
        }
    }

    /// Edits to a sample's members: (which member, by index into the sample's keys plus
    /// `item` and `extra`; nil removes it, else the new value).
    static var mutations: Generator<[(Int, JSONValue?)], AnySequence<Any>> {
        zip(
            Gen.int(in: 0...20),
            Gen<JSONValue?>.oneOf(
                Gen.always(nil).eraseToAny(),
                CanonicalJSONTests.values.map { Optional($0) }.eraseToAny()
            ).eraseToAny()
        )
        .array(of: 0...4).eraseToAny()
    }

    static func apply(_ edits: [(Int, JSONValue?)], to o: [String: JSONValue]) -> [String: JSONValue] {
        var out = o
        let keys = o.keys.sorted() + ["item", "extra"]
        for (i, v) in edits { out[keys[i % keys.count]] = v }
        return out
    }
}

extension EventBody: CustomTestStringConvertible {
    public var testDescription: String { kind.rawValue }
}
