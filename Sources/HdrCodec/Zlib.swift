internal import CZlib

/// zlib's deflate and inflate, in the zlib container (RFC 1950) that Java's `Deflater`/`Inflater` and Python's
/// `zlib.compress` use for HdrHistogram's compressed encoding.
enum Zlib {
    /// Compresses `input` at `level` (zlib's -1 ... 9; -1 is zlib's default, 6) with zlib's default window and memory
    /// settings, as `java.util.zip.Deflater(level)` does.
    static func deflate(_ input: [UInt8], level: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(compressBound(uLong(input.count))))
        var outputLength = uLongf(output.count)
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &outputLength, source.baseAddress, uLong(source.count), Int32(level))
            }
        }
        // compress2 fails only for a bad level (ours are constants) or when out of memory.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status) at level \(level)")
        output.removeSubrange(Int(outputLength)...)
        return output
    }

    /// Decompresses one complete zlib stream that must fill `input` exactly, refusing output beyond `limit` bytes
    /// before producing it (a small message must not expand into gigabytes).
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int) throws(HdrCodecError) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)  // zlib keeps a pointer back to it
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard cb_inflate_init(stream) == Z_OK else { throw .malformed("histogram: zlib inflateInit failed") }
        defer { inflateEnd(stream) }

        let chunkSize = 64 * 1024
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        var output: [UInt8] = []
        return try input.withUnsafeBufferPointer { (source) throws(HdrCodecError) -> [UInt8] in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = uInt(source.count)
            while true {
                stream.pointee.next_out = chunk
                stream.pointee.avail_out = uInt(chunkSize)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                let produced = chunkSize - Int(stream.pointee.avail_out)
                guard output.count + produced <= limit else {
                    throw .malformed("histogram: decompresses to more than \(limit) bytes")
                }
                output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: produced))
                switch status {
                case Z_STREAM_END:
                    let left = Int(stream.pointee.avail_in)
                    guard left == 0 else { throw .malformed("histogram: \(left) bytes after the zlib stream") }
                    return output
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    throw .malformed("histogram: zlib stream truncated")
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw .malformed("histogram: zlib: \(message)")
                }
            }
        }
    }
}
