import Checklist

/// Which part of a deployment a checklist section belongs to, from its top-level heading.
///
/// Headings are matched by words, so other templates work too: "rollback" → rollback;
/// "sign-off"/"sign off"/"signoff" → sign-off; "post-deployment" or "verification" →
/// verification; "execution" or "deployment steps" → execution; anything else → preparation.
public enum Stage: String, Sendable, Equatable {
    case preparation, execution, verification, rollback, signOff = "sign_off"

    /// The stage of a section title.
    public init(title: String) {
        let t = title.lowercased()
        if t.contains("rollback") || t.contains("roll back") {
            self = .rollback
        } else if t.contains("sign-off") || t.contains("sign off") || t.contains("signoff") {
            self = .signOff
        } else if t.contains("post-deployment") || t.contains("verification") {
            self = .verification
        } else if t.contains("execution") || t.contains("deployment steps") {
            self = .execution
        } else {
            self = .preparation
        }
    }
}

extension ChecklistTemplate {
    /// The stage of an item: that of its top-level numbered section.
    public func stage(of id: ItemID) -> Stage {
        guard let top = id.rawValue.split(separator: ".").first, let s = section(number: String(top)) else { return .preparation }
        return Stage(title: s.plainTitle)
    }

    /// The items of one stage, in document order.
    public func items(in stage: Stage) -> [Item] { items.filter { self.stage(of: $0.id) == stage } }

    /// The stage of each top-level numbered section, by its number: `stage(of:)` as a table,
    /// built once per deployment (projections ask it for every event).
    func stageTable() -> [String: Stage] {
        Dictionary(
            allSections.compactMap { s in s.number.flatMap { $0.contains(".") ? nil : ($0, Stage(title: s.plainTitle)) } },
            uniquingKeysWith: { a, _ in a })
    }
}

extension DeploymentView {
    /// The stage of an item, by the deployment's phase map (`PhaseMap.stage(of:)`).
    public func stage(of id: ItemID) -> Stage { phaseMap.stage(of: id) }

    /// True when the deployment has no phases (`deploy start --phases none`).
    public var isPhaseless: Bool { phaseMap.isPhaseless }

    /// True when the phase allows signing off (or closing): verifying; in a phase-less
    /// deployment, any phase before a rollback or the end.
    public var phaseAllowsSignoff: Bool { isPhaseless ? !phase.isRollback && !phase.isClosed : phase == .verifying }

    /// The items of one stage, in document order.
    public func items(in stage: Stage) -> [Item] { template.items.filter { self.stage(of: $0.id) == stage } }
}

/// Where a deployment stands, derived from its events (docs/CLI.md §Phases).
public enum Phase: String, Sendable, Equatable, CaseIterable {
    /// Started; preparation items are being worked.
    case preparing
    /// A Deployment Execution step was ticked or run.
    case executing
    /// A Post-Deployment Verification item was ticked or run.
    case verifying
    /// Every required role signed off (closed).
    case signedOff = "signed_off"
    /// `ledger rollback decide` was recorded.
    case rollbackDecided = "rollback_decided"
    /// A rollback step was ticked or run.
    case rollingBack = "rolling_back"
    /// `ledger rollback complete` was recorded (closed).
    case rolledBack = "rolled_back"
    /// `ledger deploy close` was recorded: a deployment without sign-off roles is done (closed).
    case closed

    /// Words for people.
    public var label: String { String(rawValue.map { $0 == "_" ? " " : $0 }) }

    /// True when the deployment is over.
    public var isClosed: Bool { self == .signedOff || self == .rolledBack || self == .closed }

    /// True during a rollback.
    public var isRollback: Bool { self == .rollbackDecided || self == .rollingBack || self == .rolledBack }

    /// The phase after work on an item of `stage` (forward moves only).
    func after(workOn stage: Stage) -> Phase {
        switch (self, stage) {
        case (.preparing, .execution): .executing
        case (.preparing, .verification), (.executing, .verification): .verifying
        case (.rollbackDecided, .rollback): .rollingBack
        default: self
        }
    }
}
