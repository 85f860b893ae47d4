import BenchConfig
import Foundation
import LoadEngine
import Report
import Testing
import Wire

/// Refused connections, timeouts, resets and 5xx answers are each counted in their class, for every load model,
/// while a healthy target beside them goes on being served; and the report shows every class.
@Suite(.serialized) struct FaultTests {
    /// The faulty targets, in shard order after the healthy one, with the class each must land in.
    static let faults: [(path: String?, expectedError: String?, expectedStatus: String?)] = [
        ("/x", nil, "2xx"),
        ("/status/503", nil, "5xx"),
        (nil, "connect", nil),  // nothing listens on port 9 of 127.0.0.1: connection refused
        ("/slow/10000", "timeout", nil),  // slower than the 2 s request timeout
        ("/reset", "reset", nil),  // headers and part of the body, then RST
    ]

    enum Model: String, CaseIterable { case flows, closed, open }

    /// Each target's load: exactly `perTarget` requests per target.
    static func load(_ model: Model) -> (ShardLoad, perTarget: Int) {
        switch model {
        case .flows: (EngineHarness.flows([[.requests(2)], [.requests(1)]]), 3)
        case .closed: (.closed(ShardClosed(connections: 2, requests: 4)), 4)
        case .open: (EngineHarness.open(rate: 10, milliseconds: 500), 5)
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: Model.allCases, EngineChoice.tested)
    func everyFaultIsCountedInItsClassWhileTheRunGoesOn(model: Model, engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let (load, perTarget) = Self.load(model)
        let targets = Self.faults.map { fault in
            (fault.path.map { server.baseURL + $0 } ?? "http://127.0.0.1:9/", load)
        }
        // The request timeout is long enough for a loaded machine's test server to answer every healthy request.
        let sink = try EngineHarness.run(EngineHarness.shard(targets, timeoutMilliseconds: 2000, engine: engine))
        let totals = sink.totals()
        for (index, fault) in Self.faults.enumerated() {
            let counters = totals[index]
            #expect(counters?.sent == perTarget, "\(model) target \(index)")
            #expect(counters?.dropped == 0)
            #expect(counters?.errors == (fault.expectedError.map { [$0: perTarget] } ?? [:]), "\(model) \(fault)")
            #expect(counters?.statusClasses == (fault.expectedStatus.map { [$0: perTarget] } ?? [:]), "\(model) \(fault)")
            // Errors and timeouts are in both histograms too, at the time they were observed.
            #expect(sink.histograms()[index]?.latency.totalCount == UInt64(perTarget))
            #expect(sink.histograms()[index]?.service.totalCount == UInt64(perTarget))
        }
        // Timeouts are observed at the timeout, not before.
        #expect((sink.histograms()[3]?.service.min ?? 0) >= 1_990_000_000)

        // The report: merge as the coordinator does, then read report.json's fields and the terminal table.
        let workload: Workload =
            switch model {
            case .flows: .flows([FlowConfig(name: "A", steps: [.requests(2)]), FlowConfig(name: "B", steps: [.requests(1)])])
            case .closed: .closed(ClosedLoad(connections: 2, limit: .requests(4)))
            case .open: .open(OpenLoad(shape: .constant(rate: 10, duration: .milliseconds(500))))
            }
        var tallies = Self.faults.indices.map { ClusterTally(cluster: "c\($0)") }
        for report in sink.all {
            for (counters, pair) in zip(report.targets, report.histograms) { tallies[counters.target].add(counters, histograms: pair) }
        }
        let clusters = tallies.enumerated().map { index, tally in
            ClusterReport(
                name: tally.cluster, path: "/c\(index)", instanceType: "t2.micro", instanceCount: 1, workload: workload,
                tally: tally, durationSeconds: 1, loadBalancer: nil)
        }
        let report = RunReport(
            runID: "r", name: "faults", description: "", provider: "local", schedule: "parallel", startedAt: "",
            finishedAt: "", outcome: "completed", failure: nil, agents: [], clusters: clusters)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let entries = json?["clusters"] as? [[String: Any]] ?? []
        #expect(entries.count == 5)
        #expect(entries.map { $0["failed"] as? Int } == [0, perTarget, perTarget, perTarget, perTarget])
        #expect(entries[2]["errors"] as? [String: Int] == ["connect": perTarget])
        #expect(entries[3]["errors"] as? [String: Int] == ["timeout": perTarget])
        #expect(entries[4]["errors"] as? [String: Int] == ["reset": perTarget])
        #expect(entries[1]["statusClasses"] as? [String: Int] == ["5xx": perTarget])
        #expect((entries[0]["load"] as? [String: Any])?["model"] as? String == model.rawValue)
        let table = TextReport.render(report)
        for fragment in ["5xx \(perTarget)", "connect \(perTarget)", "timeout \(perTarget)", "reset \(perTarget)"] {
            #expect(table.contains("\(perTarget) (\(fragment))"), "table lacks \(fragment):\n\(table)")
        }
        #expect(table.contains("late") == (model == .open))
        #expect(table.contains("service p99 (ms)") == (model == .open))
    }
}
