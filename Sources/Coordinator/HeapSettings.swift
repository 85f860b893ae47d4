#if canImport(Glibc)
import Glibc
#endif

/// How the coordinator's C heap keeps memory it frees.
///
/// Each report brings latency histograms of 264 KiB (33,792 counts) that live for a moment. With glibc's defaults
/// their freed pages went back to the kernel at once (the top of the heap past the trim threshold) and the next
/// report faulted them in again, zeroed: half of the coordinator's time at 50 agents (bench/coordinator-scale.sh,
/// docs/BENCHMARKS.md). Fixed thresholds keep such blocks in the heap for reuse; a run's heap stays a few MiB larger.
enum HeapSettings {
    /// glibc's `mallopt` parameters (malloc.h, which Swift's Glibc module does not import).
    private static let trimThreshold: Int32 = -1
    private static let mmapThreshold: Int32 = -3

    /// Serves blocks below 32 MiB from the heap and returns its free top to the kernel only past 64 MiB.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 64 << 20)
        #endif
    }
}
