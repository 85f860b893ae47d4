import Histogram

/// Latencies in nanoseconds, 3 significant digits, from 1 ns to one hour.
///
/// Every histogram on the wire and in reports has this shape, so that any two can be added losslessly.
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// The highest latency tracked: one hour in nanoseconds. Larger values are clamped to it when recorded.
    public static var latencyCeiling: UInt64 { 3_600_000_000_000 }

    /// A new empty latency histogram of the standard shape.
    ///
    /// A copy of one empty histogram made once: the library's initialiser fills its 33,792 counts one generic copy at
    /// a time (a fifth of the coordinator's time when it built four histograms per report), while a copy shares the
    /// counts until its first recording duplicates them with one memory copy.
    public static func latency() -> LatencyHistogram {
        emptyLatencyHistogram
    }

    /// Records a latency, clamping it into the trackable range so that no observation is ever dropped.
    public mutating func recordLatency(nanoseconds: UInt64) {
        _ = record(Swift.min(Swift.max(nanoseconds, 1), Self.latencyCeiling))
    }
}

/// The empty histogram `latency()` copies; immutable, so sharing it between threads is safe.
private let emptyLatencyHistogram = LatencyHistogram(
    lowestDiscernibleValue: 1, highestTrackableValue: LatencyHistogram.latencyCeiling,
    numberOfSignificantValueDigits: .three)
