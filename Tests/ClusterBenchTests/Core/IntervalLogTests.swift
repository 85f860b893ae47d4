import Foundation
import HdrCodec
import Testing

/// The interval log writer and reader, without Python (HdrV2InteropTests reads the logs with hdrh).
@Suite struct IntervalLogTests {
    /// 2025-11-29 20:33:21.123 UTC.
    static let start = Date(timeIntervalSince1970: 1_764_448_401.123)

    /// Writes three intervals (tagged, tagged, untagged and empty) to a new log and returns its path.
    static func writeSampleLog(_ directory: String) throws -> String {
        let path = directory + "/agent.hlog"
        let log = try IntervalLogWriter(path: path, startTime: start)
        try log.append(histogram: HistogramSamples.histogram([1_000_000, 2_000_000, 2_500_000]), start: 0, length: 1,
                       tag: "cluster1")
        try log.append(histogram: HistogramSamples.histogram([3_000_000, 40_000_000]), start: 1.0005, length: 0.9995,
                       tag: "cluster2")
        try log.append(histogram: .latency(), start: 2, length: 1)
        try log.close()
        return path
    }

    @Test func headerAndLinesFollowJavasFormat() throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let lines = try String(contentsOfFile: try Self.writeSampleLog(directory), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.prefix(5)) == [
            "#ClusterBench interval log: values in nanoseconds; Interval_Max in milliseconds "
                + "(max value unit ratio 1000000.0)",
            "#[Histogram log format version 1.3]",
            "#[StartTime: 1764448401.123 (seconds since epoch), Sat Nov 29 20:33:21 UTC 2025]",
            "#[BaseTime: 1764448401.123 (seconds since epoch)]",
            "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"",
        ])
        #expect(lines.count == 9 && lines[8].isEmpty)
        #expect(lines[5].hasPrefix("Tag=cluster1,0.000,1.000,2.501,HISTFAAAA"))
        #expect(lines[6].hasPrefix("Tag=cluster2,1.000,1.000,40.010,HISTFAAAA"))
        #expect(lines[7].hasPrefix("2.000,1.000,0.000,HISTFAAAA"))
    }

    @Test func readerGivesBackEveryInterval() throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let log = try IntervalLog.read(path: try Self.writeSampleLog(directory))
        #expect(log.startTime == Self.start)
        #expect(log.baseTime == Self.start)
        #expect(log.intervals.map(\.tag) == ["cluster1", "cluster2", nil])
        #expect(log.intervals.map(\.start) == [0, 1, 2])
        #expect(log.intervals.map(\.length) == [1, 1, 1])
        #expect(log.intervals.map(\.max) == [2.501, 40.01, 0])
        #expect(log.intervals.map(\.histogram.totalCount) == [3, 2, 0])
        #expect(log.intervals[1].histogram == HistogramSamples.histogram([3_000_000, 40_000_000]))
    }

    /// The coordinator writes a histogram as the agent sent it (the wire's compressed V2, zlib's default level):
    /// the line reads back as the same histogram, with the same max column, as one the writer encoded itself.
    @Test func aLineOfReceivedBytesReadsBackAsTheSameHistogram() throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let histogram = HistogramSamples.histogram(HistogramSamples.latencies(count: 5_000, seed: 7))
        let path = directory + "/wire.hlog"
        let log = try IntervalLogWriter(path: path, startTime: Self.start)
        try log.append(histogram: histogram, start: 0, length: 1)
        let received = HistogramCodec.encode(histogram)
        try log.append(encoded: received, max: try HistogramCodec.decode(received).max, start: 1, length: 1)
        try log.close()
        let intervals = try IntervalLog.read(path: path).intervals
        #expect(intervals.count == 2)
        #expect(intervals[1].histogram == intervals[0].histogram)
        #expect(intervals[1].histogram.totalCount == 5_000)
        #expect(intervals[1].max == intervals[0].max && intervals[1].max > 0)
        let line = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last!
        #expect(line.hasSuffix(Data(received).base64EncodedString()))
    }

    @Test func baseTimeIsWrittenWhenGiven() throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let path = directory + "/base.hlog"
        let log = try IntervalLogWriter(path: path, startTime: Self.start, baseTime: Self.start.addingTimeInterval(60))
        try log.close()
        let read = try IntervalLog.read(path: path)
        #expect(read.baseTime == Date(timeIntervalSince1970: 1_764_448_461.123))
        #expect(read.intervals.isEmpty)
    }

    @Test(arguments: [
        ("a,b", 0.0, 1.0, "tag \"a,b\" (empty, or holds a comma, space or line break)"),
        ("a b", 0, 1, "tag \"a b\" (empty, or holds a comma, space or line break)"),
        ("a\nb", 0, 1, "tag \"a\nb\" (empty, or holds a comma, space or line break)"),
        ("", 0, 1, "tag \"\" (empty, or holds a comma, space or line break)"),
        ("ok", -1, 1, "interval start -1.0 s, length 1.0 s (must be >= 0)"),
        ("ok", 0, .nan, "interval start 0.0 s, length nan s (must be >= 0)"),
    ])
    func badAppendsAreRefusedAndWriteNothing(tag: String, start: Double, length: Double, reason: String) throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let path = directory + "/bad.hlog"
        let log = try IntervalLogWriter(path: path, startTime: Self.start)
        #expect(throws: IntervalLogError(path: path, reason: reason)) {
            try log.append(histogram: .latency(), start: start, length: length, tag: tag)
        }
        try log.close()
        #expect(try IntervalLog.read(path: path).intervals.isEmpty)
    }

    @Test func appendAfterCloseAndUnwritablePathsAreErrors() throws {
        let directory = TestSupport.makeTemporaryDirectory("hlog")
        defer { TestSupport.removeDirectory(directory) }
        let path = directory + "/closed.hlog"
        let log = try IntervalLogWriter(path: path, startTime: Self.start)
        try log.close()
        try log.close()
        #expect(throws: IntervalLogError(path: path, reason: "already closed")) {
            try log.append(histogram: .latency(), start: 0, length: 1)
        }
        let missing = directory + "/no/such/dir.hlog"
        #expect(throws: IntervalLogError(path: missing, reason: "cannot create: No such file or directory")) {
            try IntervalLogWriter(path: missing, startTime: Self.start)
        }
    }

    @Test(arguments: [
        ("0.000,1.000,2.000", "line 1: 3 fields (expected 4 after any tag)"),
        ("Tag=x", "line 1: a tag and nothing else"),
        ("a,1.000,2.000,HISTFAAAAA==", "line 1: start, length and max must be numbers"),
        ("0.000,1.000,2.000,@@@", "line 1: histogram is not base64"),
        ("#comment\n0.000,1.000,2.000,AAAAAA==", "line 2: histogram: bad cookie 0x00000000 (not HdrHistogram V2)"),
        ("#[StartTime: soon ]", "line 1: no seconds since epoch in the time line"),
    ])
    func malformedLogsAreRefusedWithTheLine(text: String, reason: String) {
        #expect(throws: IntervalLogError(path: "x.hlog", reason: reason)) {
            try IntervalLog(parsing: text, path: "x.hlog")
        }
    }
}
