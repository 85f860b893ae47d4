/// A provider could not do what was asked: one line that says what, and where to look.
///
/// Open for new codes in the shape of swift-service-lifecycle's `ServiceGroupError`: match on `code`, never on
/// the message.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case unknownProvider
            case invalidConfig
            case provisionFailed
            case unhealthy
            case cancelled
            case metricsUnavailable
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// No provider of that name is registered.
        public static let unknownProvider = Code(.unknownProvider)
        /// The config asks for something this provider cannot build (a name or path it cannot route).
        public static let invalidConfig = Code(.invalidConfig)
        /// Creating, deploying or starting something failed.
        public static let provisionFailed = Code(.provisionFailed)
        /// An instance (or the load balancer) did not become healthy in time, or died.
        public static let unhealthy = Code(.unhealthy)
        /// The run was cancelled while the provider waited.
        public static let cancelled = Code(.cancelled)
        /// The load balancer's metrics could not be read.
        public static let metricsUnavailable = Code(.metricsUnavailable)

        /// The code's name (`unhealthy`).
        public var description: String {
            switch kind {
            case .unknownProvider: "unknownProvider"
            case .invalidConfig: "invalidConfig"
            case .provisionFailed: "provisionFailed"
            case .unhealthy: "unhealthy"
            case .cancelled: "cancelled"
            case .metricsUnavailable: "metricsUnavailable"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The whole message, one line.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message: one line a person can act on.
    public var description: String { message }

    /// No provider called `name`; `registered` lists the ones there are.
    public static func unknownProvider(_ name: String, registered: [String]) -> ProviderError {
        let list = registered.isEmpty ? "none" : registered.joined(separator: ", ")
        return ProviderError(.unknownProvider, "unknown provider \"\(name)\" (registered providers: \(list))")
    }

    /// The config asks for something the provider cannot build.
    public static func invalidConfig(_ message: String) -> ProviderError {
        ProviderError(.invalidConfig, message)
    }

    /// Creating, deploying or starting something failed.
    public static func provisionFailed(_ message: String) -> ProviderError {
        ProviderError(.provisionFailed, message)
    }

    /// Something did not become healthy, or died.
    public static func unhealthy(_ message: String) -> ProviderError {
        ProviderError(.unhealthy, message)
    }

    /// The run was cancelled during `activity` ("waiting for instances to become healthy").
    public static func cancelled(_ activity: String) -> ProviderError {
        ProviderError(.cancelled, "cancelled while \(activity)")
    }

    /// The load balancer's metrics could not be read.
    public static func metricsUnavailable(_ message: String) -> ProviderError {
        ProviderError(.metricsUnavailable, message)
    }
}
