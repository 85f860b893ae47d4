/// A message from a peer that could not be decoded, or whose values lie outside their ranges. Peers drop such
/// messages and count them; they never crash.
public struct WireError: Error, CustomStringConvertible, Equatable {
    /// What was wrong, in one line.
    public var reason: String
    /// True when the message decoded but a value lay outside its range (`WireLimits`).
    public var outOfRange = false

    /// A message that does not follow the protocol.
    public static func malformed(_ reason: String) -> WireError { WireError(reason: reason) }

    /// A well-formed message with a value outside its range.
    public static func outOfRange(_ reason: String) -> WireError { WireError(reason: reason, outOfRange: true) }

    /// One line: what kind of problem, and what.
    public var description: String { outOfRange ? "value out of range: \(reason)" : "malformed message: \(reason)" }
}
