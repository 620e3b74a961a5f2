import Checklist

/// Everything the events say about the ledger's deployments; rebuilt from the log alone.
///
/// `apply(_:seq:)` folds one event in; `LedgerView.rebuild` folds a whole sequence. Events the
/// view cannot place (an item the template lacks, a deployment never started) are kept as
/// `anomalies`, never silently dropped: the tool never writes them, so they point at a
/// hand-made or damaged log.
public struct LedgerView: Sendable, Equatable {
    /// Deployments in the order they started.
    public private(set) var deployments: [DeploymentView] = []
    /// Events that could not be applied, with the reason.
    public private(set) var anomalies: [Anomaly] = []
    /// The last record applied.
    public private(set) var lastSeq: Int64 = 0
    /// The roster as the roster events applied so far build it (feed them in order with the
    /// deployment's events: sign-offs count only for keys that hold their role).
    public private(set) var roster = Roster()
    private var index: [DeploymentID: Int] = [:]

    /// An event the view could not apply.
    public struct Anomaly: Sendable, Equatable {
        /// Its record.
        public let seq: Int64
        /// Why.
        public let reason: String
    }

    /// An empty view.
    public init() {}

    /// The view of `events` (record sequence number and event), in order.
    public static func rebuild<S: Sequence>(_ events: S) -> LedgerView where S.Element == (Int64, Event) {
        var v = LedgerView()
        for (seq, e) in events { v.apply(e, seq: seq) }
        return v
    }

    /// The deployment with this id.
    public func deployment(_ id: DeploymentID) -> DeploymentView? { index[id].map { deployments[$0] } }

    /// Folds one event into the view.
    public mutating func apply(_ e: Event, seq: Int64) {
        lastSeq = seq
        let body = e.body
        if case .deploymentStarted(let b) = body { return start(b, e, seq: seq) }
        if EventKind.membershipKinds.contains(e.kind), e.deployment.isNone {
            return roster.applyMembership(kind: e.kind, publicData: e.publicData, seq: seq)
        }
        if e.kind == .rosterAdded || e.kind == .rosterRevoked, e.deployment.isNone {
            if let problem = roster.apply(e, seq: seq) { anomalies.append(Anomaly(seq: seq, reason: problem.message)) }
            return
        }
        let checklist = ChecklistProjection.handles(e.kind), execution = ExecutionProjection.kinds.contains(e.kind)
        let signoff = e.kind == .signoff
        guard !e.deployment.isNone, checklist || execution || signoff else { return }
        guard let i = index[e.deployment] else {
            return anomalies.append(Anomaly(seq: seq, reason: "\(e.kind) for deployment \(e.deployment), which never started"))
        }
        let problem =
            checklist
            ? ChecklistProjection.apply(body, e, seq: seq, to: &deployments[i])
            : signoff
                ? SignoffProjection.apply(body, e, seq: seq, to: &deployments[i], roster: roster)
                : ExecutionProjection.apply(body, e, seq: seq, to: &deployments[i])
        if let problem { anomalies.append(Anomaly(seq: seq, reason: problem)) }
        deployments[i].lastSeq = seq
        deployments[i].eventCount += 1
    }

    private mutating func start(_ b: DeploymentStarted, _ e: Event, seq: Int64) {
        guard index[e.deployment] == nil, !e.deployment.isNone else {
            return anomalies.append(Anomaly(seq: seq, reason: "deployment \(e.deployment) started twice"))
        }
        guard let text = b.template.value, let name = b.name.value,
            let template = try? ChecklistTemplate.parse(Array(text.utf8), frontMatter: b.frontMatter.value == true)
        else { return anomalies.append(Anomaly(seq: seq, reason: "deployment.started without a usable template")) }
        let (recorded, problem) = PhaseMap.recorded(in: b)
        if let problem { return anomalies.append(Anomaly(seq: seq, reason: "deployment.started with an unusable phase map: \(problem)")) }
        var view = DeploymentView(
            id: e.deployment, name: name, template: template,
            templateName: b.templateName.value ?? "", templateSHA256: Hex.encode(SHA256.hash(template.source)),
            startedBy: e.actor, startedAt: e.time, startSeq: seq, items: [:], lastSeq: seq, eventCount: 1)
        view.phaseMap = recorded ?? PhaseMap.inferred(from: template)
        if let problem = ChecklistProjection.startChecked(b, e, seq: seq, to: &view) { anomalies.append(Anomaly(seq: seq, reason: problem)) }
        index[e.deployment] = deployments.count
        deployments.append(view)
    }
}
