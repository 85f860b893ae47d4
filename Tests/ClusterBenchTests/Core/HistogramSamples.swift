import Foundation
import HdrCodec

/// Deterministic latency samples for the histogram tests.
enum HistogramSamples {
    /// Pseudo-random latencies from 20 µs to ~2 s (log-uniform), the same for the same seed.
    static func latencies(count: Int, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let exponent = Double(state >> 40) / Double(1 << 24) * 11.5  // e^0 ... e^11.5 µs
            return UInt64(20_000 * (1 + exp(exponent)))
        }
    }

    /// A latency histogram of `values`.
    static func histogram(_ values: [UInt64]) -> LatencyHistogram {
        var histogram = LatencyHistogram.latency()
        for value in values { histogram.recordLatency(nanoseconds: value) }
        return histogram
    }

    /// Bytes from lowercase hexadecimal.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// Lowercase hexadecimal of `bytes`, to compare with golden encodings.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Each recorded bucket as (highest equivalent value, count): equal lists mean equal counts arrays.
    static func buckets(_ histogram: LatencyHistogram) -> [[UInt64]] {
        histogram.recordedValues().map { [$0.value, $0.count] }
    }
}
