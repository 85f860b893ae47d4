import Foundation
import Glibc
import Synchronization

/// Writes latency histograms, one per interval, to an HdrHistogram interval log (`.hlog`) in the format Java's
/// `HistogramLogWriter` writes (log format version 1.3), so the standard tools (HistogramLogProcessor,
/// HistogramLogAnalyzer, hdrh's `HistogramLogReader`) read what a run recorded.
///
/// The file starts with a comment naming the units, the format version, `#[StartTime: ...]`, `#[BaseTime: ...]` and
/// the CSV legend; then `append` adds one line per interval:
///
///     Tag=<tag>,<start s>,<length s>,<max ms>,<base64 of the compressed V2 histogram>
///
/// (`Tag=<tag>,` only when a tag is given). Start is seconds after the base time and, like length, has 3 decimals;
/// max is the interval's highest value divided by `maxValueUnitRatio` (ns to ms), as Java's
/// `outputValueUnitRatio` does. Histograms are deflated at zlib level 9, as Java's writer does.
///
/// Each line reaches the file with one `write(2)` before `append` returns (no buffering in this process), so a crash
/// loses no interval already appended. Safe to use from any thread.
///
/// ```swift
/// let log = try IntervalLogWriter(path: run + "/agent-1.hlog", startTime: runStart)
/// try log.append(histogram: interval, start: 3.0, length: 1.0, tag: "cluster1")
/// try log.close()
/// ```
public final class IntervalLogWriter: Sendable {
    /// Histogram values are nanoseconds; the `Interval_Max` column is in milliseconds.
    public static let maxValueUnitRatio = 1_000_000.0
    /// The format version written in the header (Java's `HISTOGRAM_LOG_FORMAT_VERSION`).
    public static let formatVersion = "1.3"

    /// The log file.
    public let path: String
    /// When the recording started: the `#[StartTime: ...]` line.
    public let startTime: Date
    /// The instant interval starts are counted from: the `#[BaseTime: ...]` line.
    public let baseTime: Date
    /// The open file; nil once closed.
    private let file: Mutex<FileHandle?>

    /// Creates (or truncates) the log at `path` and writes its header.
    ///
    /// - Parameters:
    ///   - startTime: when the recording started (the run's start).
    ///   - baseTime: the instant that `append`'s `start` is counted from; nil means `startTime`.
    /// - Throws: `IntervalLogError` naming the file if it cannot be created or written.
    public init(path: String, startTime: Date, baseTime: Date? = nil) throws(IntervalLogError) {
        self.path = path
        self.startTime = startTime
        self.baseTime = baseTime ?? startTime
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw IntervalLogError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        file = Mutex(handle)
        try write(Self.header(startTime: startTime, baseTime: self.baseTime))
    }

    /// Appends one interval's histogram.
    ///
    /// - Parameters:
    ///   - histogram: the latencies recorded in the interval, in nanoseconds.
    ///   - start: seconds from `baseTime` to the interval's start (>= 0).
    ///   - length: the interval's length in seconds (>= 0).
    ///   - tag: names the series the line belongs to (e.g. the cluster); no commas, spaces or line breaks.
    /// - Throws: `IntervalLogError` for a bad tag or time, a closed log, or a failed write.
    public func append(
        histogram: LatencyHistogram, start: TimeInterval, length: TimeInterval, tag: String? = nil
    ) throws(IntervalLogError) {
        try append(
            encoded: HdrV2.encodeCompressed(histogram, compression: .best), max: histogram.max, start: start,
            length: length, tag: tag)
    }

    /// Appends one interval's histogram already in compressed V2 form (as an agent sent it: the coordinator writes
    /// the bytes it received instead of encoding again what it decoded); `max` is the histogram's highest value.
    /// The bytes are written as given: the caller has decoded them (`HistogramCodec.decode`) and knows they are
    /// well formed.
    public func append(
        encoded: [UInt8], max: UInt64, start: TimeInterval, length: TimeInterval, tag: String? = nil
    ) throws(IntervalLogError) {
        guard start.isFinite, start >= 0, length.isFinite, length >= 0 else {
            throw IntervalLogError(path: path, reason: "interval start \(start) s, length \(length) s (must be >= 0)")
        }
        if let tag {
            guard !tag.isEmpty, !tag.contains(where: { $0 == "," || $0.isWhitespace }) else {
                throw IntervalLogError(
                    path: path, reason: "tag \"\(tag)\" (empty, or holds a comma, space or line break)")
            }
        }
        let fields = String(format: "%.3f,%.3f,%.3f,", start, length, Double(max) / Self.maxValueUnitRatio)
        try write((tag.map { "Tag=\($0)," } ?? "") + fields + Data(encoded).base64EncodedString() + "\n")
    }

    /// Closes the file; later appends throw. Closing twice does nothing.
    public func close() throws(IntervalLogError) {
        let handle = file.withLock { file in
            defer { file = nil }
            return file
        }
        do {
            try handle?.close()
        } catch {
            throw IntervalLogError(path: path, reason: "close failed: \(error)")
        }
    }

    private func write(_ text: String) throws(IntervalLogError) {
        let failure: String? = file.withLock { file in
            guard let file else { return "already closed" }
            do {
                try file.write(contentsOf: Data(text.utf8))
                return nil
            } catch {
                return "write failed: \(error)"
            }
        }
        if let failure { throw IntervalLogError(path: path, reason: failure) }
    }

    /// The header Java's writer produces with `outputComment`, `outputLogFormatVersion`, `outputStartTime`,
    /// `outputBaseTime` and `outputLegend`. The date after the start time is in UTC, in Java's `Date.toString` form.
    static func header(startTime: Date, baseTime: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss 'UTC' yyyy"
        let start = String(format: "%.3f", startTime.timeIntervalSince1970)
        let base = String(format: "%.3f", baseTime.timeIntervalSince1970)
        let units = "values in nanoseconds; Interval_Max in milliseconds"
        let ratio = String(format: "%.1f", maxValueUnitRatio)
        return """
            #ClusterBench interval log: \(units) (max value unit ratio \(ratio))
            #[Histogram log format version \(formatVersion)]
            #[StartTime: \(start) (seconds since epoch), \(formatter.string(from: startTime))]
            #[BaseTime: \(base) (seconds since epoch)]
            "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"

            """
    }
}
