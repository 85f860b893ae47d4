import AWS
import Foundation
import Testing

/// A GetMetricData answer with percentile statistics, in two pages (Fixtures/aws/get-metric-data-page*.xml, served
/// by the test server): the pages are followed, merged per query id and put in time order.
@Suite struct AWSCloudWatchResponseTests {
    @Test func percentilesAcrossTwoPages() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = AWSClient(
            configuration: AWSConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "k"),
                endpointOverrides: ["CLOUDWATCH": server.baseURL + "/aws/metrics"]))
        let queries = ["p99", "p50"].map { stat in
            CloudWatchMetricQuery(
                id: "latency_\(stat)", namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime",
                dimensions: [CloudWatchDimension("LoadBalancer", "app/cb/1")], period: 60, stat: stat)
        }
        let start = Date(timeIntervalSince1970: 1_709_287_200)  // 2024-03-01T10:00:00Z
        let series = try CloudWatch(client: client).getMetricData(queries, start: start, end: start + 180)
        #expect(series.map(\.id) == ["latency_p99", "latency_p50"])
        #expect(series.map(\.label) == ["TargetResponseTime p99", "TargetResponseTime p50"])
        #expect(series[0].values == [0.15, 0.1249, 0.0871])
        #expect(series[1].values == [0.0142, 0.0131, 0.0123])
        #expect(series[0].timestamps == [start, start + 60, start + 120])
        #expect(series.map(\.statusCode) == ["Complete", "Complete"])
    }
}
