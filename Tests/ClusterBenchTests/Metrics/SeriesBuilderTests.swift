import BalancerMetrics
import Testing

@testable import Plugins

/// The series arithmetic on made-up records: alignment, zeros, CloudWatch's per-target division, percentiles,
/// the balancer's own 5xx, and time-weighted healthy counts.
@Suite struct SeriesBuilderTests {
    let cluster = DeployedCluster(
        name: "c1", path: "/c1", targetURL: "http://127.0.0.1:1/c1",
        instances: [
            DeployedInstance(id: "c1-1", endpoint: "127.0.0.1:2", instanceType: "t2.micro"),
            DeployedInstance(id: "c1-2", endpoint: "127.0.0.1:3", instanceType: "t2.micro"),
        ])

    @Test func windowsAlignToWholePeriods() {
        #expect(MetricsWindow(start: 125.5, end: 250.1, periodSeconds: 60).periodStarts == [120, 180, 240])
        #expect(MetricsWindow(start: 120, end: 240, periodSeconds: 60).periodStarts == [120, 180])
        #expect(MetricsWindow(start: 130, end: 130, periodSeconds: 60).periodStarts == [120])
        #expect(MetricsWindow(start: 10.2, end: 12.9, periodSeconds: 1).periodStarts == [10, 11, 12])
        #expect(MetricsWindow(start: 10.2, end: 12.9, periodSeconds: 1).periodStart(of: 11.999) == 11)
    }

    @Test func seriesFollowCloudWatchsDefinitions() throws {
        var health = HealthTimeline()
        health.record("c1-1", healthy: true, at: 0)
        health.record("c1-2", healthy: true, at: 0)
        health.record("c1-2", healthy: true, at: 5)  // no change: not kept
        health.record("c1-2", healthy: false, at: 11.5)  // down half of period 11, all of 12
        #expect(health.changes["c1-2"]?.count == 2)
        let records = [
            RequestRecord(time: 10.1, cluster: "c1", target: "c1-1", status: 200, targetResponseSeconds: 0.001),
            RequestRecord(time: 10.2, cluster: "c1", target: "c1-2", status: 200, targetResponseSeconds: 0.003),
            RequestRecord(time: 10.3, cluster: "c1", target: "c1-1", status: 404, targetResponseSeconds: 0.002),
            RequestRecord(time: 10.4, cluster: "c1", target: "c1-2", status: 500, targetResponseSeconds: 0.010),
            RequestRecord(time: 12.5, cluster: "c1", target: nil, status: 503, targetResponseSeconds: nil),
            RequestRecord(time: 12.6, cluster: "c1", target: "c1-1", status: 504, targetResponseSeconds: nil),
            RequestRecord(time: 12.7, cluster: "c1", target: "c1-1", status: 200, targetResponseSeconds: 0.004),
            RequestRecord(time: 9.9, cluster: "c1", target: "c1-1", status: 200, targetResponseSeconds: 0.1),  // before
            RequestRecord(time: 13.0, cluster: "c1", target: "c1-1", status: 200, targetResponseSeconds: 0.1),  // after
            RequestRecord(time: 12.8, cluster: "other", target: "o-1", status: 200, targetResponseSeconds: 0.1),
        ]
        let window = MetricsWindow(start: 10, end: 13, periodSeconds: 1)
        let series = SeriesBuilder(window: window).series(records: records, health: health, clusters: [cluster])
        func values(_ name: String, _ statistic: String = "Sum", target: String? = nil) throws -> [Double] {
            try #require(series.first(name, statistic: statistic, cluster: "c1", target: target)).values
        }
        #expect(series.allSatisfy { $0.timestamps == [10, 11, 12] && $0.periodSeconds == 1 })
        // Health counts only inside the window: 11.5 to 11.75 down of 11 to 11.75.
        let clipped = MetricsWindow(start: 10.05, end: 11.75, periodSeconds: 1)
        let partial = SeriesBuilder(window: clipped).series(records: [], health: health, clusters: [cluster])
        #expect(partial.first("HealthyHostCount", statistic: "Average", cluster: "c1")?.values == [2, 1.25 / 0.75])
        #expect(series.count == 14 + 2 * 2)
        #expect(try values("RequestCount") == [4, 0, 2])  // the 503 had no target: not counted, as CloudWatch
        #expect(try values("HealthyHostCount", "Average") == [2, 1.5, 1])
        #expect(try values("HealthyHostCount", "Minimum") == [2, 1, 1])
        #expect(try values("UnHealthyHostCount", "Average") == [0, 0.5, 1])
        #expect(try values("RequestCountPerTarget") == [2, 0, 2])
        #expect(try values("HTTPCode_Target_2XX_Count") == [2, 0, 1])
        #expect(try values("HTTPCode_Target_4XX_Count") == [1, 0, 0])
        #expect(try values("HTTPCode_Target_5XX_Count") == [1, 0, 0])
        #expect(try values("HTTPCode_ELB_5XX_Count") == [0, 0, 2])
        #expect(try values("TargetResponseTime", "Average")[0] == (0.001 + 0.003 + 0.002 + 0.010) / 4)
        #expect(try values("TargetResponseTime", "p50") == [0.002, 0, 0.004])
        #expect(try values("TargetResponseTime", "p90") == [0.010, 0, 0.004])
        #expect(try values("RequestCount", target: "c1-1") == [2, 0, 2])
        #expect(try values("RequestCount", target: "c1-2") == [2, 0, 0])
        #expect(try values("TargetResponseTime", "Average", target: "c1-2") == [(0.003 + 0.010) / 2, 0, 0])
        let csv = MetricsDocument(source: "test", periodSeconds: 1, windowStart: 10, windowEnd: 13, series: series).csv
        #expect(csv.hasPrefix(MetricsDocument.csvHeader + "\nRequestCount,Sum,Count,c1,,1,10,4\n"))
        #expect(csv.contains("\nRequestCount,Sum,Count,c1,c1-2,1,12,0\n"))
        #expect(csv.contains("\nHealthyHostCount,Average,Count,c1,,1,11,1.5\n"))
    }

    @Test func logLinesOfTheLocalFormatParse() throws {
        let line = try #require(HAProxyLogLine("CB1 1764448401.123 cluster1 cluster1-2 200 5 0 1 2 3 61 ---- 0"))
        #expect(line.backend == "cluster1" && line.server == "cluster1-2" && line.status == 200)
        #expect(
            line.record
                == RequestRecord(
                    time: 1764448401.128, cluster: "cluster1", target: "cluster1-2", status: 200,
                    targetResponseSeconds: 0.002))
        let refused = try #require(HAProxyLogLine("CB1 1764448401.123 cluster1 <NOSRV> 503 0 -1 -1 -1 3002 217 SC-- 0"))
        #expect(refused.record.target == nil && refused.record.isBalancer5xx)
        #expect(HAProxyLogLine("[WARNING]  (12) : Server cluster1/cluster1-1 is DOWN") == nil)
        #expect(HAProxyLogLine("CB1 x cluster1 cluster1-2 200 0 0 1 2 3 61 ---- 0") == nil)
    }
}
