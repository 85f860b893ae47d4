import Foundation
import HdrCodec

/// A decoded protocol message. `frames()` and `init(frames:)` are exact inverses.
public enum WireMessage: Sendable, Equatable {
    case hello(Hello)
    case welcome(Welcome)
    case reject(Reject)
    case heartbeat
    case shard(ShardAssignment)
    case ready(ShardRef)
    case start(StartOrder)
    case report(ReportHeader, histograms: [TargetHistograms])
    case stop(ShardRef)
    case shutdown
    case started(ShardRef)
    case ack(Ack)
    case failed(ShardFailure)
    case time(TimeProbe)
    case timeReply(TimeReply)
    case log(AgentLogLine)

    /// The message as ZeroMQ frames: type, JSON payload, then any histogram frames.
    public func frames() -> [[UInt8]] {
        switch self {
        case .hello(let payload): return Self.frames(.hello, payload)
        case .welcome(let payload): return Self.frames(.welcome, payload)
        case .reject(let payload): return Self.frames(.reject, payload)
        case .heartbeat: return [Array(MessageType.heartbeat.rawValue.utf8), Array("{}".utf8)]
        case .shard(let payload): return Self.frames(.shard, payload)
        case .ready(let payload): return Self.frames(.ready, payload)
        case .start(let payload): return Self.frames(.start, payload)
        case .report(let header, let histograms):
            return Self.frames(.report, header)
                + histograms.flatMap { [HistogramCodec.encode($0.latency), HistogramCodec.encode($0.service)] }
        case .stop(let payload): return Self.frames(.stop, payload)
        case .shutdown: return [Array(MessageType.shutdown.rawValue.utf8), Array("{}".utf8)]
        case .started(let payload): return Self.frames(.started, payload)
        case .ack(let payload): return Self.frames(.ack, payload)
        case .failed(let payload): return Self.frames(.failed, payload)
        case .time(let payload): return Self.frames(.time, payload)
        case .timeReply(let payload): return Self.frames(.timeReply, payload)
        case .log(let payload): return Self.frames(.log, payload)
        }
    }

    /// Decodes frames strictly: the type must be known, the payload must decode, only REPORT may carry more
    /// frames, exactly two histograms per target (latency, then service time), and every value must lie in its
    /// range (`WireLimits`), so that nothing a peer sends can trap or overflow the receiver.
    public init(frames: [[UInt8]]) throws(WireError) {
        try self.init(unchecked: frames)
        try validate()
    }

    /// The type of this message.
    public var type: MessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .reject: .reject
        case .heartbeat: .heartbeat
        case .shard: .shard
        case .ready: .ready
        case .start: .start
        case .report: .report
        case .stop: .stop
        case .shutdown: .shutdown
        case .started: .started
        case .ack: .ack
        case .failed: .failed
        case .time: .time
        case .timeReply: .timeReply
        case .log: .log
        }
    }

    private init(unchecked frames: [[UInt8]]) throws(WireError) {
        guard frames.count >= 2 else { throw .malformed("expected at least 2 frames, got \(frames.count)") }
        guard let typeText = String(validating: frames[0], as: UTF8.self), let type = MessageType(rawValue: typeText)
        else { throw .malformed("unknown message type") }
        if type != .report, frames.count != 2 {
            throw .malformed("\(type.rawValue) takes 2 frames, got \(frames.count)")
        }
        let payload = frames[1]
        switch type {
        case .hello: self = .hello(try Self.decode(payload, type))
        case .welcome: self = .welcome(try Self.decode(payload, type))
        case .reject: self = .reject(try Self.decode(payload, type))
        case .heartbeat: self = .heartbeat
        case .shard: self = .shard(try Self.decode(payload, type))
        case .ready: self = .ready(try Self.decode(payload, type))
        case .start: self = .start(try Self.decode(payload, type))
        case .stop: self = .stop(try Self.decode(payload, type))
        case .shutdown: self = .shutdown
        case .started: self = .started(try Self.decode(payload, type))
        case .ack: self = .ack(try Self.decode(payload, type))
        case .failed: self = .failed(try Self.decode(payload, type))
        case .time: self = .time(try Self.decode(payload, type))
        case .timeReply: self = .timeReply(try Self.decode(payload, type))
        case .log: self = .log(try Self.decode(payload, type))
        case .report:
            let header: ReportHeader = try Self.decode(payload, type)
            guard frames.count == 2 + 2 * header.targets.count else {
                throw .malformed(
                    "REPORT with \(header.targets.count) targets carries \(frames.count - 2) histograms, "
                        + "expected \(2 * header.targets.count)")
            }
            var histograms: [TargetHistograms] = []
            for index in stride(from: 2, to: frames.count, by: 2) {
                histograms.append(
                    TargetHistograms(
                        latency: try Self.histogram(frames[index]),
                        service: try Self.histogram(frames[index + 1])))
            }
            self = .report(header, histograms: histograms)
        }
    }

    private static func frames(_ type: MessageType, _ payload: some Encodable) -> [[UInt8]] {
        // Encoding plain value types into JSON cannot fail.
        let data = (try? JSONEncoder().encode(payload)) ?? Data("{}".utf8)
        return [Array(type.rawValue.utf8), Array(data)]
    }

    private static func histogram(_ frame: [UInt8]) throws(WireError) -> LatencyHistogram {
        do {
            return try HistogramCodec.decode(frame)
        } catch {
            throw .malformed(error.reason)
        }
    }

    private static func decode<T: Decodable>(_ payload: [UInt8], _ type: MessageType) throws(WireError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch {
            throw .malformed("\(type.rawValue) payload does not decode: \(error)")
        }
    }
}
