import Testing
@testable import BenchCore

@Suite struct FlowConfigTests {
    @Test func totalRequestsCountsOnlyRequestSteps() {
        let flow = FlowConfig(name: "B", steps: [.requests(500), .pause(.seconds(60)), .requests(1000)])
        #expect(flow.totalRequests == 1500)
    }
}
