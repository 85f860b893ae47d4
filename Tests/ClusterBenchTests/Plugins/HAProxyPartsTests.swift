import Testing

@testable import Plugins

@Suite("HAProxy config, stats and instance profiles")
struct HAProxyPartsTests {
    @Test func statsCSVIsParsedByColumnName() throws {
        let csv = """
            # pxname,svname,qcur,stot,status,req_tot,check_status,type,
            fe,FRONTEND,,12,OPEN,12,,0,
            cluster1,cluster1-1,0,7,UP,7,L7OK,2,
            cluster1,cluster1-2,0,5,UP 1/2,,* L4CON,2,
            cluster1,cluster1-3,0,0,UP,0,INI,2,
            cluster1,BACKEND,0,12,UP,12,,1,

            """
        let stats = try HAProxyStats(csv: csv)
        #expect(stats.rows.count == 5)
        #expect(stats.backend("cluster1")?.requestTotal == 12)
        #expect(stats.servers(of: "cluster1").map(\.service) == ["cluster1-1", "cluster1-2", "cluster1-3"])
        #expect(stats.servers(of: "cluster1").map(\.requestCount) == [7, 5, 0])  // stot when req_tot is empty
        #expect(stats.servers(of: "cluster1").map(\.isHealthy) == [true, false, false])  // INI: not checked yet
        #expect(stats.server("cluster1-2", in: "cluster1")?.stateDescription == "UP 1/2, last check L4CON")
        #expect(throws: HAProxyStats.ParseError.self) { try HAProxyStats(csv: "Unknown command\n") }
    }

    @Test func configRoutesLongestPathFirstAndChecksFast() {
        let config = HAProxyConfig(
            runID: "r1",
            frontendPort: 8080,
            statsSocket: "/run/r1/haproxy.sock",
            backends: [
                .init(name: "a", path: "/a", servers: [("a-1", 9001)]),
                .init(name: "ab", path: "/a/b/", servers: [("ab-1", 9002), ("ab-2", 9003)]),
            ]
        )
        let text = config.text
        #expect(text.contains("    stats socket /run/r1/haproxy.sock mode 600 level admin\n"))
        // One thread, or HAProxy drops one of two log lines written at once and the collector counts one short
        // (MetricsRunTests failed that way in 1 run of 3 to 6 with two threads).
        #expect(text.contains("    nbthread 1\n    log stdout format raw daemon\n"))
        #expect(text.contains("    bind 127.0.0.1:8080\n"))
        #expect(
            text.contains(
                """
                    acl path_ab path "/a/b"
                    acl path_ab path_beg "/a/b/"
                    use_backend ab if path_ab
                    acl path_a path "/a"
                    acl path_a path_beg "/a/"
                    use_backend a if path_a
                    default_backend clusterbench_no_cluster
                """
            )
        )
        #expect(text.contains("    default-server inter 300ms fastinter 300ms downinter 300ms rise 1 fall 2\n"))
        #expect(text.contains("    server ab-2 127.0.0.1:9003 check\n"))
        #expect(HAProxyConfig.isValidName("cluster_1.x") && !HAProxyConfig.isValidName("a b"))
        #expect(!HAProxyConfig.isValidName(HAProxyConfig.notFoundBackend))
        #expect(HAProxyConfig.isValidPath("/cluster1") && !HAProxyConfig.isValidPath("cluster1"))
        #expect(
            !HAProxyConfig.isValidPath("/a\"b") && !HAProxyConfig.isValidPath("/a b")
                && !HAProxyConfig.isValidPath("/$x")
        )
    }
}
