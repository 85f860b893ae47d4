internal import CCurl

/// One libcurl easy handle set up for one exchange; freed with its header list when it goes away.
final class EasyRequest {
    private let raw: UnsafeMutableRawPointer
    private let label: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its detailed message here during the exchange, so it must not move: allocated, not an array.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// libcurl's process-wide set-up runs once, before the first handle (a lazily initialised static is
    /// thread-safe); `curl_global_init` counts its callers, so the load engine's own call does not conflict.
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    init(label: String) throws(HTTPClientError) {
        self.label = label
        guard Self.initialized, let handle = curl_easy_init() else {
            throw HTTPClientError(kind: .transport, request: label, message: "libcurl could not be set up", code: -1)
        }
        raw = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    func configure(_ request: HTTPRequest, exchange: Exchange) throws(HTTPClientError) {
        try check(cb_easy_setopt_string(raw, CURLOPT_URL, request.url))
        try check(cb_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1))
        try check(cb_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, milliseconds(request.timeout)))
        try check(cb_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(min(request.connectTimeout, request.timeout))))
        try check(cb_easy_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(cb_easy_setopt_ptr(raw, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        try check(cb_easy_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION, exchangeBodyCallback))
        try check(cb_easy_setopt_ptr(raw, CURLOPT_WRITEDATA, exchange.context))
        try check(cb_easy_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION, exchangeHeaderCallback))
        try check(cb_easy_setopt_ptr(raw, CURLOPT_HEADERDATA, exchange.context))
        try check(cb_easy_setopt_xferinfo_callback(raw, exchangeProgressCallback))
        try check(cb_easy_setopt_ptr(raw, CURLOPT_XFERINFODATA, exchange.context))
        try check(cb_easy_setopt_long(raw, CURLOPT_NOPROGRESS, 0))
        switch request.method {
        case "GET": break
        case "HEAD": try check(cb_easy_setopt_long(raw, CURLOPT_NOBODY, 1))
        default: try check(cb_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method))
        }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            try check(cb_easy_setopt_off_t(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            // COPYPOSTFIELDS copies the bytes, so the array may go away after the call.
            if request.body.isEmpty {
                try check(cb_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                try check(request.body.withUnsafeBytes { cb_easy_setopt_ptr(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) })
            }
        }
        // libcurl would add "Expect: 100-continue" to larger bodies and wait for it; servers here answer directly.
        var fields = request.headers.map { "\($0.name): \($0.value)" }
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) { fields.append("Expect:") }
        for field in fields { headerList = curl_slist_append(headerList, field) }
        try check(cb_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList))
    }

    /// Runs the exchange to its end on the calling thread.
    func perform() -> CURLcode { curl_easy_perform(raw) }

    /// The status of the last response received, 0 if none.
    var responseCode: Int {
        var code = 0
        _ = cb_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// libcurl's detailed message for a failed exchange, or its generic text for the code.
    func errorText(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        throw HTTPClientError(
            kind: .transport, request: label, message: "setting up the request: " + String(cString: curl_easy_strerror(code)),
            code: Int(code.rawValue))
    }

    private func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
