import LoadEngine
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

    @Test(.timeLimit(.minutes(1))) func refusedConnectionIsATypedError() throws {
        // Port 9 (discard) is not listened on here; libcurl reports CURLE_COULDNT_CONNECT (7).
        #expect(throws: CurlError.self) { try HTTPClient.get("http://127.0.0.1:9/", timeout: .seconds(5)) }
        do {
            _ = try HTTPClient.get("http://127.0.0.1:9/", timeout: .seconds(5))
        } catch {
            #expect(error.code == 7)
            #expect(error.description.hasPrefix("GET http://127.0.0.1:9/ failed: "))
        }
    }
}
