// swift-tools-version: 6.1
import PackageDescription

/// ClusterBench: compare server clusters under real load.
/// C libraries (libzmq, libcurl, zlib) are reached only through the thin wrapper modules `Messaging`, `LoadEngine`,
/// `BlockingHTTP` and `HdrCodec`; no C type leaks past them. The module graph is drawn in the README.
let package = Package(
    name: "ClusterBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coordinator", targets: ["Coordinator"]),
        .executable(name: "agent", targets: ["Agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CEventLoop"),
        .target(name: "StrictJSON"),
        .target(name: "HdrCodec", dependencies: ["CZlib", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .target(name: "Wire", dependencies: ["HdrCodec"]),
        .target(name: "BenchConfig", dependencies: ["StrictJSON", "Wire"]),
        .target(name: "Planner", dependencies: ["BenchConfig", "Wire"]),
        .target(name: "BalancerMetrics"),
        .target(name: "BlockingHTTP", dependencies: ["CCurl"]),
        .target(name: "AWS", dependencies: ["COpenSSL", "BlockingHTTP"]),
        .target(name: "ChildProcesses"),
        .target(name: "Messaging", dependencies: ["CZeroMQ"]),
        .target(name: "LoadEngine", dependencies: ["CCurl", "CEventLoop", "Wire"]),
        .target(
            name: "Plugins",
            dependencies: [
                "AWS", "BalancerMetrics", "BenchConfig", "BlockingHTTP", "ChildProcesses", "StrictJSON",
            ]
        ),
        .target(name: "Report", dependencies: ["BalancerMetrics", "BenchConfig", "HdrCodec", "Wire"]),
        .executableTarget(
            name: "Coordinator",
            dependencies: [
                "BalancerMetrics", "BenchConfig", "ChildProcesses", "HdrCodec", "LoadEngine", "Messaging", "Planner",
                "Plugins", "Report", "StrictJSON", "Wire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "Agent",
            dependencies: [
                "LoadEngine", "Messaging", "Wire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ClusterBenchTests",
            dependencies: [
                "AWS", "BalancerMetrics", "BenchConfig", "BlockingHTTP", "ChildProcesses", "HdrCodec", "LoadEngine",
                "Messaging", "Planner", "Plugins", "Report", "StrictJSON", "Wire",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            exclude: [
                "Fixtures", "Support/test_server.py", "Support/hdrh_check.py", "Support/botocore_sign.py",
                "Support/report_check.py",
            ]
        ),
    ]
)
