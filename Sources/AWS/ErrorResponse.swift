import BlockingHTTP
import Foundation

/// Reads AWS's error responses, whichever shape the service uses, into an `AWSError`:
///
/// - EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`;
/// - other Query services: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`;
/// - JSON services: `{"__type": "prefix#Code", "message": "..."}` with the request id in `x-amzn-RequestId`.
enum ErrorResponse {
    /// The error that `response` (a non-2xx answer to `operation`) describes.
    static func parse(_ response: HTTPResponse, service: AWSService, operation: String, attempts: Int) -> AWSError {
        var error = AWSError(
            kind: .service, service: service.endpointPrefix, operation: operation, status: response.status,
            message: "", requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"),
            attempts: attempts)
        if let tree = XMLTree.parse(response.body), let detail = tree.first(named: "Error") {
            error.code = detail.string("Code") ?? ""
            error.message = detail.string("Message") ?? ""
            error.requestId = tree.string("RequestID") ?? tree.string("RequestId") ?? error.requestId
        } else if let json = parseJSON(response.body) {
            error.code = json.code
            error.message = json.message
        }
        if error.message.isEmpty {
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            error.message = text.isEmpty ? "no error message" : String(text.prefix(200))
        }
        return error
    }

    /// `__type` (the part after `#` and before `:`) and `message` of a JSON error body.
    private static func parseJSON(_ body: [UInt8]) -> (code: String, message: String)? {
        struct Body: Decodable {
            var __type: String?
            var message: String?
            var Message: String?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)), let type = decoded.__type else {
            return nil
        }
        var code = Substring(type)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return (String(code), decoded.message ?? decoded.Message ?? "")
    }
}
