/// What a provider does to one instance when a fault fires (config `faults`), or when a pause ends.
public enum FaultAction: String, Sendable, Equatable {
    /// Stop the instance for good (SIGKILL for the local provider).
    case kill
    /// Freeze the instance: it keeps its sockets but answers nothing (SIGSTOP for the local provider).
    case pause
    /// Undo a pause (SIGCONT).
    case resume
}

extension Provider {
    /// No collector by default: the run has no load-balancer series.
    public var metricsCollector: (any MetricsCollector)? { nil }

    /// By default a provider cannot inject faults.
    public func inject(_ action: FaultAction, into instance: String) throws(ProviderError) {
        throw .invalidConfig("the \(Self.name) provider cannot \(action.rawValue) instances (config \"faults\")")
    }
}
