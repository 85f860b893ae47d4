import Histogram

/// Latencies in nanoseconds, 3 significant digits, from 1 ns to one hour.
///
/// Every histogram on the wire and in reports has this shape, so that any two can be added losslessly.
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// The highest latency tracked: one hour in nanoseconds. Larger values are clamped to it when recorded.
    public static var latencyCeiling: UInt64 { 3_600_000_000_000 }

    /// A new empty latency histogram of the standard shape.
    public static func latency() -> LatencyHistogram {
        LatencyHistogram(lowestDiscernibleValue: 1, highestTrackableValue: latencyCeiling, numberOfSignificantValueDigits: .three)
    }

    /// Records a latency, clamping it into the trackable range so that no observation is ever dropped.
    public mutating func recordLatency(nanoseconds: UInt64) {
        _ = record(Swift.min(Swift.max(nanoseconds, 1), Self.latencyCeiling))
    }
}
