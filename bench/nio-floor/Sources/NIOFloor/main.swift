// A closed HTTP/1.1 loop on SwiftNIO: C keep-alive connections on one event loop, each sending its next GET as soon
// as the response ends; counts responses for a fixed time. The SwiftNIO candidate of bench/engine-floors.sh.
//   nio-floor HOST PORT CONNECTIONS SECONDS
// Prints the line of bench/multi_loop.c: mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req
import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix

/// Responses and errors, counted on the event loop's thread only (every handler runs there, and the main thread reads
/// them through `submit`), hence unchecked.
final class Tally: @unchecked Sendable {
    var responses = 0
    var errors = 0
}

/// Sends a GET when the connection opens and again whenever a response ends.
final class ClosedLoopHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let head: HTTPRequestHead
    let tally: Tally

    init(head: HTTPRequestHead, tally: Tally) {
        self.head = head
        self.tally = tally
    }

    func channelActive(context: ChannelHandlerContext) { send(context) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        tally.responses += 1
        send(context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        tally.errors += 1
        context.close(promise: nil)
    }

    private func send(_ context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// Connects, lets the loop run for the duration, prints the counts of that window.
func run(host: String, port: Int, connections: Int, duration: Double) throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let tally = Tally()
    var headers = HTTPHeaders()
    headers.add(name: "Host", value: "\(host):\(port)")
    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: headers)
    let bootstrap = ClientBootstrap(group: group)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(ClosedLoopHandler(head: head, tally: tally))
            }
        }
    let loop = group.next()
    let channels = (0..<connections).map { _ in bootstrap.connect(host: host, port: port) }
    for channel in channels { _ = try channel.wait() }
    let (okBefore, errorsBefore) = try loop.submit { (tally.responses, tally.errors) }.wait()
    let (start, cpuStart) = (now(), cpuSeconds())
    usleep(UInt32(duration * 1e6))
    let (okAfter, errorsAfter) = try loop.submit { (tally.responses, tally.errors) }.wait()
    let (wall, cpu) = (now() - start, cpuSeconds() - cpuStart)
    let ok = okAfter - okBefore
    let errors = errorsAfter - errorsBefore
    print(floorLine(mode: "nio", connections: connections, ok: ok, errors: errors, wall: wall, cpu: cpu))
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let port = Int(arguments[2]), let connections = Int(arguments[3]),
    let duration = Double(arguments[4])
else {
    complain("usage: nio-floor HOST PORT CONNECTIONS SECONDS")
    exit(2)
}
do {
    try run(host: arguments[1], port: port, connections: connections, duration: duration)
    exit(0)
} catch {
    complain("\(error)")
    exit(1)
}
