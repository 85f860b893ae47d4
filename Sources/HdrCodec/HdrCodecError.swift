/// Bytes that are not a histogram this codec can read (truncated, inconsistent, of another layout, too large once
/// inflated). Readers drop such input and count it; they never crash on it.
public struct HdrCodecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was wrong, in one line (`histogram: truncated in the counts`).
    public var reason: String

    /// Input that does not follow the HdrHistogram V2 format (or its compressed form).
    public static func malformed(_ reason: String) -> HdrCodecError { HdrCodecError(reason: reason) }

    public var description: String { "malformed \(reason)" }
}
