import Foundation

/// AWS Signature Version 4 with the `Authorization` header: the canonical request, the string to sign, the derived
/// signing key and the signature, for one service in one region.
///
/// Follows the published algorithm (and its test suite): header names lower-cased, values trimmed and inner runs of
/// spaces collapsed, duplicate headers joined with commas, query pairs sorted, path segments percent-encoded once.
public struct SigV4Signer: Sendable {
    /// The key that signs.
    public var credentials: AWSCredentials
    /// `us-east-1`.
    public var region: String
    /// The signing name of the service: `ec2`, `elasticloadbalancing`, `monitoring`, `ssm`, `iam`, `sts`.
    public var service: String

    /// A signer for `service` in `region` with `credentials`.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// One request to sign.
    public struct Request: Sendable {
        /// `GET`, `POST`.
        public var method: String
        /// The path, not percent-encoded (`/`, `/a b`); the signer encodes it.
        public var path: String
        /// Query parameters, decoded, in any order.
        public var query: [(name: String, value: String)]
        /// Header fields as they will be sent, `Host` included.
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: [UInt8]

        /// A request to sign.
        public init(
            method: String, path: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)], body: [UInt8] = []
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// The signature and every step that led to it (the steps are what the test suite compares).
    public struct Signature: Sendable {
        /// The canonical request, lines joined with `\n`.
        public var canonicalRequest: String
        /// `AWS4-HMAC-SHA256`, the time, the scope and the canonical request's hash.
        public var stringToSign: String
        /// The `Authorization` header value.
        public var authorization: String
        /// The request's headers with `X-Amz-Date`, `X-Amz-Security-Token` (if any) and `Authorization` set.
        public var headers: [(name: String, value: String)]
    }

    /// Signs `request` as made at `date`: sets `X-Amz-Date` (replacing one already there) and, for temporary
    /// credentials, `X-Amz-Security-Token`, then signs every header of the request.
    public func sign(_ request: Request, at date: Date) -> Signature {
        let (amzDate, day) = Self.timestamps(date)
        var headers = request.headers.filter {
            let name = $0.name.lowercased()
            return name != "x-amz-date" && name != "authorization" && name != "x-amz-security-token"
        }
        headers.append((name: "X-Amz-Date", value: amzDate))
        if let token = credentials.sessionToken { headers.append((name: "X-Amz-Security-Token", value: token)) }

        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            request.method.uppercased(), Self.canonicalPath(request.path), Self.canonicalQuery(request.query),
            canonicalHeaders, signedHeaders, SHA256.hex(SHA256.hash(request.body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, SHA256.hex(SHA256.hash(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = SHA256.hex(SHA256.hmac(key: signingKey(day: day), stringToSign))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        headers.append((name: "Authorization", value: authorization))
        return Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization,
            headers: headers)
    }

    /// The key derived from the secret for one day, region and service.
    func signingKey(day: String) -> [UInt8] {
        let dateKey = SHA256.hmac(key: Array("AWS4\(credentials.secretAccessKey)".utf8), day)
        let regionKey = SHA256.hmac(key: dateKey, region)
        let serviceKey = SHA256.hmac(key: regionKey, service)
        return SHA256.hmac(key: serviceKey, "aws4_request")
    }

    /// `20150830T123600Z` and `20150830` in UTC.
    static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let fields: [(Int?, Int)] = [
            (parts.year, 4), (parts.month, 2), (parts.day, 2), (parts.hour, 2), (parts.minute, 2), (parts.second, 2),
        ]
        let padded: [String] = fields.map { value, width in
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let day: String = padded[0...2].joined()
        let time: String = padded[3...5].joined()
        return (day + "T" + time + "Z", day)
    }

    /// Each segment percent-encoded once; an empty path is `/`.
    static func canonicalPath(_ path: String) -> String {
        path.isEmpty ? "/" : PercentEncoding.encode(path, keepSlash: true)
    }

    /// Pairs encoded, sorted by name then value, joined with `&`.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// The canonical header block (each line ending in `\n`) and the `;`-joined signed header names.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var values: [String: [String]] = [:]
        for header in headers {
            values[header.name.lowercased(), default: []].append(normalized(header.value))
        }
        let names = values.keys.sorted()
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// The value trimmed, with every run of whitespace (folded lines included) made one space.
    private static func normalized(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
