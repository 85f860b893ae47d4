internal import CCurl

/// Receives what libcurl hands to the body and header callbacks of one transfer. A class rather than a protocol:
/// the callbacks run for every header line of every response, and recovering a class reference from the user-data
/// pointer costs nothing, where casting to a protocol existential is a dynamic cast each time.
class TransferSink {
    /// Body bytes arrived (and are discarded unless a subclass keeps them).
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) {}
    /// One raw header line, with its CRLF.
    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {}

    /// The pointer to hand libcurl as WRITEDATA/HEADERDATA; the sink must outlive the transfer.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// Body callback: hands the bytes to the sink. Context arrives through the user-data pointer.
let bodyCallback: cb_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    buffer.withMemoryRebound(to: UInt8.self, capacity: size * count) { bytes in
        sink.receiveBody(UnsafeBufferPointer(start: bytes, count: size * count))
    }
    return size * count
}

/// Header callback: hands each header line to the sink.
let headerCallback: cb_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    buffer.withMemoryRebound(to: UInt8.self, capacity: size * count) { bytes in
        sink.receiveHeader(UnsafeBufferPointer(start: bytes, count: size * count))
    }
    return size * count
}

/// Reads `Name: value` from a raw header line if its name equals `lowercasedName` (ASCII, case-insensitive).
func headerValue(_ line: UnsafeBufferPointer<UInt8>, named lowercasedName: [UInt8]) -> String? {
    guard line.count > lowercasedName.count, line[lowercasedName.count] == UInt8(ascii: ":") else { return nil }
    for index in 0..<lowercasedName.count where line[index] | 0x20 != lowercasedName[index] | 0x20 {
        return nil
    }
    var start = lowercasedName.count + 1
    var end = line.count
    while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
    while end > start, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: "\n")
        || line[end - 1] == UInt8(ascii: " ")
    {
        end -= 1
    }
    return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
}
