import Report

@testable import LoadEngine

/// Random valid HTTP/1.x responses, each with the outcome the parser must give, for the property tests: 1xx
/// responses before the final one, either version, headers of any case with noise among them, every framing
/// (Content-Length, chunked with extensions and trailers, read until close, no body), CRLF or bare LF line ends.
struct HTTP1ResponseGenerator {
    var random: SplitMix64

    /// One response: its bytes, whether it answers a HEAD, and what the parser must make of it.
    struct Generated {
        var bytes: [UInt8]
        var toHead: Bool
        var expected: ParseOutcome
    }

    /// The names the parser reads; noise must not use them.
    static let readNames: Set<[UInt8]> = Set(
        ["content-length", "transfer-encoding", "connection", "x-instance-id"].map { Array($0.utf8) })
    static let tokenBytes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".utf8)
    static let valueBytes = Array("abc XYZ 019 ,;=\"()/\t\u{e9}".utf8)

    private enum Framing: CaseIterable { case length, chunked, untilClose }

    mutating func response() -> Generated {
        var bytes: [UInt8] = []
        for _ in 0..<pick([0, 0, 0, 1, 2]) {
            line(&bytes, "HTTP/1.1 \(pick([100, 102, 103])) \(pick(["Continue", "Processing", ""]))")
            noise(&bytes)
            if chance(3) { header(&bytes, caseMix("x-instance-id"), Array("interim".utf8)) }
            line(&bytes, "")
        }
        let http10 = chance(4)
        let status = pick([200, 200, 200, 201, 204, 301, 304, 404, 500, 503])
        let toHead = chance(10)
        let framing = pick(Framing.allCases)
        let noBody = toHead || status == 204 || status == 304
        line(&bytes, "HTTP/1.\(http10 ? 0 : 1) \(status)" + pick(["", " OK", " Some Reason"]))

        let connection = pick(["", "close", "keep-alive", "Keep-Alive, Upgrade", "upgrade"])
        let close = connection.lowercased().contains("close")
        let keepAliveToken = connection.lowercased().contains("keep-alive")
        let instance = chance(2) ? randomToken(1...24) : []
        var headers: [([UInt8], String)] = []
        if !connection.isEmpty { headers.append((caseMix("connection"), connection)) }
        if !instance.isEmpty {
            let value = pick(["", " ", "\t "]) + String(decoding: instance, as: UTF8.self) + pick(["", " "])
            headers.append((caseMix("x-instance-id"), value))
        }
        let bodyLength = pick([0, 1, 2, 17, 300, 2000])
        switch framing {
        case .length: headers.append((caseMix("content-length"), "\(bodyLength)"))
        case .chunked: headers.append((caseMix("transfer-encoding"), pick(["chunked", "gzip, chunked", "Chunked"])))
        case .untilClose: break
        }
        headers.shuffle(using: &random)
        for (name, value) in headers {
            noise(&bytes)
            header(&bytes, name, Array(value.utf8))
        }
        line(&bytes, "")

        var decoded = 0
        if !noBody {
            switch framing {
            case .length:
                bytes += randomBytes(bodyLength)
                decoded = bodyLength
            case .chunked:
                decoded = chunks(&bytes, total: bodyLength)
            case .untilClose:
                bytes += randomBytes(bodyLength)
                decoded = bodyLength
            }
        }
        let untilClose = !noBody && framing == .untilClose
        let keepAlive = !untilClose && !(http10 && framing == .chunked) && (http10 ? keepAliveToken && !close : !close)
        let expected = ParseOutcome.ok(
            status, body: decoded, keepAlive: keepAlive, instance: String(decoding: instance, as: UTF8.self),
            consumed: bytes.count)
        return Generated(bytes: bytes, toHead: toHead, expected: expected)
    }

    /// A chunked body of `total` bytes in random pieces, the last chunk and maybe trailers; returns `total`.
    private mutating func chunks(_ bytes: inout [UInt8], total: Int) -> Int {
        var left = total
        while left > 0 {
            let size = min(left, 1 + random.index(below: 1000))
            var hex = String(size, radix: 16, uppercase: chance(2))
            if chance(8) { hex = "00" + hex }
            line(&bytes, hex + pick(["", "", ";ext", ";a=b;c=\"d;e\"", " ;x"]))
            bytes += randomBytes(size)
            line(&bytes, "")
            left -= size
        }
        line(&bytes, pick(["0", "000", "0;last"]))
        for _ in 0..<pick([0, 0, 1, 2]) { header(&bytes, randomToken(1...12), randomValue()) }
        line(&bytes, "")
        return total
    }

    /// Headers the parser must look past: random token names and values, and names close to the ones it reads.
    private mutating func noise(_ bytes: inout [UInt8]) {
        for _ in 0..<pick([0, 1, 3]) {
            var name = randomToken(1...20)
            if chance(4) || Self.readNames.contains(name.map(HTTP1Bytes.lowercased)) {
                name = Array(pick(["Content-Lengths", "X-Instance", "Connections", "Transfer-Encodin"]).utf8)
            }
            header(&bytes, name, randomValue())
        }
    }

    private mutating func header(_ bytes: inout [UInt8], _ name: [UInt8], _ value: [UInt8]) {
        bytes += name
        bytes.append(HTTP1Bytes.colon)
        for _ in 0..<random.index(below: 3) { bytes.append(HTTP1Bytes.space) }
        bytes += value
        end(&bytes)
    }

    private mutating func line(_ bytes: inout [UInt8], _ text: String) {
        bytes += text.utf8
        end(&bytes)
    }

    private mutating func end(_ bytes: inout [UInt8]) {
        if !chance(20) { bytes.append(HTTP1Bytes.cr) }
        bytes.append(10)
    }

    /// The name with each letter in upper or lower case at random.
    private mutating func caseMix(_ name: String) -> [UInt8] {
        name.utf8.map { chance(2) && $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    private mutating func randomToken(_ length: ClosedRange<Int>) -> [UInt8] {
        (0..<(length.lowerBound + random.index(below: length.count))).map { _ in pick(Self.tokenBytes) }
    }

    private mutating func randomValue() -> [UInt8] {
        (0..<random.index(below: 31)).map { _ in pick(Self.valueBytes) }
    }

    private mutating func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var bits: UInt64 = 0
        for index in 0..<count {
            if index % 8 == 0 { bits = random.next() }
            bytes[index] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index % 8)))
        }
        return bytes
    }

    mutating func chance(_ oneIn: Int) -> Bool { random.index(below: oneIn) == 0 }

    mutating func pick<T>(_ choices: [T]) -> T { choices[random.index(below: choices.count)] }
}
