import StrictJSON

/// A fault to inject during the load: kill or pause one instance of one cluster at a moment after the load starts,
/// to see how the load balancer and the clients live through it (config key `faults`).
public struct FaultConfig: Sendable, Equatable {
    /// What happens to the instance.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// SIGKILL to the instance's processes: it is gone for the rest of the run.
        case kill
        /// SIGSTOP to the instance's processes: it holds its connections but answers nothing until resumed
        /// (SIGCONT) after `duration`, or at teardown.
        case pause
    }

    /// When, counted from the moment the load starts.
    public var at: Duration
    /// The cluster's name; a cluster of the config.
    public var cluster: String
    /// The instance's number in its cluster, from 1 (instance ids are `<cluster>-<instance>`).
    public var instance: Int
    /// Kill or pause.
    public var action: Action
    /// How long a pause lasts (config key `for`); nil: until teardown. Always nil for a kill.
    public var duration: Duration?

    /// Makes a fault.
    public init(at: Duration, cluster: String, instance: Int, action: Action, duration: Duration? = nil) {
        self.at = at
        self.cluster = cluster
        self.instance = instance
        self.action = action
        self.duration = duration
    }

    /// "kill cluster1 instance 1 at 2s", "pause cluster2 instance 3 at 1.5s for 3s", for logs.
    public var summary: String {
        "\(action.rawValue) \(cluster) instance \(instance) at \(at.configText)"
            + (duration.map { " for \($0.configText)" } ?? "")
    }

    /// The fault as its config object.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "at": .string(at.configText),
            "cluster": .string(cluster),
            "instance": .int(Int64(instance)),
            "action": .string(action.rawValue),
        ]
        if let duration { object["for"] = .string(duration.configText) }
        return .object(object)
    }
}
