// libFuzzer entry for the load engine's HTTP/1.1 response parser (Sources/LoadEngine/HTTP1), built by
// bench/fuzz-http1.sh with `swiftc -sanitize=fuzzer,address`. The first input byte picks HEAD or not and how the rest
// is cut into reads; the rest is the response. Each input is parsed whole and cut: the two must agree, a completed
// response must lie inside the input, and nothing may crash (a failed check is a crash libFuzzer reports).

/// How one parse ended, comparable between the whole and the cut feeding.
struct Outcome: Equatable {
    var step: HTTP1ParseStep
    var status = 0
    var bodyBytes = 0
    var keepAlive = false
    var instance: [UInt8] = []
}

/// Feeds `input` to a fresh parser in reads of `stride` bytes (the whole input when `stride` is 0), then ends the
/// stream if the response is still open. Small limits, so inputs reach the too-large errors.
func parse(_ input: UnsafeRawBufferPointer, toHead: Bool, stride: Int) -> Outcome {
    var parser = HTTP1ResponseParser(maximumHeaderBytes: 512, maximumBodyBytes: 4096)
    parser.expectResponse(toHead: toHead)
    var start = 0
    while true {
        let end = stride == 0 ? input.count : min(input.count, start + stride)
        switch parser.consume(UnsafeRawBufferPointer(rebasing: input[start..<end])) {
        case .needMore:
            start = end
            if start < input.count { continue }
            let last = parser.consumeEndOfStream()
            guard case .complete = last else { return Outcome(step: last) }
            return finished(parser, consumed: input.count)
        case .complete(let consumed):
            return finished(parser, consumed: start + consumed)
        case let step:
            return Outcome(step: step)
        }
    }
}

func finished(_ parser: HTTP1ResponseParser, consumed: Int) -> Outcome {
    Outcome(
        step: .complete(consumed: consumed), status: parser.status, bodyBytes: parser.bodyBytes,
        keepAlive: parser.keepAlive, instance: parser.withInstanceID { Array($0) })
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let toHead = data[0] & 1 == 1
    let whole = parse(input, toHead: toHead, stride: 0)
    let cut = parse(input, toHead: toHead, stride: 1 + Int(data[0] >> 1) % 64)
    precondition(whole == cut, "whole \(whole) but cut \(cut)")
    if case .complete(let consumed) = whole.step {
        precondition(consumed >= 0 && consumed <= input.count && (100...999).contains(whole.status))
        precondition(whole.bodyBytes >= 0 && whole.bodyBytes <= input.count)
    }
    return 0
}
