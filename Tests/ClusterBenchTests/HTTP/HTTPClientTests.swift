import BlockingHTTP
import Synchronization
import Testing

@Suite(.serialized) struct HTTPClientTests {
    @Test(.timeLimit(.minutes(1))) func getReturnsStatusHeadersAndBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try HTTPClient.get(server.baseURL + "/hello")
        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
        #expect(response.header("x-instance-id") == "test-1")
        #expect(response.header("Content-Length") == "2")
        let missing = try HTTPClient.get(server.baseURL + "/status/503")
        #expect(missing.status == 503)
    }

    @Test(.timeLimit(.minutes(1))) func postSendsBodyAndHeaders() throws {
        let server = try TestServer()
        defer { server.stop() }
        let body = Array("Action=DescribeVpcs&Version=2016-11-15".utf8) + [0, 255, 10]
        let request = HTTPRequest(
            method: "POST", url: server.baseURL + "/echo", headers: [("X-Probe", "p-42")], body: body)
        let response = try HTTPClient.send(request)
        #expect(response.status == 200)
        #expect(response.body == body)
        #expect(response.header("X-Method") == "POST")
        #expect(response.header("x-echo-header") == "p-42")
        let put = try HTTPClient.send(HTTPRequest(method: "PUT", url: server.baseURL + "/echo"))
        #expect(put.header("X-Method") == "PUT")
        #expect(put.body.isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func refusedConnectionIsATypedError() throws {
        // Port 9 (discard) is not listened on here; libcurl reports CURLE_COULDNT_CONNECT (7).
        let error = try #require(throws: HTTPClientError.self) {
            try HTTPClient.get("http://127.0.0.1:9/?X-Amz-Signature=secret", timeout: .seconds(5))
        }
        #expect(error.kind == .connect)
        #expect(error.code == 7)
        #expect(error.description.hasPrefix("GET http://127.0.0.1:9/?... failed: "))
        #expect(!error.description.contains("secret"))
    }

    @Test(.timeLimit(.minutes(1))) func slowAnswerTimesOut() throws {
        let server = try TestServer()
        defer { server.stop() }
        let error = try #require(throws: HTTPClientError.self) {
            try HTTPClient.get(server.baseURL + "/slow/5000", timeout: .milliseconds(300))
        }
        #expect(error.kind == .timeout)
        #expect(error.code == 28)
    }

    @Test(.timeLimit(.minutes(1))) func cancellationAbortsAWaitingExchange() throws {
        let server = try TestServer()
        defer { server.stop() }
        let polls = Atomic<Int>(0)
        // The check says "stop" from its third poll on; libcurl polls about once a second while waiting and
        // more often while bytes move, so the 5 s answer is abandoned long before it comes.
        let error = try #require(throws: HTTPClientError.self) {
            try HTTPClient.get(server.baseURL + "/slow/5000", timeout: .seconds(30)) {
                polls.add(1, ordering: .relaxed).newValue >= 3
            }
        }
        #expect(error.kind == .cancelled)
        #expect(error.code == 42)
        #expect(polls.load(ordering: .relaxed) >= 3)
    }

    @Test(.timeLimit(.minutes(1))) func bodyOverTheLimitIsRefused() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fits = try HTTPClient.send(HTTPRequest(url: server.baseURL + "/big/1000", maximumBodyBytes: 1000))
        #expect(fits.body.count == 1000)
        let error = try #require(throws: HTTPClientError.self) {
            try HTTPClient.send(HTTPRequest(url: server.baseURL + "/big/1001", maximumBodyBytes: 1000))
        }
        #expect(error.kind == .tooLarge)
        #expect(error.message == "the response body is longer than 1000 bytes")
    }
}
