internal import CCurl

/// Process-wide libcurl set-up and the helpers that turn libcurl result codes into `CurlError`s.
enum Curl {
    /// `curl_global_init` must run once before any other call and before threads start using libcurl;
    /// a lazily initialised static runs exactly once, thread-safely.
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Initialises libcurl if that has not happened yet.
    static func initialize() throws(CurlError) {
        guard initialized else { throw CurlError(operation: "curl_global_init", code: -1, message: "failed") }
    }

    static func check(_ code: CURLcode, _ operation: @autoclosure () -> String) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(operation: operation(), code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
    }

    static func check(_ code: CURLMcode, _ operation: @autoclosure () -> String) throws(CurlError) {
        guard code != CURLM_OK else { return }
        throw CurlError(operation: operation(), code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code)))
    }

    /// The library's version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.19 ...".
    static var version: String { String(cString: curl_version()) }
}
