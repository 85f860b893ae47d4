/// A libcurl call that failed, with the operation and libcurl's own explanation.
public struct CurlError: Error, CustomStringConvertible, Equatable {
    /// The libcurl function (and URL, where there is one) that failed.
    public var operation: String
    /// libcurl's numeric code (CURLcode or CURLMcode).
    public var code: Int
    /// libcurl's text for the code.
    public var message: String

    public var description: String { "\(operation) failed: \(message) (code \(code))" }
}
