import AWS
import BenchConfig
import Foundation
import Synchronization
import Testing

@testable import Plugins

/// The health wait against moto. moto runs no user data; it reports a registered target of a running instance as
/// `healthy` and one of a stopped instance as `unused` with reason `Target.InvalidState`, which is how the test
/// makes a target unhealthy.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSHealthTests {
        @Test func theTimeoutNamesEachUnhealthyTargetWithAWSReason() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            let config = try ProviderRegistry.builtIn.configLoader().load(file: try fixture.config())
            let lines = Mutex<[String]>([])
            let context = ProviderContext(
                runID: "health-test", runDirectory: fixture.folder, projectRoot: TestSupport.projectRoot,
                log: { line in lines.withLock { $0.append(line) } })
            let options = AWSProvider.Options(
                environment: AWSEnvironment(variables: fixture.environment(), homeDirectory: fixture.folder))
            let provider = AWSProvider(context: context, options: options)
            defer { provider.teardown() }
            let deployment = try await off { try provider.provision(config) }
            try await off { try provider.waitUntilHealthy(deployment, timeout: .seconds(10)) }
            #expect(lines.withLock { $0.last } == "aws: healthy targets: cluster1 2/2, cluster2 3/3")

            let stopped = try #require(deployment.clusters[1].instances.first?.id)
            var parameters = QueryParameters(style: .ec2)
            parameters.set("InstanceId.1", stopped)
            let stop = parameters
            _ = try await off { try moto.client().query(.ec2, "StopInstances", stop) }
            let error = await #expect(throws: ProviderError.self) {
                try await off { try provider.waitUntilHealthy(deployment, timeout: .milliseconds(500)) }
            }
            #expect(error?.code == .unhealthy)
            #expect(
                error?.message
                    == "aws: 1 target(s) not healthy after 500ms: cluster2 \(stopped) unused (Target.InvalidState: "
                    + "Target is in the stopped state)")
            #expect(lines.withLock { $0.last } == "aws: healthy targets: cluster1 2/2, cluster2 2/3")

            let flag = Mutex(false)
            let cancelled = AWSProvider(
                context: ProviderContext(
                    runID: "health-test", runDirectory: fixture.folder, projectRoot: TestSupport.projectRoot,
                    isCancelled: { flag.withLock { $0 } }),
                options: options)
            try await off { try cancelled.attach(deployment, runDirectory: fixture.folder, config: config) }
            flag.withLock { $0 = true }
            let cancel = await #expect(throws: ProviderError.self) {
                try await off { try cancelled.waitUntilHealthy(deployment, timeout: .seconds(600)) }
            }
            #expect(cancel?.code == .cancelled)
            #expect(cancel?.message == "cancelled while waiting for the aws targets to become healthy")

            provider.teardown()
            #expect(try await off { try fixture.tagged() } == [])
        }
    }
}
