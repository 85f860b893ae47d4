// swift-tools-version: 6.1
import PackageDescription

/// The engine's own floor for a closed HTTP/1.1 loop (bench/engine-floors.sh): non-blocking sockets, epoll and the
/// load engine's response parser, which `Sources/EpollFloor/HTTP1` links to (it imports only the C library).
let package = Package(
    name: "epoll-floor",
    targets: [
        .target(name: "CEpoll"),
        .executableTarget(name: "EpollFloor", dependencies: ["CEpoll"]),
    ]
)
