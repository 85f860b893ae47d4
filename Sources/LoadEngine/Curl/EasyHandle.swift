internal import CCurl

/// One libcurl easy handle: a reusable request. Owned by one thread at a time.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer

    init() throws(CurlError) {
        try Curl.initialize()
        guard let handle = curl_easy_init() else {
            throw CurlError(operation: "curl_easy_init", code: -1, message: "out of memory")
        }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try Curl.check(cb_easy_setopt_long(raw, option, value), "curl_easy_setopt(\(option.rawValue))")
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go away after the call.
        try Curl.check(cb_easy_setopt_string(raw, option, value), "curl_easy_setopt(\(option.rawValue))")
    }

    func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(CurlError) {
        try Curl.check(cb_easy_setopt_ptr(raw, option, value), "curl_easy_setopt(\(option.rawValue))")
    }

    func set(_ option: CURLoption, callback: cb_data_callback) throws(CurlError) {
        try Curl.check(cb_easy_setopt_data_callback(raw, option, callback), "curl_easy_setopt(\(option.rawValue))")
    }

    /// The HTTP status of the last transfer, 0 if none was received.
    var responseCode: Int {
        var code = 0
        _ = cb_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Runs the transfer to completion on the calling thread.
    func perform(url: String) throws(CurlError) {
        try Curl.check(curl_easy_perform(raw), "GET \(url)")
    }
}
