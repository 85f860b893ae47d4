import Testing
import Wire

@Suite struct ArrivalScheduleTests {
    @Test(arguments: [(200.0, 3.0, 600), (0.1, 30.0, 3), (3.0, 0.5, 2), (1_000_000.0, 1.0, 1_000_000), (0.5, 1.0, 1)])
    func constantRateHoldsRateTimesDurationArrivals(rate: Double, seconds: Double, expected: Int) {
        let schedule = ArrivalSchedule(
            segments: [.init(fromRate: rate, toRate: rate, duration: .nanoseconds(Int64(seconds * 1e9)))])
        #expect(schedule.arrivalCount == expected)
        #expect(schedule.offset(ofArrival: 0) == 0)
        #expect(schedule.offset(ofArrival: expected - 1) < schedule.durationNanoseconds)
    }

    @Test func stagesFollowOneAnother() {
        let schedule = ArrivalSchedule(segments: [
            .init(fromRate: 10, toRate: 10, duration: .seconds(1)),
            .init(fromRate: 100, toRate: 100, duration: .milliseconds(100)),
        ])
        #expect(schedule.arrivalCount == 20)
        #expect(schedule.offset(ofArrival: 9) == 900_000_000)
        #expect(schedule.offset(ofArrival: 10) == 1_000_000_000)
        #expect(schedule.offset(ofArrival: 19) == 1_090_000_000)
        #expect(schedule.averageRate == 20 / 1.1)
    }

    @Test func rampSpacesArrivalsByTheRisingRate() {
        // 0 to 100/s over 10 s: Λ(t) = 5 t², so arrival i is at sqrt(i / 5) s; 500 arrivals.
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 0, toRate: 100, duration: .seconds(10))])
        #expect(schedule.arrivalCount == 500)
        for i in [1, 5, 20, 125, 499] {
            let expected = (Double(i) / 5).squareRoot() * 1e9
            #expect(abs(Double(schedule.offset(ofArrival: i)) - expected) < 1000)
        }
        let gaps = (1..<500).map { schedule.offset(ofArrival: $0) - schedule.offset(ofArrival: $0 - 1) }
        #expect(zip(gaps, gaps.dropFirst()).allSatisfy { $0.0 >= $0.1 })
        // Down: 100 to 0 over 10 s holds the same count, gaps widening.
        let down = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 0, duration: .seconds(10))])
        #expect(down.arrivalCount == 500)
        // 100 t - 5 t² = 1 at t = 10.005005... ms.
        #expect(down.offset(ofArrival: 1) == 10_005_005)
        #expect(down.offset(ofArrival: 499) < 10_000_000_000)
    }

    @Test func agentsShareArrivalsExactly() {
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 7, toRate: 7, duration: .seconds(1))])
        #expect((0..<3).map { schedule.arrivalCount(agent: $0, of: 3) } == [3, 2, 2])
        #expect(schedule.arrivalCount(agent: 3, of: 3) == 0)
    }
}
