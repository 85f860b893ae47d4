internal import CCurl

/// What libcurl's callbacks gather during one exchange: the header block of the latest response (a 1xx interim
/// response is replaced by the final one), the body up to its limit, and whether the caller cancelled.
/// Reached from the callbacks through the user-data pointer; only the thread running the exchange touches it.
final class Exchange {
    let limit: Int
    let isCancelled: @Sendable () -> Bool
    private(set) var finalHeaders: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    private(set) var overflowed = false
    private(set) var cancelled = false
    private var startsNewBlock = true

    init(limit: Int, isCancelled: @escaping @Sendable () -> Bool) {
        self.limit = limit
        self.isCancelled = isCancelled
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ context: UnsafeMutableRawPointer) -> Exchange {
        Unmanaged<Exchange>.fromOpaque(context).takeUnretainedValue()
    }

    /// Keeps body bytes; false (abort) once the body would pass its limit.
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard body.count + bytes.count <= limit else {
            overflowed = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One raw header line: a status line starts a new block, a blank line ends it, others are fields.
    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: line, as: UTF8.self).trimmingLineEnd()
        if text.isEmpty {
            startsNewBlock = true
            return
        }
        if startsNewBlock {
            finalHeaders = []
            startsNewBlock = false
            if text.hasPrefix("HTTP/") { return }
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let value = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        finalHeaders.append((String(text[..<colon]), String(value)))
    }

    /// Polled by libcurl's progress callback: true aborts the exchange.
    func shouldAbort() -> Bool {
        if isCancelled() { cancelled = true }
        return cancelled
    }
}

extension String {
    fileprivate func trimmingLineEnd() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\r\n" || last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}

let exchangeBodyCallback: cb_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return 0 }
    let accepted = buffer.withMemoryRebound(to: UInt8.self, capacity: size * count) { bytes in
        Exchange.from(context).receiveBody(UnsafeBufferPointer(start: bytes, count: size * count))
    }
    return accepted ? size * count : 0
}

let exchangeHeaderCallback: cb_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return 0 }
    buffer.withMemoryRebound(to: UInt8.self, capacity: size * count) { bytes in
        Exchange.from(context).receiveHeader(UnsafeBufferPointer(start: bytes, count: size * count))
    }
    return size * count
}

let exchangeProgressCallback: cb_xferinfo_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    return Exchange.from(context).shouldAbort() ? 1 : 0
}
