internal import CCurl

/// One reusable request slot: an easy handle set up once for its target (URL, timeout, resolved addresses, no
/// signals) and the state of the request it is carrying. A flow or a closed connection keeps one for its whole
/// run, so its connection stays alive; the open model keeps a pool. Confined to the engine thread.
final class Transfer: TransferSink, RequestSlot {
    /// Index of the target in the shard.
    let target: Int
    /// The model's own index for the slot (flow or connection number).
    let slot: Int
    let easy: EasyHandle
    /// Kept alive as long as the handle refers to it.
    private let resolve: StringList?

    /// When the request was due (the send time for closed loops); latency counts from here.
    var dueAt: UInt64 = 0
    /// When it was handed to libcurl; service time counts from here.
    var sentAt: UInt64 = 0
    var bodyBytes = 0
    var instanceID: String?

    private static let instanceHeader = Array("x-instance-id".utf8)

    init(target: Int, slot: Int, settings: TransferSettings) throws(CurlError) {
        self.target = target
        self.slot = slot
        resolve = settings.resolve
        easy = try EasyHandle()
        super.init()
        let context = self.context
        try easy.set(CURLOPT_PRIVATE, context)
        try easy.set(CURLOPT_URL, settings.urls[target])
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_TIMEOUT_MS, settings.timeoutMilliseconds)
        try easy.set(CURLOPT_TCP_NODELAY, 1)
        // No proxy: an explicit empty proxy also spares libcurl from reading the *_proxy environment variables
        // for every request (getenv showed up in profiles of the closed loop).
        try easy.set(CURLOPT_PROXY, "")
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        try easy.set(CURLOPT_DNS_CACHE_TIMEOUT, -1)
        if let resolve { try easy.set(CURLOPT_RESOLVE, resolve) }
        try easy.set(CURLOPT_WRITEFUNCTION, callback: bodyCallback)
        try easy.set(CURLOPT_WRITEDATA, context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: headerCallback)
        try easy.set(CURLOPT_HEADERDATA, context)
    }

    /// Clears what the last response left.
    func prepare() {
        bodyBytes = 0
        instanceID = nil
    }

    override func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) { bodyBytes += bytes.count }

    override func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
        if let value = headerValue(line, named: Self.instanceHeader) { instanceID = value }
    }
}

/// What every transfer of a shard is set up with.
struct TransferSettings {
    /// URL per target index.
    let urls: [String]
    let timeoutMilliseconds: Int
    /// `CURLOPT_RESOLVE` entries for the shard's host names, resolved once; nil if every host is an address.
    let resolve: StringList?

    /// Makes a transfer for `target`.
    func make(target: Int, slot: Int) throws(CurlError) -> Transfer {
        try Transfer(target: target, slot: slot, settings: self)
    }
}
