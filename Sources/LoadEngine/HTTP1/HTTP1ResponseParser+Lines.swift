extension HTTP1ResponseParser {
    /// Handles one whole line (without its LF; a CR before the LF is dropped here) in the current phase.
    mutating func takeLine(_ raw: UnsafeRawBufferPointer) {
        let line = HTTP1Bytes.droppingCR(raw)
        switch phase {
        case .statusLine, .headers, .trailers:
            guard raw.count + 1 <= maximumHeaderBytes - headBytes else {
                _ = fail(.headersTooLarge)
                return
            }
            headBytes += raw.count + 1
            switch phase {
            case .statusLine: takeStatusLine(line)
            case .headers: line.isEmpty ? endHead() : takeHeader(line)
            default: takeTrailer(line)
            }
        case .chunkSize, .chunkDataEnd:
            guard raw.count + 1 <= maximumHeaderBytes else {
                _ = fail(.badChunk)
                return
            }
            if phase == .chunkSize {
                takeChunkSize(line)
            } else if line.isEmpty {
                phase = .chunkSize
            } else {
                _ = fail(.badChunk)
            }
        default:
            preconditionFailure("takeLine in phase \(phase)")
        }
    }

    /// Lengths past the limit are kept as limit + 1: too large either way, and no overflow.
    private var lengthCap: Int { min(maximumBodyBytes, Int.max - 1) + 1 }

    /// `HTTP/1.x SSS[ reason]`.
    private mutating func takeStatusLine(_ line: UnsafeRawBufferPointer) {
        let count = line.count
        guard count >= 12, HTTP1Bytes.startsWithHTTP1(line), HTTP1Bytes.isDigit(line[7]), line[8] == HTTP1Bytes.space,
            count == 12 || line[12] == HTTP1Bytes.space, HTTP1Bytes.hasNoCRorNUL(line)
        else {
            _ = fail(.malformedStatusLine)
            return
        }
        var code = 0
        for offset in 9..<12 {
            guard HTTP1Bytes.isDigit(line[offset]) else {
                _ = fail(.malformedStatusLine)
                return
            }
            code = code * 10 + Int(line[offset] &- HTTP1Bytes.zero)
        }
        guard code >= 100 else {
            _ = fail(.malformedStatusLine)
            return
        }
        statusCode = code
        isHTTP10 = line[7] == HTTP1Bytes.zero
        phase = .headers
    }

    /// `name: value`, remembering the headers that frame the body or name the instance.
    private mutating func takeHeader(_ line: UnsafeRawBufferPointer) {
        guard let (name, value) = HTTP1Bytes.splitHeader(line) else {
            _ = fail(.malformedHeader)
            return
        }
        switch name.count {
        case 14 where HTTP1Bytes.equalsLowercase(name, "content-length"):
            takeContentLength(value)
        case 17 where HTTP1Bytes.equalsLowercase(name, "transfer-encoding"):
            takeTransferEncoding(value)
        case 10 where HTTP1Bytes.equalsLowercase(name, "connection"):
            HTTP1Bytes.forEachListElement(value) { token in
                if HTTP1Bytes.equalsLowercase(token, "close") {
                    connectionClose = true
                } else if HTTP1Bytes.equalsLowercase(token, "keep-alive") {
                    connectionKeepAlive = true
                }
                return true
            }
        case 13 where HTTP1Bytes.equalsLowercase(name, "x-instance-id"):
            instanceID.removeAll(keepingCapacity: true)
            instanceID.append(contentsOf: value)
        default:
            break
        }
    }

    /// One or more decimal lengths (`5`, `5, 5`, or several headers), which must all be the same.
    private mutating func takeContentLength(_ value: UnsafeRawBufferPointer) {
        var elements = 0
        let wellFormed = HTTP1Bytes.forEachListElement(value, keepingEmpty: true) { element in
            guard let length = HTTP1Bytes.decimal(element, cap: lengthCap) else { return false }
            guard contentLength < 0 || contentLength == length else { return false }
            contentLength = length
            elements += 1
            return true
        }
        if !wellFormed || elements == 0 { _ = fail(.badContentLength) }
    }

    /// Transfer codings in order; the body is chunked when chunked is the last one, read until close otherwise.
    private mutating func takeTransferEncoding(_ value: UnsafeRawBufferPointer) {
        var elements = 0
        let wellFormed = HTTP1Bytes.forEachListElement(value) { coding in
            // chunked may be applied once only; nothing may follow it but another coding (which ends chunked's role).
            let isChunked = HTTP1Bytes.equalsLowercase(coding, "chunked")
            if isChunked && sawChunked { return false }
            sawChunked = sawChunked || isChunked
            chunked = isChunked
            elements += 1
            return true
        }
        guard wellFormed, elements > 0 else {
            _ = fail(.malformedHeader)
            return
        }
        hasTransferEncoding = true
    }

    /// The empty line after the headers: skips a 1xx response, otherwise decides how the body is framed.
    private mutating func endHead() {
        if statusCode < 200 && statusCode != 101 {
            phase = .statusLine
            startHead()
            return
        }
        // A message with both Transfer-Encoding and Content-Length, or Transfer-Encoding in HTTP/1.0, may be an
        // attempt at response smuggling: Transfer-Encoding frames it and the connection is not reused (RFC 9112 6.3).
        let suspectFraming = hasTransferEncoding && (contentLength >= 0 || isHTTP10)
        let requested = isHTTP10 ? connectionKeepAlive && !connectionClose : !connectionClose
        reusable = requested && !suspectFraming && statusCode != 101
        if toHead || statusCode == 204 || statusCode == 304 || statusCode == 101 {
            phase = .complete
        } else if hasTransferEncoding {
            if chunked {
                phase = .chunkSize
            } else {
                reusable = false
                phase = .untilClose
            }
        } else if contentLength > maximumBodyBytes {
            _ = fail(.bodyTooLarge)
        } else if contentLength >= 0 {
            decodedBytes = contentLength
            remaining = contentLength
            phase = contentLength == 0 ? .complete : .fixedBody
        } else {
            reusable = false
            phase = .untilClose
        }
    }

    /// `hex[ ;extensions]`: the next chunk's size, or 0 for the last chunk (trailers follow).
    private mutating func takeChunkSize(_ line: UnsafeRawBufferPointer) {
        guard let size = HTTP1Bytes.chunkSize(line, cap: lengthCap) else {
            _ = fail(.badChunk)
            return
        }
        guard size <= maximumBodyBytes - decodedBytes else {
            _ = fail(.bodyTooLarge)
            return
        }
        decodedBytes += size
        if size == 0 {
            headBytes = 0
            phase = .trailers
        } else {
            remaining = size
            phase = .chunkData
        }
    }

    /// A trailer field is checked and ignored; the empty line ends the response.
    private mutating func takeTrailer(_ line: UnsafeRawBufferPointer) {
        if line.isEmpty {
            phase = .complete
        } else if HTTP1Bytes.splitHeader(line) == nil {
            _ = fail(.malformedHeader)
        }
    }
}
