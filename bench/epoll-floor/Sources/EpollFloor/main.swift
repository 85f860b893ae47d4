// A closed HTTP/1.1 loop of the engine's own design: C non-blocking keep-alive sockets in one level-triggered epoll
// set, one request serialized once and written per response, one reusable read buffer, the load engine's
// HTTP1ResponseParser per connection. The own-loop candidate of bench/engine-floors.sh.
//   epoll-floor HOST PORT CONNECTIONS SECONDS
// Prints the line of bench/multi_loop.c: mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req
import CEpoll
import Glibc

/// One keep-alive connection: its socket, its parser, how much of the request is written.
struct Connection {
    var descriptor: Int32 = -1
    var connected = false
    var written = 0
    var parser = HTTP1ResponseParser()
}

/// The loop and its connections; all on the one thread that calls `run`.
final class ClosedLoop {
    let address: sockaddr_in
    let request: UnsafeRawBufferPointer
    let epoll: Int32
    var connections: [Connection]
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
    /// The events epoll reports for each connection (0: not in the set).
    var watching: [UInt32]
    var ok = 0
    var errors = 0

    init(address: sockaddr_in, request: [UInt8], connections: Int) {
        self.address = address
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: request.count, alignment: 1)
        copy.copyBytes(from: request)
        self.request = UnsafeRawBufferPointer(copy)
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        self.connections = Array(repeating: Connection(), count: connections)
        watching = Array(repeating: 0, count: connections)
    }

    /// Opens every connection, then serves events until `seconds` have passed.
    func run(seconds: Double) {
        for index in connections.indices { open(index) }
        var events = [epoll_event](repeating: epoll_event(), count: 1024)
        let end = now() + seconds
        while now() < end {
            let count = epoll_wait(epoll, &events, Int32(events.count), 100)
            guard count > 0 else { continue }
            for event in events[0..<Int(count)] { handle(Int(event.data.u64), event.events) }
        }
    }

    private func handle(_ index: Int, _ flags: UInt32) {
        if flags & EPOLLOUT.rawValue != 0 {
            if !connections[index].connected {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(connections[index].descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                guard error == 0 else { return reopen(index) }
                connections[index].connected = true
            }
            send(index)
        }
        if flags & EPOLLIN.rawValue != 0 {
            receive(index)
        } else if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            reopen(index)
        }
    }

    /// Writes the rest of the request; waits for EPOLLOUT only when the socket takes less than all of it.
    private func send(_ index: Int) {
        let descriptor = connections[index].descriptor
        while connections[index].written < request.count {
            let start = connections[index].written
            let result = write(descriptor, request.baseAddress! + start, request.count - start)
            if result < 0 {
                if errno == EAGAIN { return watch(index, EPOLLIN.rawValue | EPOLLOUT.rawValue) }
                return reopen(index)
            }
            connections[index].written += result
        }
        connections[index].written = 0
        watch(index, EPOLLIN.rawValue)
    }

    private func receive(_ index: Int) {
        let result = read(connections[index].descriptor, buffer.baseAddress!, buffer.count)
        let step: HTTP1ParseStep
        if result > 0 {
            step = connections[index].parser.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<result]))
        } else if result == 0 {
            step = connections[index].parser.consumeEndOfStream()
        } else {
            if errno == EAGAIN { return }
            step = .failed(.truncated)
        }
        switch step {
        case .needMore:
            return
        case .complete(let consumed) where consumed == max(0, result):
            ok += 1
            guard connections[index].parser.keepAlive, result > 0 else { return reopen(index) }
            connections[index].parser.expectResponse(toHead: false)
            send(index)
        case .complete, .failed:
            errors += 1
            reopen(index)
        }
    }

    /// Sets the events epoll reports for the connection, with one epoll_ctl only when they change.
    private func watch(_ index: Int, _ flags: UInt32) {
        guard watching[index] != flags else { return }
        var event = epoll_event()
        event.events = flags
        event.data.u64 = UInt64(index)
        epoll_ctl(epoll, watching[index] == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, connections[index].descriptor, &event)
        watching[index] = flags
    }

    private func open(_ index: Int) {
        let descriptor = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var target = address
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        connections[index] = Connection(descriptor: descriptor)
        if result != 0 && errno != EINPROGRESS {
            complain("connect: \(String(cString: strerror(errno)))")
            exit(1)
        }
        watching[index] = 0
        watch(index, EPOLLOUT.rawValue)
    }

    private func reopen(_ index: Int) {
        close(connections[index].descriptor)
        open(index)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let port = UInt16(arguments[2]), let connections = Int(arguments[3]),
    let duration = Double(arguments[4])
else {
    complain("usage: epoll-floor HOST PORT CONNECTIONS SECONDS (HOST an IPv4 address)")
    exit(2)
}
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = port.bigEndian
guard inet_pton(AF_INET, arguments[1], &address.sin_addr) == 1 else {
    complain("not an IPv4 address: \(arguments[1])")
    exit(2)
}
let request = Array("GET / HTTP/1.1\r\nHost: \(arguments[1]):\(port)\r\n\r\n".utf8)
let loop = ClosedLoop(address: address, request: request, connections: connections)
let (start, cpuStart) = (now(), cpuSeconds())
loop.run(seconds: duration)
let (wall, cpu) = (now() - start, cpuSeconds() - cpuStart)
print(floorLine(mode: "epoll", connections: connections, ok: loop.ok, errors: loop.errors, wall: wall, cpu: cpu))
