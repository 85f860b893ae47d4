import Testing

@testable import BenchConfig

/// Durations as configs write them.
@Suite struct DurationConfigTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("60s", .seconds(60)),
        ("1.5s", .milliseconds(1500)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3600)),
        ("500us", .microseconds(500)),
        ("10ns", .nanoseconds(10)),
        ("0s", .zero),
        ("0.5s", .milliseconds(500)),
        ("0.25m", .seconds(15)),
        ("1.000000001s", .nanoseconds(1_000_000_001)),
        ("007s", .seconds(7)),
        ("24h", .seconds(86400)),
    ])
    func parsesGoodText(text: String, expected: Duration) {
        #expect(Duration(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "s", "60", "-5s", "+5s", " 5s", "5s ", "5 s", "60 sec", "5sec", "5S", "1e3ms", ".5s", "5.s", "1,5s",
        "5d", "5ms5", "1234567890123456s", "∞s", "５s",
    ])
    func refusesBadText(text: String) {
        #expect(Duration(parsing: text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(60), "1m"),
        (.seconds(3600), "1h"),
        (.seconds(86400), "24h"),
        (.seconds(90), "90s"),
        (.seconds(10), "10s"),
        (.milliseconds(1500), "1.5s"),
        (.milliseconds(500), "500ms"),
        (.microseconds(1500), "1.5ms"),
        (.microseconds(250), "250us"),
        (.nanoseconds(7), "7ns"),
        (.nanoseconds(1_000_000_001), "1.000000001s"),
        (.zero, "0s"),
        (.seconds(-2), "-2s"),
    ])
    func formatsConfigText(duration: Duration, expected: String) {
        #expect(duration.configText == expected)
    }

    @Test(arguments: [
        Duration.seconds(1), .milliseconds(1234), .nanoseconds(123_456_789_012), .seconds(7201),
        Duration(secondsComponent: 0, attosecondsComponent: 1), Duration(secondsComponent: 3, attosecondsComponent: 5),
    ])
    func configTextReadsBackExactly(duration: Duration) {
        #expect(Duration(parsing: duration.configText) == duration)
    }

    @Test func secondsAsDouble() {
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(Duration.seconds(60).seconds == 60)
        #expect(Duration.microseconds(250).seconds == 0.00025)
    }
}
