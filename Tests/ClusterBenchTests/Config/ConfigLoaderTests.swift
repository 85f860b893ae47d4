import Foundation
import Plugins
import StrictJSON
import Testing

@testable import BenchConfig

/// Defaults, the rules of each section and the order in which errors are found, on configs written inline.
@Suite struct ConfigLoaderTests {
    let loader = ProviderRegistry.builtIn.configLoader()

    /// The smallest valid config: every optional key left out.
    static let minimal = """
        {
          "name": "min",
          "provider": {"name": "local"},
          "clusters": [{"name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 1}],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 1}]}]}
        }
        """

    /// `minimal` with `replacement` substituted for `original`, which must occur in it.
    static func minimal(replacing original: String, with replacement: String) -> String {
        precondition(minimal.contains(original))
        return minimal.replacingOccurrences(of: original, with: replacement)
    }

    /// The message (after `"x.json: "`) that `text` fails with, or nil if it loads.
    func failure(_ text: String) -> String? {
        do {
            _ = try loader.parse(text, file: "x.json")
            return nil
        } catch {
            let prefix = "x.json: "
            return error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count)) : nil
        }
    }

    @Test func defaultsAreFilledIn() throws {
        let config = try loader.parse(Self.minimal, file: "min.json")
        #expect(config.description == "")
        #expect(config.provider.healthTimeout == .seconds(60))
        #expect(config.load.schedule == .sequential)
        #expect(config.load.requestTimeout == .seconds(10))
        #expect(config.load.reportInterval == .seconds(1))
        #expect(config.agents.spawn == 2)
        #expect(config.agents.bind == "tcp://127.0.0.1:0")
        #expect(config.agents.heartbeatInterval == .seconds(1))
        #expect(config.agents.heartbeatLiveness == 5)
    }

    @Test func resolvedJSONSpellsOutEveryDefault() throws {
        let config = try loader.parse(Self.minimal, file: "min.json")
        let expected: JSONValue = [
            "name": "min",
            "description": "",
            "provider": ["name": "local", "healthTimeout": "1m", "metricsPeriod": "1m"],
            "clusters": [["name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 1]],
            "load": [
                "schedule": "sequential",
                "model": "flows",
                "flows": [["name": "A", "steps": [["requests": 1]]]],
                "requestTimeout": "10s",
                "reportInterval": "1s",
            ],
            "agents": ["spawn": 2, "bind": "tcp://127.0.0.1:0", "heartbeatInterval": "1s", "heartbeatLiveness": 5],
            "faults": [],
        ]
        #expect(config.json() == expected)
    }

    @Test func everyKeySetRoundTripsThroughJSON() throws {
        let config = ExperimentConfig(
            name: "all.keys_1",
            description: "quotes \" and\nnewlines é 🚀",
            provider: ProviderConfig(
                name: "static", healthTimeout: .milliseconds(1500), metricsPeriod: .seconds(5),
                settings: StaticSettings(urls: ["a": "http://127.0.0.1:8080/a", "b-2": "https://[::1]:9/b?x=1"])
            ),
            clusters: [
                ClusterConfig(name: "a", path: "/x/a", instanceType: "c5.2xlarge", count: 64),
                ClusterConfig(name: "b-2", path: "/x/b.c~d", instanceType: "t3.nano", count: 1),
            ],
            load: LoadConfig(
                schedule: .parallel,
                flows: [
                    FlowConfig(name: "only", steps: [.pause(.zero), .requests(10_000_000), .pause(.seconds(86400))])
                ],
                requestTimeout: .microseconds(250),
                reportInterval: .seconds(60)
            ),
            agents: AgentsConfig(
                spawn: 64,
                bind: "tcp://[::1]:65535",
                heartbeatInterval: .milliseconds(10),
                heartbeatLiveness: 100
            ),
            faults: [
                FaultConfig(at: .zero, cluster: "a", instance: 64, action: .kill),
                FaultConfig(at: .milliseconds(1500), cluster: "b-2", instance: 1, action: .pause, duration: .seconds(3)),
                FaultConfig(at: .seconds(86400), cluster: "a", instance: 1, action: .pause),
            ]
        )
        let compact = config.json().serialized(pretty: false)
        let pretty = config.json().serialized(pretty: true)
        #expect(try loader.parse(compact, file: "compact.json") == config)
        #expect(try loader.parse(pretty, file: "pretty.json") == config)
        #expect(try JSONValue(parsing: pretty) == config.json())
    }

    @Test func firstErrorInDocumentOrderWins() {
        // count (wrong type) comes before the unknown key in the same object, and before the next cluster's error.
        let text = Self.minimal(
            replacing: #""count": 1}"#,
            with: #""count": "1", "zzz": 1}, {"name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 1}"#
        )
        #expect(failure(text) == #"$.clusters[0].count: expected an integer, found string "1""#)
        // A missing key is found when its object ends, so a problem earlier in the object comes first.
        let missing = Self.minimal(replacing: #""path": "/c1", "#, with: #""nme": 1, "#)
        #expect(failure(missing)?.hasPrefix(#"$.clusters[0].nme: unknown key "nme""#) == true)
    }

    @Test(
        arguments: [
            (
                #""name": "min""#, #""name": "a b""#,
                #"$.name: expected a name of 1 to 64 characters from A-Z a-z 0-9 _ . -, found "a b""#
            ),
            (
                #""name": "min""#, #""name": """#,
                #"$.name: expected a name of 1 to 64 characters from A-Z a-z 0-9 _ . -, found """#
            ),
            (#""name": "min""#, #""name": 7"#, "$.name: expected a string, found integer 7"),
            (#""name": "min","#, "", #"$: missing required key "name""#),
            (#""provider": {"name": "local"},"#, "", #"$: missing required key "provider""#),
            (#"{"name": "local"}"#, "{}", #"$.provider: missing required key "name""#),
            (
                #"{"name": "local"}"#, #"{"name": "local", "healthTimeout": "0s"}"#,
                #"$.provider.healthTimeout: expected a duration > 0s, found "0s""#
            ),
            (
                #"{"name": "local"}"#, #"{"name": "Local"}"#,
                #"$.provider.name: unknown provider "Local"; registered: local, static, aws"#
            ),
            (#"{"name": "local"}"#, #""local""#, "$.provider: expected an object, found string \"local\""),
            (
                #""name": "c1""#, #""name": "c.1""#,
                #"$.clusters[0].name: expected a cluster name of 1 to 32 characters from A-Z a-z 0-9 _ -, found "c.1""#
            ),
            (#""count": 1"#, #""count": 1.0"#, "$.clusters[0].count: expected an integer, found number 1.0"),
            (#""count": 1"#, #""count": true"#, "$.clusters[0].count: expected an integer, found boolean true"),
            (#""count": 1"#, #""count": -3"#, "$.clusters[0].count: expected an integer >= 1, found -3"),
            (#""/c1""#, #""/c1/""#, #"$.clusters[0].path: expected a path without a trailing "/", found "/c1/""#),
            (#""/c1""#, #""/""#, #"$.clusters[0].path: expected a path below "/" such as "/cluster1", found "/""#),
            (
                #""/c1""#, #""/a//b""#,
                #"$.clusters[0].path: expected a path without empty segments ("//"), found "/a//b""#
            ),
            (
                #""/c1""#, #""/a/../b""#,
                #"$.clusters[0].path: expected a path without "." or ".." segments, found "/a/../b""#
            ),
            (
                #""/c1""#, #""/c 1""#,
                #"$.clusters[0].path: expected a path of the characters A-Z a-z 0-9 . _ ~ / -, found "/c 1""#
            ),
            (
                #""/c1""#, #""/health""#,
                #"$.clusters[0].path: expected a path other than "/health", which the load balancer answers itself, found "/health""#
            ),
            (
                #""t2.micro""#, #""t2.micro.x""#,
                #"$.clusters[0].instanceType: expected an instance type such as "m4.large" or "t2.xlarge" (lowercase letters and digits around one "."), found "t2.micro.x""#
            ),
            (
                #""clusters": ["#, #""clusters": {}, "x": ["#,
                "$.clusters: expected an array of clusters, found an empty object"
            ),
            (#""load": {"#, #""load": {"schedule": "parallel", "#, nil),
            (
                #""load": {"#, #""load": {"requestTimeout": "0ms", "#,
                #"$.load.requestTimeout: expected a duration > 0s, found "0ms""#
            ),
            (
                #""load": {"#, #""load": {"reportInterval": "61s", "#,
                #"$.load.reportInterval: expected a duration <= 60s, found "61s""#
            ),
            (#""load": {"#, #""load": {"reportInterval": "100ms", "#, nil),
            (#""flows": ["#, #""flows": [], "x": ["#, "$.load.flows: expected at least one flow, found an empty array"),
            (#"[{"requests": 1}]"#, "[]", "$.load.flows[0].steps: expected at least one step, found an empty array"),
            (
                #"[{"requests": 1}]"#, "[{}]",
                #"$.load.flows[0].steps[0]: expected a step with exactly one key, "requests" or "pause", found an empty object"#
            ),
            (
                #"[{"requests": 1}]"#, "[{\"request\": 1}]",
                #"$.load.flows[0].steps[0].request: unknown key "request"; expected one of: requests, pause (did you mean "requests"?)"#
            ),
            (
                #"[{"requests": 1}]"#, "[5]",
                #"$.load.flows[0].steps[0]: expected a step such as {"requests": 100} or {"pause": "10s"}, found integer 5"#
            ),
            (
                #"[{"requests": 1}]"#, #"[{"requests": 10000001}]"#,
                "$.load.flows[0].steps[0].requests: expected an integer <= 10000000, found 10000001"
            ),
            (#"[{"requests": 1}]"#, #"[{"requests": 1}, {"pause": "24h"}]"#, nil),
            (
                #"[{"requests": 1}]"#, #"[{"requests": 1}, {"pause": "1441m"}]"#,
                #"$.load.flows[0].steps[1].pause: expected a duration <= 24h, found "1441m""#
            ),
            (
                #"[{"requests": 1}]"#, #"[{"requests": 1}, {"pause": "-1s"}]"#,
                #"$.load.flows[0].steps[1].pause: expected a duration such as "500ms", "60s" or "2m", found "-1s""#
            ),
            (
                #"[{"requests": 1}]}]"#, #"[{"requests": 1}]}, {"name": "A", "steps": [{"requests": 2}]}]"#,
                #"$.load.flows[1].name: duplicate flow name "A" (also at $.load.flows[0].name)"#
            ),
            (
                #""load": {"#, #""agents": {"spawn": 0}, "load": {"#,
                "$.agents.spawn: expected at least one agent: spawn is 0 and no remote agents are expected"
            ),
            (
                #""load": {"#, #""agents": {"heartbeatLiveness": 1}, "load": {"#,
                "$.agents.heartbeatLiveness: expected an integer >= 2, found 1"
            ),
            (
                #""load": {"#, #""agents": {"heartbeatInterval": "5ms"}, "load": {"#,
                #"$.agents.heartbeatInterval: expected a duration >= 10ms, found "5ms""#
            ),
            (
                #""load": {"#, #""agents": {"heartbeatInterval": "11s"}, "load": {"#,
                #"$.agents.heartbeatInterval: expected a duration <= 10s, found "11s""#
            ),
            (#""load": {"#, #""agents": [], "load": {"#, "$.agents: expected an object, found an empty array"),
            (#""load": {"#, #""agents": {}, "load": {"#, nil),
            (
                #""load": {"#, #""Load": {}, "load": {"#,
                #"$.Load: unknown key "Load"; expected one of: name, description, provider, clusters, load, agents, faults, thresholds (did you mean "load"?)"#
            ),
            (
                #""load": {"#, #""a b": 1, "load": {"#,
                #"$["a b"]: unknown key "a b"; expected one of: name, description, provider, clusters, load, agents, faults, thresholds"#
            ),
        ] as [(String, String, String?)]
    )
    func ruleGivesExactMessage(original: String, replacement: String, expected: String?) {
        #expect(failure(Self.minimal(replacing: original, with: replacement)) == expected)
    }

    @Test(
        arguments: [
            ("/a", "/a/b", #"cluster path "/a/b" lies under "/a" (at $.clusters[0].path)"#),
            ("/a/b", "/a", #"cluster path "/a" contains "/a/b" (at $.clusters[0].path)"#),
            ("/a", "/ab", nil),
            ("/a/b", "/a/c", nil),
            ("/A", "/a", nil),
        ] as [(String, String, String?)]
    )
    func overlappingPathsAreRefused(first: String, second: String, expected: String?) {
        let text = Self.minimal(
            replacing: #""count": 1}"#,
            with: #""count": 1}, {"name": "c2", "path": "\#(second)", "instanceType": "t2.micro", "count": 1}"#
        ).replacingOccurrences(of: #""path": "/c1""#, with: #""path": "\#(first)""#)
        let message = expected.map { "$.clusters[1].path: \($0): the load balancer could not route both" }
        #expect(failure(text) == message)
    }

    @Test(
        arguments: [
            ("tcp://127.0.0.1:0", nil),
            ("tcp://127.1.2.3:5555", nil),
            ("tcp://localhost:65535", nil),
            ("tcp://[::1]:6000", nil),
            ("tcp://127.0.0.1", #"expected a ZeroMQ endpoint such as "tcp://127.0.0.1:0", found "tcp://127.0.0.1""#),
            ("tcp://:5", #"expected a ZeroMQ endpoint such as "tcp://127.0.0.1:0", found "tcp://:5""#),
            ("ipc:///tmp/x", #"expected a ZeroMQ endpoint such as "tcp://127.0.0.1:0", found "ipc:///tmp/x""#),
            ("tcp://[::1:5", #"expected a ZeroMQ endpoint such as "tcp://127.0.0.1:0", found "tcp://[::1:5""#),
            (
                "tcp://127.0.0.1:*",
                #"expected a ZeroMQ endpoint "tcp://HOST:PORT" with a PORT from 0 to 65535, found "tcp://127.0.0.1:*""#
            ),
            (
                "tcp://127.0.0.1:65536",
                #"expected a ZeroMQ endpoint "tcp://HOST:PORT" with a PORT from 0 to 65535, found "tcp://127.0.0.1:65536""#
            ),
            ("tcp://*:5555", #"cannot bind "tcp://*:5555" without CURVE: beyond loopback"#),
            ("tcp://10.0.0.1:5555", #"cannot bind "tcp://10.0.0.1:5555" without CURVE: beyond loopback"#),
            ("tcp://127.0.0.256:5555", #"cannot bind "tcp://127.0.0.256:5555" without CURVE: beyond loopback"#),
            ("tcp://example.com:5555", #"cannot bind "tcp://example.com:5555" without CURVE: beyond loopback"#),
            ("tcp://[::]:5555", #"cannot bind "tcp://[::]:5555" without CURVE: beyond loopback"#),
        ] as [(String, String?)]
    )
    func bindEndpoints(endpoint: String, expectedPrefix: String?) {
        let text = Self.minimal(replacing: #""load": {"#, with: #""agents": {"bind": "\#(endpoint)"}, "load": {"#)
        let message = failure(text)
        if let expectedPrefix {
            #expect(message?.hasPrefix("$.agents.bind: " + expectedPrefix) == true, "\(message ?? "loaded")")
        } else {
            #expect(message == nil)
        }
    }

    @Test func bindingBeyondLoopbackNeedsKeysOrTheInsecureFlag() {
        let sections = [#""bind": "tcp://*:5555", "keys": "keys""#, #""insecure": true, "bind": "tcp://10.0.0.1:5555""#]
        for agents in sections {
            let text = Self.minimal(replacing: #""load": {"#, with: #""agents": {\#(agents)}, "load": {"#)
            #expect(failure(text) == nil, "\(agents)")
        }
        let remoteOnly = Self.minimal(
            replacing: #""load": {"#, with: #""agents": {"spawn": 0, "remote": 3}, "load": {"#)
        #expect(failure(remoteOnly) == nil)
    }

    @Test func longValuesAreCutInMessages() {
        let long = String(repeating: "x", count: 100)
        let message = failure(Self.minimal(replacing: #""name": "min""#, with: #""name": "\#(long)""#))
        let shown = String(repeating: "x", count: 60) + "..."
        #expect(
            message
                == "$.name: expected a name of 1 to 64 characters from A-Z a-z 0-9 _ . -, found \"\(shown)\" (100 characters)"
        )
    }

    @Test func noProvidersRegistered() {
        let message = #expect(throws: ConfigError.self) {
            try ConfigLoader(knownProviders: []).parse(Self.minimal, file: "x.json")
        }
        #expect(message?.description == #"x.json: $.provider.name: unknown provider "local"; registered: none"#)
    }
}
