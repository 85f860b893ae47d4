import Foundation
import Histogram

/// An HdrHistogram interval log (`.hlog`) read back: what `IntervalLogWriter` writes, and what Java's
/// `HistogramLogWriter` writes (untagged or tagged lines, optional StartTime and BaseTime).
///
/// Used to check written logs and to rebuild a report from a run's folder. Strict: a line that is neither a comment,
/// the legend, blank, nor a well-formed interval is an error naming the line.
public struct IntervalLog: Sendable {
    /// One interval line.
    public struct Interval: Sendable {
        /// The line's `Tag=`, if any.
        public var tag: String?
        /// Seconds after the log's base time (as written, 3 decimals).
        public var start: TimeInterval
        /// Interval length in seconds.
        public var length: TimeInterval
        /// The `Interval_Max` column, in the writer's unit (milliseconds for ours).
        public var max: Double
        /// The interval's histogram as decoded: its shape and non-empty buckets.
        public var buckets: HdrBuckets

        /// The interval's histogram (built from `buckets`).
        public var histogram: Histogram<UInt64> { buckets.histogram() }
    }

    /// The `#[StartTime: ...]` line, if present.
    public var startTime: Date?
    /// The `#[BaseTime: ...]` line, if present.
    public var baseTime: Date?
    /// The intervals in file order.
    public var intervals: [Interval]

    /// Reads and parses the log at `path`.
    public static func read(path: String) throws(IntervalLogError) -> IntervalLog {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw IntervalLogError(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try IntervalLog(parsing: text, path: path)
    }

    /// Parses log text; `path` only names the log in errors.
    public init(parsing text: String, path: String = "<text>") throws(IntervalLogError) {
        intervals = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            do throws(HdrCodecError) {
                if line.hasPrefix("#[StartTime: ") {
                    startTime = try Self.epochSeconds(line.dropFirst("#[StartTime: ".count))
                } else if line.hasPrefix("#[BaseTime: ") {
                    baseTime = try Self.epochSeconds(line.dropFirst("#[BaseTime: ".count))
                } else if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("\"StartTimestamp\"") {
                    continue
                } else {
                    intervals.append(try Self.interval(line))
                }
            } catch {
                throw IntervalLogError(path: path, reason: "line \(number + 1): \(error.reason)")
            }
        }
    }

    private static func epochSeconds(_ text: Substring) throws(HdrCodecError) -> Date {
        guard let seconds = text.split(separator: " ").first.flatMap({ Double($0) }) else {
            throw .malformed("no seconds since epoch in the time line")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func interval(_ line: Substring) throws(HdrCodecError) -> Interval {
        var rest = line
        var tag: String?
        if rest.hasPrefix("Tag=") {
            guard let comma = rest.firstIndex(of: ",") else { throw .malformed("a tag and nothing else") }
            tag = String(rest[rest.index(rest.startIndex, offsetBy: 4)..<comma])
            rest = rest[rest.index(after: comma)...]
        }
        let fields = rest.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 else { throw .malformed("\(fields.count) fields (expected 4 after any tag)") }
        guard let start = Double(fields[0]), let length = Double(fields[1]), let max = Double(fields[2]) else {
            throw .malformed("start, length and max must be numbers")
        }
        guard let bytes = Data(base64Encoded: String(fields[3])) else { throw .malformed("histogram is not base64") }
        let buckets = try HdrV2.decodeBuckets(Array(bytes))
        return Interval(tag: tag, start: start, length: length, max: max, buckets: buckets)
    }
}
