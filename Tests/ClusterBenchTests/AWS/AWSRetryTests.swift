import AWS
import Foundation
import Synchronization
import Testing

/// Retries against the local test server (Support/test_server.py), which fails a set number of times: 503s,
/// throttling in both XML shapes, a refusal that must not be retried, and no server at all. The sleep is injected
/// and recorded, so the backoff schedule is checked without waiting.
@Suite(.timeLimit(.minutes(1))) struct AWSRetryTests {
    /// The sleeps the client asked for.
    final class Sleeps: Sendable {
        let recorded = Mutex<[Duration]>([])
        var all: [Duration] { recorded.withLock { $0 } }
    }

    /// A client for the test server's `path`, with `attempts` attempts, the jitter draw fixed at `random`.
    func client(_ server: TestServer, _ path: String, attempts: Int = 5, random: Double = 0.5) -> (AWSClient, Sleeps) {
        let sleeps = Sleeps()
        let policy = RetryPolicy(
            maximumAttempts: attempts, baseDelay: .milliseconds(100), maximumDelay: .seconds(20),
            sleep: { duration in sleeps.recorded.withLock { $0.append(duration) } }, random: { random })
        let configuration = AWSConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s3cr3t-key"),
            endpointOverrides: ["": server.baseURL + path])
        return (AWSClient(configuration: configuration, retry: policy), sleeps)
    }

    @Test(arguments: [("503", 2), ("throttle", 3), ("ec2throttle", 1)])
    func retriesUntilItSucceeds(kind: String, failures: Int) throws {
        let server = try TestServer()
        defer { server.stop() }
        let (client, sleeps) = client(server, "/aws/flaky/\(kind)/\(failures)/\(kind)")
        let response = try client.query(.ec2, "DescribeVpcs", QueryParameters(style: .ec2))
        #expect(response.string("OkResult", "Attempt") == String(failures + 1))
        // Full jitter with the draw fixed at 0.5: half of 100 ms, 200 ms, 400 ms, ...
        let expected = (0..<failures).map { Duration.milliseconds(50 << $0) }
        #expect(sleeps.all == expected)
    }

    @Test func givesUpAfterTheLastAttemptWithAWSsError() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (client, sleeps) = client(server, "/aws/flaky/exhaust/10/throttle", attempts: 3, random: 1)
        let error = try #require(throws: AWSError.self) {
            _ = try client.query(.cloudWatch, "GetMetricData", QueryParameters(style: .member))
        }
        #expect(error.code == "Throttling")
        #expect(error.status == 400)
        #expect(error.attempts == 3)
        #expect(error.requestId == "req-throttled")
        #expect(error.isThrottling)
        #expect(
            error.description
                == "monitoring GetMetricData: HTTP 400 Throttling: Rate exceeded (request id req-throttled, 3 attempts)"
        )
        #expect(sleeps.all == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func anErrorOfTheCallerIsNotRetried() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (client, sleeps) = client(server, "/aws/refuse/once")
        let error = try #require(throws: AWSError.self) {
            _ = try client.query(.elbv2, "CreateRule", QueryParameters(style: .member))
        }
        #expect(error.code == "InvalidParameterValue")
        #expect(error.message == "bad value")
        #expect(error.attempts == 1)
        #expect(sleeps.all.isEmpty)
    }

    @Test func transportErrorsAreRetriedThenReported() throws {
        let sleeps = Sleeps()
        let policy = RetryPolicy(
            maximumAttempts: 3, baseDelay: .milliseconds(100),
            sleep: { duration in sleeps.recorded.withLock { $0.append(duration) } }, random: { 0 })
        let client = AWSClient(
            configuration: AWSConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x1y2z3"),
                endpointOverrides: ["EC2": "http://127.0.0.1:1"]),
            retry: policy, timeout: .seconds(5))
        let error = try #require(throws: AWSError.self) { _ = try EC2(client: client).describeVpcs() }
        #expect(error.kind == .transport)
        #expect(error.attempts == 3)
        #expect(error.status == nil)
        #expect(error.description.hasPrefix("ec2 DescribeVpcs: POST http://127.0.0.1:1/ failed"))
        #expect(sleeps.all == [.zero, .zero])
    }

    @Test func theBackoffCeilingDoublesUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .milliseconds(200), maximumDelay: .seconds(1))
        #expect(
            (1...5).map { policy.ceiling(afterAttempt: $0) }
                == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }
}
