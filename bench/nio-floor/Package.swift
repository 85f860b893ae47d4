// swift-tools-version: 6.1
import PackageDescription

/// SwiftNIO's floor for a closed HTTP/1.1 loop (bench/engine-floors.sh): NIOPosix + NIOHTTP1 on one event loop.
/// A package of its own, so the main package does not depend on swift-nio.
let package = Package(
    name: "nio-floor",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", "2.101.2"..<"2.102.0")
    ],
    targets: [
        .executableTarget(
            name: "NIOFloor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        )
    ]
)
