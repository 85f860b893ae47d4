internal import CCurl

/// A libcurl multi handle: many transfers driven by one thread. Only `wakeup()` may be called from other threads
/// (libcurl documents `curl_multi_wakeup` as thread-safe).
final class MultiHandle {
    let raw: UnsafeMutableRawPointer

    /// A multi handle whose connection cache holds at most `maximumConnections` connections and that never opens
    /// more than that many at once (`CURLMOPT_MAXCONNECTS` and `CURLMOPT_MAX_TOTAL_CONNECTIONS`). The engine passes
    /// the number of requests it can have in flight, so neither limit ever queues a request: they keep the cache
    /// from growing or churning beyond the load's own connection count.
    init(maximumConnections: Int) throws(CurlError) {
        try Curl.initialize()
        guard let handle = curl_multi_init() else {
            throw CurlError(operation: "curl_multi_init", code: -1, message: "out of memory")
        }
        raw = handle
        try Curl.check(cb_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, maximumConnections), "CURLMOPT_MAXCONNECTS")
        try Curl.check(
            cb_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, maximumConnections),
            "CURLMOPT_MAX_TOTAL_CONNECTIONS")
    }

    deinit { curl_multi_cleanup(raw) }

    func add(_ easy: EasyHandle) throws(CurlError) {
        try Curl.check(curl_multi_add_handle(raw, easy.raw), "curl_multi_add_handle")
    }

    func remove(_ easy: EasyHandle) {
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Moves every transfer forward without blocking; returns how many are still running.
    @discardableResult
    func perform() throws(CurlError) -> Int {
        var running: Int32 = 0
        try Curl.check(curl_multi_perform(raw, &running), "curl_multi_perform")
        return Int(running)
    }

    /// Waits until a transfer has activity, `extraDescriptor` (if not -1) is readable, `wakeup()` is called or the
    /// timeout passes (libcurl shortens it when a transfer needs attention sooner).
    func poll(timeoutMilliseconds: Int, extraDescriptor: Int32 = -1) throws(CurlError) {
        try Curl.check(
            cb_multi_poll_with_fd(raw, extraDescriptor, Int32(timeoutMilliseconds)), "curl_multi_poll")
    }

    /// Interrupts a `poll` in progress on the owning thread. Thread-safe.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }

    /// The next finished transfer: its easy handle pointer and its result (0 is success).
    func nextCompleted() -> (handle: UnsafeMutableRawPointer, result: Int, message: String)? {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(raw, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = cb_msg_result(message)
            return (handle, Int(code.rawValue), String(cString: curl_easy_strerror(code)))
        }
        return nil
    }
}
