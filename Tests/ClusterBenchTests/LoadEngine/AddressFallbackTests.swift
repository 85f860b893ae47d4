import Foundation
@testable import LoadEngine
import Testing
import Wire

/// A host name can resolve to several addresses, of which the first may refuse (a server listening on IPv4 only
/// behind a name whose first address is IPv6, or one instance of a round-robin name that is down). libcurl moves on
/// to the next address; the fast path must too, or `engine: auto` would fail where `curl` succeeds. The addresses
/// are given to the target directly (this machine's resolver has no name with two loopback addresses): 127.0.0.2
/// refuses every connection (nothing listens there; the test server listens on 127.0.0.1 only).
@Suite(.serialized) struct AddressFallbackTests {
    /// Runs `requests` requests over `connections` closed-loop connections of the fast engine against `url`, whose
    /// host is taken to resolve to `hosts`, in that order; returns the counters and the target.
    func run(_ url: String, hosts: [String], requests: Int, connections: Int = 1) throws -> (TargetCounters, HTTPTarget) {
        let shard = EngineHarness.shard(
            [(url, .closed(ShardClosed(connections: connections, requests: requests)))], timeoutMilliseconds: 5000,
            engine: .fast)
        let target = try HTTPTarget(url: url, hosts: hosts)
        let sink = ReportSink()
        let loop = try FastEngineLoop(shard: shard, targets: [target]) { sink.append($0) }
        loop.run { false }
        return (try #require(sink.totals()[0]), target)
    }

    @Test(.timeLimit(.minutes(1))) func aRefusingFirstAddressIsPassedOverAndTheNextKept() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (totals, target) = try run(server.baseURL + "/x", hosts: ["127.0.0.2", "127.0.0.1"], requests: 30, connections: 3)
        #expect(target.addresses.count == 2)
        #expect(totals.sent == 30)
        #expect(totals.statusClasses == ["2xx": 30])
        #expect(totals.errors == [:])
        #expect(try EngineHarness.served(server) == 30)
        // After the first refusal every new socket goes to the address that accepted.
        #expect(target.preferred == 1)
    }

    @Test(.timeLimit(.minutes(1))) func whenEveryAddressRefusesTheRequestIsOneConnectError() throws {
        let server = try TestServer()
        defer { server.stop() }
        let port = server.port
        // Same port on two addresses where nothing listens: each request tries both, then counts one error.
        let (totals, target) = try run("http://127.0.0.1:\(port)/x", hosts: ["127.0.0.2", "127.0.0.3"], requests: 10)
        #expect(target.addresses.count == 2)
        #expect(totals.sent == 10)
        #expect(totals.errors == ["connect": 10])
        #expect(totals.statusClasses == [:])
        #expect(try EngineHarness.served(server) == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aNameThatDoesNotResolveIsAConnectErrorPerRequest() throws {
        let (totals, target) = try run("http://no-such-host.invalid:8080/x", hosts: ["no-such-host.invalid"], requests: 5)
        #expect(target.addresses.isEmpty)
        #expect(totals.sent == 5)
        #expect(totals.errors == ["connect": 5])
    }
}
