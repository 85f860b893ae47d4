import BenchConfig
import Foundation
import Plugins
import Synchronization
import Testing

/// What the local-provider tests need: the real gunicorn in .venv and a real haproxy, a run folder, a config.
enum LocalTestSupport {
    /// Whether `scripts/setup.sh` has run: .venv/bin/gunicorn and haproxy exist.
    static var isAvailable: Bool {
        TestSupport.isExecutable(TestSupport.projectRoot + "/.venv/bin/gunicorn") && TestSupport.which("haproxy") != nil
    }

    /// Shown when a test is skipped.
    static let skipReason: Comment = "needs .venv/bin/gunicorn and haproxy: run scripts/setup.sh"

    /// Collects the provider's progress lines.
    final class LogLines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    /// A context for a fresh run folder under /tmp.
    static func makeContext(_ label: String, log: LogLines = LogLines()) -> ProviderContext {
        let directory = TestSupport.makeTemporaryDirectory(label)
        return ProviderContext(
            runID: "test-\(label)",
            runDirectory: directory,
            projectRoot: TestSupport.projectRoot,
            log: { log.append($0) }
        )
    }

    /// A local provider whose instance `instanceID` runs a gunicorn start hook that sleeps for a minute: the process
    /// lives but never listens, so it never passes its health check.
    static func providerWithSilentInstance(_ instanceID: String, context: ProviderContext) throws -> LocalProvider {
        let hook = context.runDirectory + "/slow.conf.py"
        try "import time\n\ndef on_starting(server):\n    time.sleep(60)\n".write(
            toFile: hook, atomically: true, encoding: .utf8)
        return LocalProvider(context: context, options: .init(extraGunicornArguments: [instanceID: ["--config", hook]]))
    }

    /// An experiment with these clusters and a trivial load.
    static func config(_ clusters: [ClusterConfig]) -> ExperimentConfig {
        ExperimentConfig(
            name: "test",
            description: "",
            provider: ProviderConfig(name: "local", healthTimeout: .seconds(30)),
            clusters: clusters,
            load: LoadConfig(flows: [FlowConfig(name: "A", steps: [.requests(1)])]),
            agents: AgentsConfig()
        )
    }
}
