import Foundation

/// Amazon CloudWatch's metric operations: `GetMetricData` for the collector, `PutMetricData` for tests.
public struct CloudWatch: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// CloudWatch through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// The data points of every query between `start` and `end`, oldest first, every page followed and merged
    /// per query id; series come back in the order of `queries`.
    public func getMetricData(
        _ queries: [CloudWatchMetricQuery], start: Date, end: Date
    ) throws(AWSError) -> [CloudWatchMetricSeries] {
        let pages = try client.paginate(.cloudWatch, "GetMetricData") { token throws(AWSError) in
            var parameters = QueryParameters(style: .member)
            parameters.structures("MetricDataQueries", queries) { parameters, prefix, query in
                parameters.set("\(prefix).Id", query.id)
                parameters.set("\(prefix).MetricStat.Metric.Namespace", query.namespace)
                parameters.set("\(prefix).MetricStat.Metric.MetricName", query.metricName)
                Self.add(query.dimensions, "\(prefix).MetricStat.Metric.Dimensions", to: &parameters)
                parameters.set("\(prefix).MetricStat.Period", query.period)
                parameters.set("\(prefix).MetricStat.Stat", query.stat)
                parameters.set("\(prefix).ReturnData", true)
            }
            parameters.set("StartTime", Timestamp.format(start))
            parameters.set("EndTime", Timestamp.format(end))
            parameters.set("ScanBy", "TimestampAscending")
            parameters.set("NextToken", token)
            let page = try client.query(.cloudWatch, "GetMetricData", parameters)
            return ([page], page.string("GetMetricDataResult", "NextToken"))
        }
        var series: [String: CloudWatchMetricSeries] = [:]
        for page in pages {
            for member in page.list("GetMetricDataResult", "MetricDataResults") {
                let id = member.string("Id") ?? ""
                var entry =
                    series[id]
                    ?? CloudWatchMetricSeries(
                        id: id, label: member.string("Label") ?? "", statusCode: "", timestamps: [], values: [])
                entry.statusCode = member.string("StatusCode") ?? entry.statusCode
                entry.timestamps += member.list("Timestamps").compactMap { Timestamp.parse($0.text) }
                entry.values += member.list("Values").compactMap { Double($0.text) }
                series[id] = entry
            }
        }
        return queries.compactMap { query in
            guard var entry = series[query.id] else { return nil }
            let order = entry.timestamps.indices.sorted { entry.timestamps[$0] < entry.timestamps[$1] }
            if entry.timestamps.count == entry.values.count {
                entry.timestamps = order.map { entry.timestamps[$0] }
                entry.values = order.map { entry.values[$0] }
            }
            return entry
        }
    }

    /// Puts values into `namespace` (at most 1000 per call).
    public func putMetricData(namespace: String, _ data: [CloudWatchDatum]) throws(AWSError) {
        var parameters = QueryParameters(style: .member)
        parameters.set("Namespace", namespace)
        parameters.structures("MetricData", data) { parameters, prefix, datum in
            parameters.set("\(prefix).MetricName", datum.metricName)
            Self.add(datum.dimensions, "\(prefix).Dimensions", to: &parameters)
            parameters.set("\(prefix).Timestamp", Timestamp.format(datum.timestamp))
            parameters.set("\(prefix).Value", String(datum.value))
            parameters.set("\(prefix).Unit", datum.unit)
        }
        _ = try client.query(.cloudWatch, "PutMetricData", parameters)
    }

    /// Adds `PREFIX.member.N.Name` and `.Value`.
    private static func add(_ dimensions: [CloudWatchDimension], _ name: String, to parameters: inout QueryParameters) {
        parameters.structures(name, dimensions) { parameters, prefix, dimension in
            parameters.set("\(prefix).Name", dimension.name)
            parameters.set("\(prefix).Value", dimension.value)
        }
    }
}
