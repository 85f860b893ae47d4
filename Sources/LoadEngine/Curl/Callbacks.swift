internal import CCurl

/// Receives what libcurl hands to the body and header callbacks of one transfer.
protocol TransferSink: AnyObject {
    func receiveBody(byteCount: Int)
    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>)
}

/// Body callback: counts the bytes and discards them. Context arrives through the user-data pointer.
let bodyCallback: cb_data_callback = { _, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as! TransferSink
    sink.receiveBody(byteCount: size * count)
    return size * count
}

/// Header callback: hands each header line to the sink.
let headerCallback: cb_data_callback = { buffer, size, count, context in
    guard let context, let buffer else { return 0 }
    let sink = Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as! TransferSink
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
    while end > start, [UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " ")].contains(line[end - 1]) { end -= 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
}
