extension ActionState {
    /// True when the run is over and did not succeed: it exited non-zero, was killed, or was
    /// interrupted (an unfinished run has not failed yet).
    public var failed: Bool {
        switch outcome {
        case .exited(let c): c != 0
        case .signalled, .interrupted: true
        case .unfinished: false
        }
    }
}

extension DeploymentView {
    /// The items whose latest run failed and that can still be retried, with that run, in
    /// the order the runs started. After a rollback decision only rollback steps can be
    /// worked, so only theirs count; none once the deployment is rolled back or signed off.
    public var failedSteps: [ActionState] {
        guard phase != .rolledBack, phase != .signedOff else { return [] }
        var latest: [String: ActionState] = [:]
        for a in actions { latest[a.item.rawValue] = a }
        return latest.values.filter { $0.failed && (rollback == nil || stage(of: $0.item) == .rollback) }.sorted { $0.seq < $1.seq }
    }
}
