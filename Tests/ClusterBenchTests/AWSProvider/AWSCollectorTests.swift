import AWS
import BalancerMetrics
import Foundation
import Synchronization
import Testing

@testable import Plugins

/// The CloudWatch collector against moto: it returns exactly the data points the test seeded with PutMetricData
/// (dimensions `TargetGroup`, `LoadBalancer` in that order, as moto matches them in order), a period without a
/// point as a zero, on periods aligned to the minute; moto computes no percentiles (it answers HTTP 500), so those
/// series are left out and the collector says so. Percentile parsing of a real answer is covered by
/// `AWSCloudWatchResponseTests`.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSCollectorTests {
        static let balancerArn =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/cb-1a2b3c4d/50dc6c495c0c9188"
        static let groupArns = [
            "cluster1":
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/cb-1a2b3c4d-1-cluster1/73e2d6bc24d8a067",
            "cluster2":
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/cb-1a2b3c4d-2-cluster2/943f017f100becff",
        ]

        @Test func returnsExactlyWhatWasSeededWithGapsAsZeros() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let minute = (Int(Date().timeIntervalSince1970) / 60 - 10) * 60
            let balancer = CloudWatchDimension("LoadBalancer", "app/cb-1a2b3c4d/50dc6c495c0c9188")
            func group(_ cluster: String) -> [CloudWatchDimension] {
                [
                    CloudWatchDimension(
                        "TargetGroup", CloudWatchCollector.targetGroupDimension(Self.groupArns[cluster]!)), balancer,
                ]
            }
            func datum(_ name: String, _ cluster: String?, _ offset: Int, _ value: Double) -> CloudWatchDatum {
                CloudWatchDatum(
                    metricName: name, dimensions: cluster.map(group) ?? [balancer],
                    timestamp: Date(timeIntervalSince1970: Double(minute + offset)), value: value)
            }
            let seeded = [
                datum("RequestCount", "cluster1", 0, 120), datum("RequestCount", "cluster1", 120, 30),
                datum("RequestCount", "cluster2", 60, 7),
                datum("HTTPCode_Target_2XX_Count", "cluster1", 0, 118),
                datum("HTTPCode_Target_5XX_Count", "cluster1", 0, 2),
                datum("TargetResponseTime", "cluster1", 0, 0.5), datum("TargetResponseTime", "cluster1", 0, 0.7),
                datum("HealthyHostCount", "cluster1", 0, 4), datum("HealthyHostCount", "cluster1", 60, 3),
                datum("HTTPCode_ELB_5XX_Count", nil, 120, 5),
            ]
            try await off {
                try CloudWatch(client: moto.client()).putMetricData(namespace: "AWS/ApplicationELB", seeded)
            }
            let logged = Mutex<[String]>([])
            let collector = CloudWatchCollector(
                client: moto.client(), loadBalancerArn: Self.balancerArn, targetGroupArns: Self.groupArns,
                settleUntil: { $0 }, isCancelled: { false }, log: { line in logged.withLock { $0.append(line) } })
            let clusters = ["cluster1", "cluster2"].map {
                DeployedCluster(name: $0, path: "/\($0)", targetURL: "", instances: [])
            }
            // 10 s into the first minute to 30 s into the third, asked per 45 s: three whole minutes.
            let window = MetricsWindow(start: Double(minute + 10), end: Double(minute + 150), periodSeconds: 45)
            let series = try await off { try collector.collect(window, clusters: clusters) }

            let starts = [minute, minute + 60, minute + 120]
            #expect(series.allSatisfy { $0.timestamps == starts && $0.periodSeconds == 60 })
            func values(_ name: String, _ statistic: String, _ cluster: String) -> [Double]? {
                series.first(name, statistic: statistic, cluster: cluster)?.values
            }
            #expect(values("RequestCount", "Sum", "cluster1") == [120, 0, 30])
            #expect(values("RequestCount", "Sum", "cluster2") == [0, 7, 0])
            #expect(values("HTTPCode_Target_2XX_Count", "Sum", "cluster1") == [118, 0, 0])
            #expect(values("HTTPCode_Target_4XX_Count", "Sum", "cluster1") == [0, 0, 0])
            #expect(values("HTTPCode_Target_5XX_Count", "Sum", "cluster1") == [2, 0, 0])
            #expect(values("TargetResponseTime", "Average", "cluster1") == [0.6, 0, 0])
            #expect(values("HealthyHostCount", "Average", "cluster1") == [4, 3, 0])
            #expect(values("HealthyHostCount", "Minimum", "cluster1") == [4, 3, 0])
            #expect(values("RequestCountPerTarget", "Sum", "cluster2") == [0, 0, 0])
            let elb5xx = series.first { $0.name == "HTTPCode_ELB_5XX_Count" }
            #expect(elb5xx?.dimensions == ["loadBalancer": "app/cb-1a2b3c4d/50dc6c495c0c9188"])
            #expect(elb5xx?.values == [0, 0, 5])
            #expect(series.count == 2 * 8 + 1)
            #expect(!series.contains { $0.statistic.hasPrefix("p") })
            #expect(logged.withLock { $0.count } == 1)
            let line = logged.withLock { $0.first } ?? ""
            #expect(
                line.hasPrefix("cloudwatch: no percentile series: cloudwatch: monitoring GetMetricData: HTTP 500"),
                "\(line)")

            let totals = try await off { try collector.requestTotals(window) }
            #expect(totals == ["cluster1": 150, "cluster2": 7])
        }

        @Test func dimensionsAndPeriodsFollowCloudWatch() {
            #expect(CloudWatchCollector.loadBalancerDimension(Self.balancerArn) == "app/cb-1a2b3c4d/50dc6c495c0c9188")
            #expect(
                CloudWatchCollector.targetGroupDimension(Self.groupArns["cluster1"]!)
                    == "targetgroup/cb-1a2b3c4d-1-cluster1/73e2d6bc24d8a067")
            #expect([1, 59, 60, 61, 300].map(CloudWatchCollector.period) == [60, 60, 60, 120, 300])
        }
    }
}
