/// A message from a peer that could not be decoded. Peers drop such messages and count them; they never crash.
public struct WireError: Error, CustomStringConvertible, Equatable {
    /// What was wrong, in one line.
    public var reason: String

    /// A message that does not follow the protocol.
    public static func malformed(_ reason: String) -> WireError { WireError(reason: reason) }

    public var description: String { "malformed message: \(reason)" }
}
