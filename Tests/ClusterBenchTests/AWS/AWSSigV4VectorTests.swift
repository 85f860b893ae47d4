import AWS
import Foundation
import Testing

/// AWS's published SigV4 test suite (the `aws4_testsuite` vectors as botocore ships them, in
/// Fixtures/aws4_testsuite): for each request, our canonical request, string to sign and Authorization header must
/// equal the expected files byte for byte.
@Suite struct AWSSigV4VectorTests {
    static let folder = TestSupport.projectRoot + "/Tests/ClusterBenchTests/Fixtures/aws4_testsuite"
    /// The suite's fixed key, region, service and time.
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".req") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func theSuiteIsComplete() {
        #expect(Self.names.count == 25)
    }

    @Test(arguments: names) func vector(_ name: String) throws {
        let read = { (suffix: String) in
            try String(contentsOfFile: "\(Self.folder)/\(name).\(suffix)", encoding: .utf8)
        }
        let expectedCanonical = try read("creq")
        var request = try Self.parse(try read("req"))
        var credentials = Self.credentials
        // The token is not in every .req file; like botocore's runner, take it from the expected canonical request.
        if let line = expectedCanonical.split(separator: "\n").first(where: { $0.hasPrefix("x-amz-security-token:") }) {
            credentials.sessionToken = String(line.dropFirst("x-amz-security-token:".count))
            request.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
        }
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(request, at: Self.date)
        #expect(signature.canonicalRequest == expectedCanonical)
        #expect(signature.stringToSign == (try read("sts")))
        #expect(signature.authorization == (try read("authz")))
    }

    @Test func theDateIsWrittenInUTC() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(
            .init(method: "GET", path: "/", headers: [("Host", "example.amazonaws.com")]),
            at: Self.date)
        #expect(signature.headers.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(signature.stringToSign.contains("20150830/us-east-1/service/aws4_request"))
    }

    /// A raw `.req` file: request line, header lines (a line starting with white space continues the previous
    /// value), an empty line, the body. The path and query are in raw UTF-8, possibly percent-encoded.
    static func parse(_ text: String) throws -> SigV4Signer.Request {
        let (head, body) =
            text.range(of: "\n\n").map { (text[..<$0.lowerBound], String(text[$0.upperBound...])) }
            ?? (text[...], "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count)
        let path = String(target.prefix { $0 != "?" })
        let query = target.dropFirst(path.count + 1).split(separator: "&").map {
            pair -> (name: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            let colon = try #require(line.firstIndex(of: ":"))
            headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        return SigV4Signer.Request(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }

    private static func decode(_ text: Substring) -> String { text.removingPercentEncoding ?? String(text) }
}
