import Checklist

/// One line of a timeline: an event as an incident reviewer reads it.
public struct TimelineEntry: Sendable, Equatable {
    /// The record's sequence number.
    public let seq: Int64
    /// When (UTC).
    public let time: Timestamp
    /// Who.
    public let actor: String
    /// In which role, if given.
    public let role: String?
    /// The event kind.
    public let kind: String
    /// The deployment (all zeros for ledger-level events).
    public let deployment: DeploymentID
    /// The deployment's name, if it has started.
    public let deploymentName: String?
    /// The item concerned, if any.
    public let item: String?
    /// That item's text.
    public let itemText: String?
    /// What happened, in words (without the item).
    public let details: String
    /// The record hash.
    public let hash: [UInt8]
    /// The deployment's phase after this event.
    public let phase: Phase?
    /// An `action.finished`'s recorded output streams (empty when not recorded).
    public var outputs: [RecordedOutput] = []
}

/// What a timeline states about where it came from.
public struct TimelineHeader: Sendable, Equatable {
    /// The ledger.
    public let ledger: LedgerID
    /// The ledger's head when exported.
    public let headSeq: Int64
    /// The head's hash.
    public let headHash: [UInt8]
    /// The verification done at export time.
    public let verify: VerifySummary
    /// When the export was made.
    public let generatedAt: Timestamp
    /// The deployment exported, if one was chosen.
    public let deployment: DeploymentID?
    /// Its name.
    public let deploymentName: String?
    /// The filters, as `name=value` words (empty when none).
    public let filters: [String]
    /// The display zone's name ("UTC", "+01:00", "Europe/Berlin").
    public let zone: String

    /// Creates a header.
    public init(
        ledger: LedgerID, headSeq: Int64, headHash: [UInt8], verify: VerifySummary, generatedAt: Timestamp,
        deployment: DeploymentID?, deploymentName: String?, filters: [String], zone: String
    ) {
        self.ledger = ledger
        self.headSeq = headSeq
        self.headHash = headHash
        self.verify = verify
        self.generatedAt = generatedAt
        self.deployment = deployment
        self.deploymentName = deploymentName
        self.filters = filters
        self.zone = zone
    }
}

/// The verification a timeline states.
public struct VerifySummary: Sendable, Equatable {
    /// True when nothing was found but stale sign-offs: the log is intact, and `ledger verify`
    /// says "intact; N stale sign-offs" and exits 7 (docs/CLI.md §Exit codes).
    public let intact: Bool
    /// True when payloads were decrypted and checked.
    public let decrypted: Bool
    /// Records checked.
    public let records: Int
    /// Every finding.
    public let findings: [Finding]

    /// Summarises a report.
    public init(_ r: VerifyReport) {
        intact = r.findings.allSatisfy { $0.kind == .staleSignoff }
        decrypted = r.decrypted
        records = r.recordCount
        findings = r.findings
    }

    /// The stale sign-offs among the findings (all of them when `intact`).
    public var staleSignoffs: Int { findings.count { $0.kind == .staleSignoff } }

    /// One sentence.
    public var text: String {
        let how = decrypted ? "with the key" : "without the key"
        if intact, !findings.isEmpty {
            let n = findings.count
            return "intact; \(n) stale sign-off\(n == 1 ? "" : "s") in \(records) records (verified \(how)); first: \(findings[0])"
        }
        if intact { return "intact: \(records) records verified \(how) (hashes, links, sequence\(decrypted ? ", tags, payloads" : ""))" }
        return "NOT INTACT: \(findings.count) finding\(findings.count == 1 ? "" : "s") in \(records) records (verified \(how)); first: \(findings[0])"
    }
}

/// Which events a timeline keeps.
public struct TimelineFilter: Sendable {
    /// Only this deployment (and nothing ledger-level) when set.
    public var deployment: DeploymentID?
    /// At or after.
    public var since: Timestamp?
    /// At or before.
    public var until: Timestamp?
    /// Only these actors (empty: all).
    public var actors: Set<String> = []
    /// Only these kinds, or kind prefixes ending in `.` such as `item.` (empty: all).
    public var kinds: Set<String> = []

    /// No filtering.
    public init() {}

    /// True when `e` passes.
    public func keeps(_ e: Event) -> Bool {
        if let deployment, e.deployment != deployment { return false }
        if let since, e.time < since { return false }
        if let until, until < e.time { return false }
        if !actors.isEmpty, !actors.contains(e.actor) { return false }
        if !kinds.isEmpty, !kinds.contains(where: { $0.hasSuffix(".") ? e.kind.rawValue.hasPrefix($0) : e.kind.rawValue == $0 }) { return false }
        return true
    }

    /// The filters as words for the header.
    public var words: [String] {
        var w: [String] = []
        if let since { w.append("since=\(since)") }
        if let until { w.append("until=\(until)") }
        if !actors.isEmpty { w.append("actor=" + actors.sorted().joined(separator: ",")) }
        if !kinds.isEmpty { w.append("kind=" + kinds.sorted().joined(separator: ",")) }
        return w
    }
}

extension TimelineEntry {
    /// The entry for `e` (record `r`), read against the view after `e` was applied.
    public init(_ r: Record, _ e: Event, view: LedgerView) {
        let d = view.deployment(e.deployment)
        let body = e.body, item = body.item
        seq = r.seq
        time = e.time
        actor = e.actor
        role = e.role
        kind = e.kind.rawValue
        deployment = e.deployment
        deploymentName = d?.name
        self.item = item
        itemText = item.flatMap { d?.template.item(ItemID($0))?.plainText }
        details = EventSummary.details(body)
        hash = r.hash
        phase = d?.phase
        if case .actionFinished(let b) = body { outputs = RecordedOutput.recorded(in: b) }
    }
}
