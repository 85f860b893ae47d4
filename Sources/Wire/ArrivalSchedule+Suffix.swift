extension ArrivalSchedule {
    /// What is left of the schedule from `start` nanoseconds on, every rate multiplied by `factor`: a ramp cut in
    /// the middle starts at its rate of that moment. Used to hand a lost agent's share of an open load (factor
    /// 1 / N) to the agents that are left.
    public func suffix(from start: UInt64, scaledBy factor: Double) -> ArrivalSchedule {
        var result: [Segment] = []
        var segmentStart: UInt64 = 0
        for segment in segments {
            let segmentEnd = segmentStart + segment.durationNanoseconds
            defer { segmentStart = segmentEnd }
            guard segmentEnd > start else { continue }
            let cut = start > segmentStart ? start - segmentStart : 0
            let fraction = segment.durationNanoseconds == 0 ? 0 : Double(cut) / Double(segment.durationNanoseconds)
            let from = segment.fromRate + (segment.toRate - segment.fromRate) * fraction
            result.append(
                Segment(
                    fromRate: from * factor, toRate: segment.toRate * factor,
                    duration: .nanoseconds(Int64(segment.durationNanoseconds - cut))))
        }
        return ArrivalSchedule(segments: result)
    }
}
