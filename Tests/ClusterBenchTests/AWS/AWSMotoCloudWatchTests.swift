import AWS
import Foundation
import Testing

/// GetMetricData against moto returns exactly what PutMetricData seeded. moto matches dimensions in the order
/// given and computes no percentiles, so the seed and the queries use one dimension order and plain statistics;
/// percentiles are covered by AWSCloudWatchResponseTests.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSMotoCloudWatchTests {
        @Test func getMetricDataReturnsWhatWasPut() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let cloudWatch = CloudWatch(client: moto.client())
            let dimensions = [
                CloudWatchDimension("TargetGroup", "targetgroup/cb-run-7-cluster1/0123456789abcdef"),
                CloudWatchDimension("LoadBalancer", "app/cb-run-7/fedcba9876543210"),
            ]
            let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60
            let start = Date(timeIntervalSince1970: minute - 600)
            let counts: [Double] = [120, 0, 75, 301]
            let data = counts.enumerated().map { offset, value in
                CloudWatchDatum(
                    metricName: "RequestCount", dimensions: dimensions,
                    timestamp: start.addingTimeInterval(Double(offset) * 60 + 1), value: value, unit: "Count")
            }
            try await off { try cloudWatch.putMetricData(namespace: "AWS/ApplicationELB", data) }
            try await off {
                try cloudWatch.putMetricData(
                    namespace: "AWS/ApplicationELB",
                    [
                        CloudWatchDatum(
                            metricName: "RequestCount", dimensions: [dimensions[1]],
                            timestamp: start.addingTimeInterval(1),
                            value: 9999)
                    ])
            }

            let series = try await off {
                try cloudWatch.getMetricData(
                    [
                        CloudWatchMetricQuery(
                            id: "requests", namespace: "AWS/ApplicationELB", metricName: "RequestCount",
                            dimensions: dimensions, period: 60, stat: "Sum"),
                        CloudWatchMetricQuery(
                            id: "most", namespace: "AWS/ApplicationELB", metricName: "RequestCount",
                            dimensions: dimensions, period: 60, stat: "Maximum"),
                        CloudWatchMetricQuery(
                            id: "elsewhere", namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount",
                            dimensions: dimensions, period: 60, stat: "Average"),
                    ], start: start, end: start.addingTimeInterval(600))
            }

            #expect(series.map(\.id) == ["requests", "most", "elsewhere"])
            #expect(series[0].values == counts)
            #expect(series[0].timestamps == counts.indices.map { start.addingTimeInterval(Double($0) * 60) })
            #expect(series[1].values == counts)
            #expect(series[2].values.isEmpty)
            #expect(series[0].statusCode == "Complete")
        }
    }
}
