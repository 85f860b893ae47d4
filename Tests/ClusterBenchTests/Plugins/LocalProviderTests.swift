import BenchConfig
import ChildProcesses
import Foundation
import Glibc
import Synchronization
import Testing

@testable import Plugins

@Suite(
    "LocalProvider with real gunicorn and HAProxy",
    .timeLimit(.minutes(1)),
    .needsSetUp(LocalTestSupport.isAvailable, LocalTestSupport.skipReason)
)
struct LocalProviderTests {
    @Test func twoClustersAreRoutedBalancedAndCounted() throws {
        let log = LocalTestSupport.LogLines()
        let context = LocalTestSupport.makeContext("local-2x2", log: log)
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context)
        defer { provider.teardown() }

        let deployment = try provider.provision(
            LocalTestSupport.config([
                ClusterConfig(name: "cluster1", path: "/cluster1", instanceType: "m4.large", count: 2),
                ClusterConfig(name: "cluster2", path: "/cluster2", instanceType: "t2.xlarge", count: 2),
            ])
        )
        #expect(deployment.loadBalancerURL.hasPrefix("http://127.0.0.1:"))
        #expect(deployment.clusters.map(\.name) == ["cluster1", "cluster2"])
        #expect(
            deployment.clusters.map(\.targetURL) == ["/cluster1", "/cluster2"].map { deployment.loadBalancerURL + $0 }
        )
        #expect(deployment.clusters[0].instances.map(\.id) == ["cluster1-1", "cluster1-2"])
        #expect(deployment.clusters[1].instances.map(\.instanceType) == ["t2.xlarge", "t2.xlarge"])
        #expect(Set(deployment.clusters.flatMap(\.instances).map(\.endpoint)).count == 4)
        #expect(log.all.contains("starting 2 gunicorn instances for cluster1 (m4.large: 1 worker x 4 threads)"))
        #expect(log.all.contains("starting 2 gunicorn instances for cluster2 (t2.xlarge: 2 workers x 4 threads)"))

        let config = try String(contentsOfFile: context.runDirectory + "/haproxy.cfg", encoding: .utf8)
        let endpoint = deployment.clusters[1].instances[1].endpoint
        #expect(config.contains("    server cluster2-2 \(endpoint) check\n"))
        let pids = provider.processIDs
        #expect(pids.count == 5)
        let journal = try ProcessJournal(path: context.processJournalPath).entries()
        #expect(Set(journal.map(\.pid)) == Set(pids))

        try provider.waitUntilHealthy(deployment, timeout: .seconds(30))
        let before = try provider.loadBalancerCounts()
        #expect(
            before["cluster1"]
                == BackendCounts(requests: 0, perInstance: ["cluster1-1": 0, "cluster1-2": 0], healthyInstances: 2)
        )

        for cluster in deployment.clusters {
            let (port, path) = try HTTPTestClient.parse(url: cluster.targetURL)
            let client = try HTTPTestClient(port: port)  // one kept-alive connection: HAProxy balances each request
            var served: [String: Int] = [:]
            for index in 0..<20 {
                let response = try client.get(index.isMultiple(of: 2) ? path : path + "/item/\(index)")
                #expect(response.status == 200)
                #expect(response.headers["x-cluster"] == cluster.name)
                let instance = response.headers["x-instance-id"] ?? "none"
                #expect(cluster.instances.map(\.id).contains(instance), "\(instance) is not in \(cluster.name)")
                #expect(response.body == "{\"cluster\":\"\(cluster.name)\",\"instance\":\"\(instance)\"}\n")
                served[instance, default: 0] += 1
            }
            #expect(served == Dictionary(uniqueKeysWithValues: cluster.instances.map { ($0.id, 10) }))
        }
        let (port, _) = try HTTPTestClient.parse(url: deployment.loadBalancerURL)
        let other = try HTTPTestClient(port: port).get("/elsewhere")
        #expect(other.status == 404)
        #expect(other.body == "no cluster at this path")

        // HAProxy's own counts: client requests only (its health checks every 300 ms are not in req_tot).
        let counts = try provider.loadBalancerCounts()
        #expect(counts.keys.sorted() == ["cluster1", "cluster2"])
        for cluster in deployment.clusters {
            let backend = try #require(counts[cluster.name])
            #expect(backend.requests == 20)
            #expect(backend.perInstance == Dictionary(uniqueKeysWithValues: cluster.instances.map { ($0.id, 10) }))
            #expect(backend.perInstance.values.reduce(0, +) == backend.requests)
            #expect(backend.healthyInstances == 2)
        }

        provider.teardown()
        #expect(provider.processIDs.isEmpty)
        for pid in pids {
            try waitUntil("process group \(pid) to be gone") { TestSupport.groupIsGone(pid) }
        }
        #expect(ProcessJournal.stopAll(listedIn: context.processJournalPath, grace: .seconds(1)) == [])
        provider.teardown()  // idempotent
        #expect(log.all.filter { $0.hasPrefix("stopping") } == ["stopping haproxy and 4 gunicorn instances"])
        #expect(throws: ProviderError.self) { try provider.loadBalancerCounts() }
    }

    @Test func instanceThatCannotStartIsNamed() throws {
        let context = LocalTestSupport.makeContext("local-dead")
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(
            context: context,
            options: .init(extraGunicornArguments: ["cluster2-1": ["--worker-class", "no.such.Worker"]])
        )
        defer { provider.teardown() }
        let deployment = try provider.provision(
            LocalTestSupport.config([
                ClusterConfig(name: "cluster1", path: "/cluster1", instanceType: "t2.micro", count: 1),
                ClusterConfig(name: "cluster2", path: "/cluster2", instanceType: "t2.micro", count: 2),
            ])
        )
        // The exited gunicorn is named at once, not after the timeout (whose message would be "did not become healthy").
        let error = try #require(throws: ProviderError.self) {
            try provider.waitUntilHealthy(deployment, timeout: .seconds(20))
        }
        #expect(error.code == .unhealthy)
        #expect(error.description.hasPrefix("instance cluster2-1 is not healthy: gunicorn exited with status 1"))
        #expect(error.description.contains("last log lines of \(context.runDirectory)/logs/cluster2-1.log: "))
        #expect(error.description.hasSuffix("ModuleNotFoundError: No module named 'no' | ]"))
        #expect(!error.description.contains("\n"))
    }

    @Test func instanceThatNeverListensTimesOutNamed() throws {
        let context = LocalTestSupport.makeContext("local-slow")
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = try LocalTestSupport.providerWithSilentInstance("cluster1-2", context: context)
        defer { provider.teardown() }
        let deployment = try provider.provision(
            LocalTestSupport.config([
                ClusterConfig(name: "cluster1", path: "/cluster1", instanceType: "t2.micro", count: 2)
            ])
        )
        // Long enough for the other instance to start under its t2.micro CPU quota (0.125 CPU: gunicorn and Flask
        // take a few seconds of wall time to import under it, more on a loaded machine; 4 s failed 1 run in 3).
        let start = ContinuousClock.now
        let error = try #require(throws: ProviderError.self) {
            try provider.waitUntilHealthy(deployment, timeout: .seconds(12))
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .seconds(12))
        #expect(error.code == .unhealthy)
        #expect(
            error.description.hasPrefix(
                "instance cluster1-2 did not become healthy within 12.0 seconds (cluster1-2: DOWN"
            )
        )

        // Counts still work, and show one healthy instance of two.
        let counts = try provider.loadBalancerCounts()
        #expect(counts["cluster1"]?.healthyInstances == 1)
        // The sleeping gunicorn ignores nothing: teardown stops it well within the grace.
        let pids = provider.processIDs
        provider.teardown()
        for pid in pids { try waitUntil("process group \(pid) to be gone") { TestSupport.groupIsGone(pid) } }
    }

    @Test func cancellationStopsTheHealthWait() throws {
        // Cancelled from the third time the health wait asks on: surely while it waits, with no thread or sleep.
        let asked = Mutex<Int?>(nil)
        var context = LocalTestSupport.makeContext("local-cancel")
        context.isCancelled = {
            asked.withLock { count in
                guard let times = count else { return false }  // provisioning
                count = times + 1
                return times + 1 >= 3
            }
        }
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = try LocalTestSupport.providerWithSilentInstance("c1-1", context: context)
        defer { provider.teardown() }
        let deployment = try provider.provision(
            LocalTestSupport.config([ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 1)])
        )
        asked.withLock { $0 = 0 }
        // The silent instance never becomes healthy: only the cancellation can end this wait before its 50 s.
        let error = try #require(throws: ProviderError.self) {
            try provider.waitUntilHealthy(deployment, timeout: .seconds(50))
        }
        #expect(asked.withLock { $0 } == 3)
        #expect(error.code == .cancelled)
        #expect(error.description == "cancelled while waiting for instances to become healthy")
    }

    @Test func failedProvisionStopsWhatItStarted() throws {
        let context = LocalTestSupport.makeContext("local-nohaproxy")
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context, options: .init(haproxyExecutable: "clusterbench-no-haproxy"))
        defer { provider.teardown() }
        let error = try #require(throws: ProviderError.self) {
            _ = try provider.provision(
                LocalTestSupport.config([ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 2)])
            )
        }
        #expect(error.code == .provisionFailed)
        #expect(error.description == "load balancer: cannot start clusterbench-no-haproxy: No such file or directory")
        #expect(provider.processIDs.isEmpty)
        let journal = try ProcessJournal(path: context.processJournalPath).entries()
        #expect(journal.count == 2)
        for entry in journal {
            try waitUntil("process group \(entry.pgid) to be gone") { TestSupport.groupIsGone(entry.pgid) }
        }
    }

    @Test func invalidClusterNameIsRejectedBeforeAnythingStarts() throws {
        let context = LocalTestSupport.makeContext("local-badname")
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context)
        defer { provider.teardown() }
        let error = try #require(throws: ProviderError.self) {
            _ = try provider.provision(
                LocalTestSupport.config([
                    ClusterConfig(name: "my cluster", path: "/c1", instanceType: "t2.micro", count: 1)
                ])
            )
        }
        #expect(error.code == .invalidConfig)
        #expect(error.description.hasPrefix("cluster name \"my cluster\" cannot name an HAProxy backend"))
        #expect(provider.processIDs.isEmpty)
        #expect(try ProcessJournal(path: context.processJournalPath).entries().isEmpty)
    }
}
