import BenchConfig
import Foundation

/// `coordinator plan` on `aws`: every resource a run creates, and the load balancer's cost beside the instances'.
extension AWSProvider {
    /// The load balancer's prices (`config/aws-prices.json`): dated, with their sources.
    struct Prices: Decodable {
        var region: String
        var checked: String
        var sources: [String]
        var loadBalancerHourlyUSD: Double
        var lcuHourlyUSD: Double

        /// Where the prices are, below the project folder.
        static let relativePath = "config/aws-prices.json"
    }

    /// The resources of a run of `config` and the load balancer's hourly and LCU cost, for `hours` of load.
    public static func planLines(_ config: ExperimentConfig, projectRoot: String, hours: Double) -> [String] {
        let settings = settings(config)
        let region = settings.region ?? "the environment's region"
        let zones =
            settings.availabilityZones.isEmpty
            ? "two zones chosen at run time" : settings.availabilityZones.joined(separator: ", ")
        var lines = [
            "AWS resources (region \(region), every one tagged \(runTagKey) = run id, journaled in "
                + "aws-resources.jsonl):",
            "  1 security group for the load balancer: HTTP 80 from \(settings.ingressCIDRs.joined(separator: ", "))",
            "  1 security group for the instances: TCP \(settings.appPort) from the load balancer's group only",
            "  1 Application Load Balancer in \(zones), internet-facing",
            "  1 HTTP listener on port 80, default action: fixed 404",
        ]
        for cluster in config.clusters {
            lines.append(
                "  \(cluster.name): 1 target group (health check /health), 1 rule for \(cluster.path) and "
                    + "\(cluster.path)/*, \(cluster.count) x \(cluster.instanceType) instances (self-destruct after "
                    + "\(settings.selfDestruct.configText))"
            )
        }
        let path = projectRoot + "/" + Prices.relativePath
        guard let data = FileManager.default.contents(atPath: path),
            let prices = try? JSONDecoder().decode(Prices.self, from: data)
        else {
            return lines + ["load balancer: no prices (\(path) missing or unreadable)"]
        }
        let hourly = prices.loadBalancerHourlyUSD + prices.lcuHourlyUSD
        lines.append(
            "load balancer: USD \(usd(prices.loadBalancerHourlyUSD)) per hour + USD \(usd(prices.lcuHourlyUSD)) per "
                + "LCU-hour; assuming 1 LCU (25 new connections/s, 3000 active connections/min, 1 GB/h, 1000 rule "
                + "evaluations/s: far above these loads), "
                + "USD \(usd(hourly)) per hour, USD \(usd(hourly * hours)) for the load")
        lines.append(
            "  prices for \(prices.region), checked \(prices.checked): \(prices.sources.joined(separator: ", "))")
        lines.append("  provisioning, the health wait and the metrics settle add minutes of every hourly price")
        return lines
    }

    private static func usd(_ value: Double) -> String { String(format: "%.4f", value) }
}
