import BenchConfig
import Synchronization
import Testing

@testable import Plugins

/// The fault schedule's order and bookkeeping, with a provider that only records what it is asked to do (the
/// real kill and pause are tested against gunicorn in LocalProviderFaultTests and MetricsRunTests).
@Suite(.timeLimit(.minutes(1)))
struct FaultSchedulerTests {
    final class RecordingProvider: Provider {
        static let name = "recording"
        static let summary = "records inject calls"
        let calls = Mutex<[String]>([])
        init(context: ProviderContext) {}
        func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
            Deployment(loadBalancerURL: "", clusters: [])
        }
        func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {}
        func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] { [:] }
        func inject(_ action: FaultAction, into instance: String) throws(ProviderError) {
            calls.withLock { $0.append("\(action.rawValue) \(instance)") }
            if instance == "c1-2" { throw .unhealthy("instance c1-2 has already exited; cannot kill it") }
        }
        func teardown() {}
    }

    @Test func faultsFireInOrderPausesResumeAndFailuresAreKept() throws {
        let provider = RecordingProvider(
            context: ProviderContext(runID: "r", runDirectory: "/tmp", projectRoot: "/tmp"))
        let deployment = Deployment(
            loadBalancerURL: "http://127.0.0.1:1",
            clusters: [
                DeployedCluster(
                    name: "c1", path: "/c1", targetURL: "http://127.0.0.1:1/c1",
                    instances: [
                        DeployedInstance(id: "c1-1", endpoint: "127.0.0.1:2", instanceType: "t2.micro"),
                        DeployedInstance(id: "c1-2", endpoint: "127.0.0.1:3", instanceType: "t2.micro"),
                    ])
            ])
        let lines = LocalTestSupport.LogLines()
        let scheduler = FaultScheduler(
            faults: [
                FaultConfig(
                    at: .milliseconds(30), cluster: "c1", instance: 1, action: .pause, duration: .milliseconds(40)),
                FaultConfig(at: .zero, cluster: "c1", instance: 2, action: .kill),
                FaultConfig(at: .seconds(3600), cluster: "c1", instance: 1, action: .kill),
            ],
            deployment: deployment, provider: provider, log: { lines.append($0) })
        scheduler.start()
        try waitUntil("the scheduler to make its three calls") { provider.calls.withLock { $0.count } == 3 }
        let outcomes = scheduler.stop()
        #expect(provider.calls.withLock { $0 } == ["kill c1-2", "pause c1-1", "resume c1-1"])
        #expect(outcomes.map(\.instance) == ["c1-1", "c1-2", "c1-1"])
        #expect(outcomes[0].injectedAfter != nil && outcomes[0].resumedAfter != nil && outcomes[0].error == nil)
        #expect(outcomes[0].resumedAfter! > outcomes[0].injectedAfter!)
        #expect(outcomes[1].injectedAfter == nil)
        #expect(outcomes[1].error == "instance c1-2 has already exited; cannot kill it")
        #expect(outcomes[2].injectedAfter == nil && outcomes[2].error == nil)  // the load ended first
        #expect(
            lines.all.contains {
                $0.hasPrefix("fault: pause c1-1 at ") && $0.hasSuffix(" s (pause c1 instance 1 at 30ms for 40ms)")
            })
        #expect(lines.all.contains { $0.hasPrefix("fault: cannot kill c1-2 at ") })
    }
}
