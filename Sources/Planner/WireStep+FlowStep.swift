import BenchConfig
import Wire

extension WireStep {
    /// The wire form of a config step.
    public init(_ step: FlowStep) {
        switch step {
        case .requests(let count): self.init(requests: count)
        case .pause(let duration): self.init(pauseMilliseconds: Int(duration.wholeMilliseconds))
        }
    }
}
