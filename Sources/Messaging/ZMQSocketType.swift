internal import CZeroMQ

/// The ZeroMQ socket patterns ClusterBench uses.
///
/// The coordinator binds a ``router`` and each agent connects a ``dealer``; the others exist for
/// tests and simple pipelines.
public enum ZMQSocketType: Sendable, Hashable, CustomStringConvertible {
    /// Addresses peers by routing id; receives `[routingID, frames...]`.
    case router
    /// Asynchronous request side talking to a ``router``.
    case dealer
    /// Exclusive one-to-one pair.
    case pair
    /// Sends to a pipeline of ``pull`` sockets.
    case push
    /// Receives from ``push`` sockets.
    case pull
    /// Strict request/reply client.
    case req
    /// Strict request/reply server.
    case rep

    /// The libzmq constant.
    var cValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        }
    }

    /// The libzmq name, e.g. `ROUTER`, for logs and error text.
    public var description: String {
        switch self {
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .pair: "PAIR"
        case .push: "PUSH"
        case .pull: "PULL"
        case .req: "REQ"
        case .rep: "REP"
        }
    }
}
