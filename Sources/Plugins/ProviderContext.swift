/// What a provider is given for one run: where to put its files, how to report progress, and whether to stop.
public struct ProviderContext: Sendable {
    /// The run's id (`tp1-20261129-201500`), used to name and tag what the provider creates.
    public var runID: String
    /// The run's folder; it exists. Providers write their configs, logs and process journal
    /// (`processes.jsonl`) here.
    public var runDirectory: String
    /// The repository root: it holds `app/` (the app under test) and `.venv/` (made by `scripts/setup.sh`).
    public var projectRoot: String
    /// Receives one progress line at a time ("starting 4 gunicorn instances for cluster1 (...)").
    public var log: @Sendable (String) -> Void
    /// Polled in every wait loop: when it returns true the provider stops waiting and throws `.cancelled`.
    public var isCancelled: @Sendable () -> Bool

    /// Makes a context; by default progress lines are dropped and nothing cancels.
    public init(
        runID: String,
        runDirectory: String,
        projectRoot: String,
        log: @escaping @Sendable (String) -> Void = { _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.runID = runID
        self.runDirectory = runDirectory
        self.projectRoot = projectRoot
        self.log = log
        self.isCancelled = isCancelled
    }

    /// The process journal every provider that starts local processes writes to.
    public var processJournalPath: String { runDirectory + "/processes.jsonl" }
}
