/// One fault of the config's `faults` and what became of it, for `report.json` (`faults[]`).
public struct FaultReport: Codable, Sendable, Equatable {
    /// `kill` or `pause`.
    public var action: String
    /// The cluster.
    public var cluster: String
    /// The instance's id (`cluster1-2`).
    public var instance: String
    /// When the config asked for it, in seconds after the load started.
    public var atSeconds: Double
    /// How long a pause was to last, in seconds; nil for a kill, or a pause until teardown.
    public var forSeconds: Double?
    /// When it was injected, in seconds after the load started; nil if it never was (the load ended first, or
    /// the provider could not).
    public var injectedAfterSeconds: Double?
    /// When it was injected, in seconds since 1970 (UTC): compare with `metrics.json` timestamps.
    public var injectedAt: Double?
    /// When a pause was resumed, in seconds after the load started; nil if it lasted until teardown.
    public var resumedAfterSeconds: Double?
    /// Why it could not be injected, if it could not.
    public var error: String?

    /// Makes a fault report.
    public init(
        action: String, cluster: String, instance: String, atSeconds: Double, forSeconds: Double?,
        injectedAfterSeconds: Double?, injectedAt: Double?, resumedAfterSeconds: Double?, error: String?
    ) {
        self.action = action
        self.cluster = cluster
        self.instance = instance
        self.atSeconds = atSeconds
        self.forSeconds = forSeconds
        self.injectedAfterSeconds = injectedAfterSeconds
        self.injectedAt = injectedAt
        self.resumedAfterSeconds = resumedAfterSeconds
        self.error = error
    }
}
