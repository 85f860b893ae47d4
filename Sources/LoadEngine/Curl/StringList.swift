internal import CCurl

/// A libcurl `curl_slist`, for list options such as `CURLOPT_RESOLVE`. libcurl does not copy lists, so every easy
/// handle that uses one keeps a reference to it.
final class StringList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) {
        for item in items { raw = curl_slist_append(raw, item) }
    }

    deinit { curl_slist_free_all(raw) }
}

extension EasyHandle {
    func set(_ option: CURLoption, _ list: StringList) throws(CurlError) {
        try Curl.check(cb_easy_setopt_slist(raw, option, list.raw), "curl_easy_setopt(\(option.rawValue))")
    }
}
