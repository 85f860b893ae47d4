/// When the requests of an open load are due: segments whose rate changes linearly (constant when both ends are
/// equal), one after another.
///
/// Arrival `i` of a segment lies where the segment's cumulative count `Λ(t) = from·t + (to − from)·t²/(2·D)` reaches
/// `i`, so arrivals are evenly spaced at a constant rate (`i / rate`) and follow the rate along a ramp. A segment
/// holds the arrivals with `Λ(t) < Λ(D)`: `⌈(from + to) / 2 · D⌉` of them, exactly `rate × duration` when that is a
/// whole number. Arrivals are numbered across all segments from 0; agent k of N sends those with `i mod N = k`.
public struct ArrivalSchedule: Codable, Sendable, Equatable {
    /// One stretch of the schedule.
    public struct Segment: Codable, Sendable, Equatable {
        /// Requests per second at the start of the segment.
        public var fromRate: Double
        /// Requests per second at its end.
        public var toRate: Double
        /// Its length.
        public var durationNanoseconds: UInt64

        /// A segment from a `Duration`.
        public init(fromRate: Double, toRate: Double, duration: Duration) {
            self.fromRate = fromRate
            self.toRate = toRate
            durationNanoseconds = UInt64(max(0, duration.wholeNanoseconds))
        }

        /// How many arrivals the segment holds.
        public var arrivalCount: Int {
            let area = (fromRate + toRate) / 2 * Double(durationNanoseconds) / 1e9
            guard area.isFinite, area > 0 else { return 0 }
            // Rates and durations such as 0.1/s for 30 s give 3.0000000000000004: a whole number up to rounding
            // error counts as that whole number.
            let nearest = area.rounded()
            return Int(abs(area - nearest) <= 1e-9 * max(1, area) ? nearest : area.rounded(.up))
        }

        /// Nanoseconds from the segment's start to its arrival `index`.
        public func offset(ofArrival index: Int) -> UInt64 {
            guard index > 0 else { return 0 }
            let j = Double(index)
            let seconds: Double
            if fromRate == toRate {
                seconds = j / fromRate
            } else {
                // Λ(t) = j solved for t in a form without cancellation, valid for ramps up and down.
                let slope = (toRate - fromRate) / (Double(durationNanoseconds) / 1e9)
                seconds = 2 * j / (fromRate + (fromRate * fromRate + 2 * slope * j).squareRoot())
            }
            return min(UInt64((seconds * 1e9).rounded()), durationNanoseconds)
        }
    }

    /// The segments, in order.
    public var segments: [Segment] {
        didSet { index() }
    }
    private var firstArrival: [Int] = []
    private var startNanoseconds: [UInt64] = []

    /// A schedule of these segments.
    public init(segments: [Segment]) {
        self.segments = segments
        index()
    }

    private mutating func index() {
        firstArrival = []
        startNanoseconds = []
        var arrivals = 0
        var start: UInt64 = 0
        for segment in segments {
            firstArrival.append(arrivals)
            startNanoseconds.append(start)
            arrivals += segment.arrivalCount
            start += segment.durationNanoseconds
        }
        arrivalCount = arrivals
        durationNanoseconds = start
    }

    /// Arrivals in the whole schedule.
    public private(set) var arrivalCount = 0
    /// Length of the whole schedule.
    public private(set) var durationNanoseconds: UInt64 = 0

    /// Scheduled arrivals per second over the whole schedule.
    public var averageRate: Double {
        durationNanoseconds == 0 ? 0 : Double(arrivalCount) / (Double(durationNanoseconds) / 1e9)
    }

    /// Arrivals that agent `agent` of `agents` sends: those numbered `agent`, `agent + agents`, ...
    public func arrivalCount(agent: Int, of agents: Int) -> Int {
        guard agents > 0, agent >= 0, agent < agents else { return 0 }
        return arrivalCount / agents + (agent < arrivalCount % agents ? 1 : 0)
    }

    /// Nanoseconds from the schedule's start to arrival `index` (0 ..< `arrivalCount`).
    public func offset(ofArrival index: Int) -> UInt64 {
        // The last segment whose first arrival is at or before `index` and that holds arrivals.
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if firstArrival[middle] <= index { low = middle } else { high = middle - 1 }
        }
        while low > 0, segments[low].arrivalCount == 0 || firstArrival[low] > index { low -= 1 }
        return startNanoseconds[low] + segments[low].offset(ofArrival: index - firstArrival[low])
    }

    private enum CodingKeys: String, CodingKey { case segments }

    /// Decodes the segments and rebuilds the index.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(segments: try container.decode([Segment].self, forKey: .segments))
    }

    /// Encodes the segments only; the index is derived.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(segments, forKey: .segments)
    }

    /// Equal when the segments are.
    public static func == (lhs: ArrivalSchedule, rhs: ArrivalSchedule) -> Bool { lhs.segments == rhs.segments }
}
