/// How a provider shaped an instance to stand in for its instance type, and whether the shape was enforced: what
/// `report.json` shows so that a reader knows whether a small type really had less to work with.
public struct InstanceProfile: Sendable, Codable, Equatable {
    /// gunicorn worker processes.
    public var workers: Int
    /// Threads per worker.
    public var threads: Int
    /// CPU time the instance may use, in CPUs of the host (`0.25`: a quarter of one CPU), if a quota was applied.
    public var cpuQuota: Double?
    /// Memory the instance may use, in MiB, if a limit was applied.
    public var memoryLimitMiB: Int?
    /// Whether both the CPU quota and the memory limit are in force.
    public var enforced: Bool
    /// Why not, when `enforced` is false (one line).
    public var reason: String?

    /// Makes a profile.
    public init(
        workers: Int,
        threads: Int,
        cpuQuota: Double? = nil,
        memoryLimitMiB: Int? = nil,
        enforced: Bool,
        reason: String? = nil
    ) {
        self.workers = workers
        self.threads = threads
        self.cpuQuota = cpuQuota
        self.memoryLimitMiB = memoryLimitMiB
        self.enforced = enforced
        self.reason = reason
    }

    /// One profile for a cluster whose instances have `profiles` (id and profile, in order): the first instance's
    /// profile if all are enforced; otherwise the first unenforced one's, its reason prefixed with its id and how
    /// many instances are affected (`cluster2-1: ... (2 of 4 instances not enforced)`). Nil when there are none.
    public static func combining(_ profiles: [(instance: String, profile: InstanceProfile)]) -> InstanceProfile? {
        guard let first = profiles.first else { return nil }
        let failing = profiles.filter { !$0.profile.enforced }
        guard let firstFailing = failing.first else { return first.profile }
        var combined = firstFailing.profile
        combined.reason =
            "\(firstFailing.instance): \(firstFailing.profile.reason ?? "not enforced") "
            + "(\(failing.count) of \(profiles.count) instance\(profiles.count == 1 ? "" : "s") not enforced)"
        return combined
    }
}
