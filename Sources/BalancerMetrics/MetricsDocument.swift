/// `metrics.json`: the load balancer's series for one run's window, as a collector returned them.
public struct MetricsDocument: Codable, Sendable, Equatable {
    /// The format id of `metrics.json`.
    public static let schemaID = "clusterbench.metrics/1"

    /// Format id; changes when a field changes meaning.
    public var schema = MetricsDocument.schemaID
    /// Which collector made the series (`haproxy`).
    public var source: String
    /// Length of every period, in seconds.
    public var periodSeconds: Int
    /// Start of the run's load window, seconds since 1970 (UTC), with fraction.
    public var windowStart: Double
    /// End of the run's load window, seconds since 1970 (UTC), with fraction.
    public var windowEnd: Double
    /// The series, cluster-wide ones first, in a stable order.
    public var series: [MetricSeries]

    /// Makes a document.
    public init(source: String, periodSeconds: Int, windowStart: Double, windowEnd: Double, series: [MetricSeries]) {
        self.source = source
        self.periodSeconds = periodSeconds
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.series = series
    }

    /// The header of `csv`.
    public static let csvHeader = "name,statistic,unit,cluster,target,period_seconds,timestamp,value"

    /// The series as CSV, one row per period of every series: `name,statistic,unit,cluster,target,
    /// period_seconds,timestamp,value` (timestamp in seconds since 1970; target empty for cluster-wide series;
    /// whole values written without a fraction).
    public var csv: String {
        var lines = [Self.csvHeader]
        for series in series {
            let prefix = [
                series.name, series.statistic, series.unit, series.cluster ?? "", series.target ?? "",
                String(series.periodSeconds),
            ].map(Self.csvField).joined(separator: ",")
            for (timestamp, value) in zip(series.timestamps, series.values) {
                lines.append("\(prefix),\(timestamp),\(Self.number(value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value as CSV writes it: `12` for whole numbers, else the shortest text that reads back the same.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        var quoted = "\""
        for character in text {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
