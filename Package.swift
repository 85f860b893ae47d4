// swift-tools-version: 6.1
import PackageDescription

/// ClusterBench: compare server clusters under real load.
/// C libraries (libzmq, libcurl, libcrypto, zlib) are reached only through the thin wrapper modules
/// `Messaging`, `LoadEngine` and `BenchCore`; no C type leaks past them.
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
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "BenchCore",
            dependencies: ["COpenSSL", "CZlib", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(name: "BlockingHTTP", dependencies: ["CCurl"]),
        .target(name: "AWS", dependencies: ["COpenSSL", "BlockingHTTP"]),
        .target(name: "ChildProcesses"),
        .target(name: "Messaging", dependencies: ["CZeroMQ"]),
        .target(name: "LoadEngine", dependencies: ["CCurl", "BenchCore"]),
        .target(name: "Plugins", dependencies: ["BenchCore", "BlockingHTTP", "ChildProcesses"]),
        .target(name: "Report", dependencies: ["BenchCore"]),
        .executableTarget(
            name: "Coordinator",
            dependencies: [
                "BenchCore", "ChildProcesses", "Messaging", "Plugins", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "Agent",
            dependencies: [
                "BenchCore", "Messaging", "LoadEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ClusterBenchTests",
            dependencies: [
                "AWS", "BenchCore", "BlockingHTTP", "ChildProcesses", "Messaging", "LoadEngine", "Plugins", "Report",
            ],
            exclude: [
                "Fixtures", "Support/test_server.py", "Support/hdrh_check.py", "Support/botocore_sign.py",
            ]
        ),
    ]
)
