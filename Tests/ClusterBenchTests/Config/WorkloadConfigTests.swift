import Foundation
import Testing
import Wire

@testable import BenchConfig

/// The `model`, `closed` and `open` keys of `load` and of `clusters[i].load`.
@Suite struct WorkloadConfigTests {
    let loader = ConfigLoader(knownProviders: ["local"])

    /// A config whose `load` members are `load` and whose second cluster has `override` as its `load`, if given.
    static func config(load: String, override: String? = nil) -> String {
        let second = override.map { #", "load": \#($0)"# } ?? ""
        return """
            {"name": "w", "provider": {"name": "local"},
             "clusters": [{"name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 1},
                          {"name": "c2", "path": "/c2", "instanceType": "t2.micro", "count": 1\(second)}],
             "load": {\(load)}}
            """
    }

    func failure(_ text: String) -> String? {
        do {
            _ = try loader.parse(text, file: "x.json")
            return nil
        } catch {
            return String(error.description.dropFirst("x.json: ".count))
        }
    }

    @Test func engineIsAutoUnlessChosenAndReachesEveryShard() throws {
        let flows = #""flows": [{"name": "A", "steps": [{"requests": 4}]}]"#
        #expect(try loader.parse(Self.config(load: flows), file: "x.json").load.engine == .auto)
        for engine in EngineChoice.allCases {
            let config = try loader.parse(Self.config(load: flows + #", "engine": "\#(engine.rawValue)""#), file: "x.json")
            #expect(config.load.engine == engine)
            // The resolved config names a chosen engine and reads back the same.
            #expect(try loader.parse(config.json().serialized(pretty: true), file: "r.json") == config)
        }
        #expect(failure(Self.config(load: flows + #", "engine": 1"#)) == #"$.load.engine: expected "auto", "fast" or "curl", found integer 1"#)
    }

    @Test func closedWithRequestsOrDuration() throws {
        let byCount = try loader.parse(
            Self.config(load: #""model": "closed", "closed": {"connections": 8, "requests": 500}"#), file: "x.json")
        #expect(byCount.load.workload == .closed(ClosedLoad(connections: 8, limit: .requests(500))))
        #expect(byCount.load.workload.requestCount == 500)
        let byTime = try loader.parse(
            Self.config(load: #""model": "closed", "closed": {"duration": "30s", "connections": 2}"#), file: "x.json")
        #expect(byTime.load.workload == .closed(ClosedLoad(connections: 2, limit: .duration(.seconds(30)))))
        #expect(byTime.load.workload.requestCount == nil)
    }

    @Test func openShapesAndTheirArrivalCounts() throws {
        let constant = try loader.parse(
            Self.config(load: #""model": "open", "open": {"rate": 200, "duration": "3s"}"#), file: "x.json")
        #expect(constant.load.workload == .open(OpenLoad(shape: .constant(rate: 200, duration: .seconds(3)))))
        #expect(constant.load.workload.requestCount == 600)
        let stages = try loader.parse(
            Self.config(
                load: #""model": "open", "open": {"stages": [{"rate": 10, "duration": "2s"}, {"rate": 0.5, "duration": "4s"}], "maxInFlight": 7}"#
            ), file: "x.json")
        #expect(
            stages.load.workload
                == .open(
                    OpenLoad(
                        shape: .stages([
                            RateStage(rate: 10, duration: .seconds(2)), RateStage(rate: 0.5, duration: .seconds(4)),
                        ]), maxInFlight: 7)))
        #expect(stages.load.workload.requestCount == 22)
        let ramp = try loader.parse(
            Self.config(load: #""model": "open", "open": {"ramp": {"from": 0, "to": 100, "duration": "10s"}}"#),
            file: "x.json")
        #expect(ramp.load.workload == .open(OpenLoad(shape: .ramp(from: 0, to: 100, duration: .seconds(10)))))
        #expect(ramp.load.workload.requestCount == 500)
    }

    @Test func openConnectionsOpenedBeforeTheStart() throws {
        let config = try loader.parse(
            Self.config(load: #""model": "open", "open": {"rate": 1000, "duration": "60s", "maxInFlight": 3000, "connections": 2100}"#),
            file: "x.json")
        let expected = OpenLoad(shape: .constant(rate: 1000, duration: .seconds(60)), maxInFlight: 3000, connections: 2100)
        #expect(config.load.workload == .open(expected))
        #expect(config.load.workload.summary == "open, 1000 req/s for 1m (60000 requests, 2100 connections opened first)")
        let none = try loader.parse(Self.config(load: #""model": "open", "open": {"rate": 1, "duration": "1s"}"#), file: "x.json")
        guard case .open(let open) = none.load.workload else { return #expect(Bool(false), "not open") }
        #expect(open.connections == 0)
        #expect(none.load.workload.summary == "open, 1 req/s for 1s (1 requests)")
    }

    @Test func curlEngineRefusesAClustersConnectionsToo() {
        #expect(
            failure(
                Self.config(
                    load: #""flows": [{"name": "A", "steps": [{"requests": 1}]}], "engine": "curl""#,
                    override: #"{"model": "open", "open": {"rate": 10, "duration": "1s", "connections": 3}}"#))
                == #"$.clusters[1].load.open.connections: connections opened before the start need the fast engine, but load.engine is "curl" (libcurl opens them as requests need them): remove one of the two"#)
    }

    @Test func clusterOverrideReplacesTheLoadSectionsWorkload() throws {
        let config = try loader.parse(
            Self.config(
                load: #""flows": [{"name": "A", "steps": [{"requests": 5}]}]"#,
                override: #"{"model": "open", "open": {"rate": 10, "duration": "1s"}}"#), file: "x.json")
        #expect(config.workload(for: config.clusters[0]) == config.load.workload)
        #expect(config.workload(for: config.clusters[1]).model == .open)
        #expect(config.workload(for: config.clusters[1]).requestCount == 10)
    }

    @Test func everyShapeRoundTripsThroughTheResolvedJSON() throws {
        let workloads: [Workload] = [
            .closed(ClosedLoad(connections: 10_000, limit: .duration(.milliseconds(1500)))),
            .closed(ClosedLoad(connections: 1, limit: .requests(100_000_000))),
            .open(OpenLoad(shape: .constant(rate: 0.25, duration: .seconds(86400)), maxInFlight: 1)),
            .open(OpenLoad(shape: .stages([RateStage(rate: 1_000_000, duration: .seconds(1))]), maxInFlight: 100_000)),
            .open(OpenLoad(shape: .ramp(from: 100, to: 0, duration: .seconds(5)))),
            .open(OpenLoad(shape: .constant(rate: 1000, duration: .seconds(60)), maxInFlight: 10_000, connections: 2100)),
        ]
        for workload in workloads {
            let config = ExperimentConfig(
                name: "rt", description: "", provider: ProviderConfig(name: "local"),
                clusters: [
                    ClusterConfig(name: "a", path: "/a", instanceType: "t2.micro", count: 1),
                    ClusterConfig(name: "b", path: "/b", instanceType: "t2.micro", count: 1, load: workload),
                ],
                load: LoadConfig(workload: workload), agents: AgentsConfig())
            #expect(try loader.parse(config.json().serialized(pretty: true), file: "rt.json") == config)
        }
    }

    @Test(
        arguments: [
            (#""model": "closed""#, #"$.load: missing required key "closed""#),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s"}, "flows": []"#,
                #"$.load.flows: expected at least one flow, found an empty array"#
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s"}, "closed": {"connections": 1, "requests": 1}"#,
                #"$.load.closed: key "closed" needs "model": "closed"; the model here is "open""#
            ),
            (#""model": 3, "flows": []"#, #"$.load.model: expected "flows", "closed" or "open", found integer 3"#),
            (
                #""model": "closed", "closed": {"requests": 10}"#,
                #"$.load.closed: missing required key "connections""#
            ),
            (
                #""model": "closed", "closed": {"connections": 0, "requests": 10}"#,
                "$.load.closed.connections: expected an integer >= 1, found 0"
            ),
            (
                #""model": "closed", "closed": {"connections": 1, "duration": "0s"}"#,
                #"$.load.closed.duration: expected a duration > 0s, found "0s""#
            ),
            (
                #""model": "closed", "closed": {"connections": 1, "request": 5}"#,
                #"$.load.closed.request: unknown key "request"; expected one of: connections, duration, requests (did you mean "requests"?)"#
            ),
            (#""model": "open", "open": {"rate": 5}"#, #"$.load.open: missing required key "duration""#),
            (#""model": "open", "open": {"duration": "1s"}"#, #"$.load.open: missing required key "rate""#),
            (
                #""model": "open", "open": {"rate": "5", "duration": "1s"}"#,
                #"$.load.open.rate: expected a number, found string "5""#
            ),
            (
                #""model": "open", "open": {"rate": 2000000, "duration": "1s"}"#,
                "$.load.open.rate: expected a number <= 1000000, found 2000000"
            ),
            (
                #""model": "open", "open": {"rate": 5, "duration": "25h"}"#,
                #"$.load.open.duration: expected a duration <= 24h, found "25h""#
            ),
            (
                #""model": "open", "open": {"ramp": {"from": 1, "to": 2, "duration": "1s"}, "duration": "1s"}"#,
                #"$.load.open.duration: expected only one of "rate" (with "duration"), "stages" and "ramp", found "duration" after "ramp""#
            ),
            (#""model": "open", "open": {"stages": []}"#, "$.load.open.stages: expected at least one stage, found an empty array"),
            (
                #""model": "open", "open": {"stages": [{"rate": 1}]}"#,
                #"$.load.open.stages[0]: missing required key "duration""#
            ),
            (
                #""model": "open", "open": {"ramp": {"from": -1, "to": 2, "duration": "1s"}}"#,
                "$.load.open.ramp.from: expected a number >= 0, found -1"
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s", "maxInFlight": 0}"#,
                "$.load.open.maxInFlight: expected an integer >= 1, found 0"
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s", "connections": -1}"#,
                "$.load.open.connections: expected an integer >= 0, found -1"
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s", "connections": 11, "maxInFlight": 10}"#,
                "$.load.open.connections: expected at most maxInFlight (10) connections, found 11: every connection "
                    + "carries one request at a time, so more could never be used"
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s", "connections": 1001}"#,
                "$.load.open.connections: expected at most maxInFlight (1000) connections, found 1001: every connection "
                    + "carries one request at a time, so more could never be used"
            ),
            (
                #""model": "open", "open": {"rate": 1, "duration": "1s", "connections": 5}, "engine": "curl""#,
                #"$.load.open.connections: connections opened before the start need the fast engine, but load.engine is "curl" (libcurl opens them as requests need them): remove one of the two"#
            ),
        ]
    )
    func badWorkloadsGiveExactMessages(load: String, expected: String) {
        #expect(failure(Self.config(load: load)) == expected)
    }

    @Test func badOverrideIsReportedUnderItsCluster() {
        #expect(
            failure(Self.config(load: #""flows": [{"name": "A", "steps": [{"requests": 1}]}]"#, override: #"{"model": "closed"}"#))
                == #"$.clusters[1].load: missing required key "closed""#)
    }
}
