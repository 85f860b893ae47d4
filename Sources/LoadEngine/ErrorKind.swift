internal import CCurl

/// The kinds of transport failure reported per target.
public enum ErrorKind: String, Sendable, CaseIterable {
    /// Connection refused or unreachable, name not resolved.
    case connect
    /// No complete response within the request timeout.
    case timeout
    /// The connection broke while sending or receiving.
    case reset
    /// TLS handshake or certificate failure.
    case tls
    /// Aborted because the shard was stopped before the response arrived.
    case aborted
    /// Anything else libcurl reported.
    case other

    /// Position in `allCases`, for counting in a plain array.
    var index: Int {
        switch self {
        case .connect: 0
        case .timeout: 1
        case .reset: 2
        case .tls: 3
        case .aborted: 4
        case .other: 5
        }
    }

    /// Classifies a libcurl result code.
    init(curlCode: Int) {
        switch UInt32(truncatingIfNeeded: curlCode) {
        case CURLE_COULDNT_CONNECT.rawValue, CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue:
            self = .connect
        case CURLE_OPERATION_TIMEDOUT.rawValue:
            self = .timeout
        case CURLE_SEND_ERROR.rawValue, CURLE_RECV_ERROR.rawValue, CURLE_GOT_NOTHING.rawValue,
            CURLE_PARTIAL_FILE.rawValue:
            self = .reset
        case CURLE_SSL_CONNECT_ERROR.rawValue, CURLE_PEER_FAILED_VERIFICATION.rawValue,
            CURLE_SSL_CERTPROBLEM.rawValue, CURLE_SSL_CIPHER.rawValue:
            self = .tls
        default:
            self = .other
        }
    }
}
