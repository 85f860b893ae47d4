/// One bad config file per class of bad input, with the exact one-line message `ConfigLoader` must give for it.
///
/// The fixtures live in `Tests/ClusterBenchTests/Fixtures/bad-configs/`. Messages are stored without the file
/// prefix; the full line for a file loaded as `path` is `"\(path): \(expected)"`. The same table drives the
/// `coordinator validate` integration tests (exit code 2 and this line on standard error).
///
/// The `unknown-provider.json` message lists the registered providers as
/// `ProviderRegistry.builtIn.configLoader()` does.
enum BadConfigCases {
    /// Fixture file name (with `.json`) and the message expected after `"<path>: "`.
    static let all: [(fixture: String, expected: String)] = [
        (
            "unknown-key-top-level.json",
            #"$.descripton: unknown key "descripton"; expected one of: name, description, provider, clusters, load, agents, faults, thresholds (did you mean "description"?)"#
        ),
        (
            "unknown-key-nested.json",
            #"$.load.flowz: unknown key "flowz"; expected one of: schedule, model, flows, closed, open, requestTimeout, reportInterval, engine (did you mean "flows"?)"#
        ),
        (
            "unknown-key-no-suggestion.json",
            #"$.agents.threads: unknown key "threads"; expected one of: spawn, bind, heartbeatInterval, heartbeatLiveness, phaseTimeout, remote, remoteTimeout, keys, insecure"#
        ),
        ("wrong-type.json", #"$.clusters[0].count: expected an integer, found string "4""#),
        ("null-value.json", #"$.load.requestTimeout: expected a duration such as "500ms", "60s" or "2m", found null"#),
        (
            "bad-duration.json",
            #"$.load.flows[1].steps[1].pause: expected a duration such as "500ms", "60s" or "2m", found "60 sec""#
        ),
        ("bad-report-interval.json", #"$.load.reportInterval: expected a duration >= 100ms, found "50ms""#),
        ("bad-schedule.json", #"$.load.schedule: expected "sequential" or "parallel", found string "serial""#),
        ("bad-engine.json", #"$.load.engine: expected "auto", "fast" or "curl", found string "nio""#),
        (
            "bad-bind-url.json",
            #"$.agents.bind: expected a ZeroMQ endpoint such as "tcp://127.0.0.1:0", found "http://x""#
        ),
        (
            "bad-port.json",
            #"$.agents.bind: expected a ZeroMQ endpoint "tcp://HOST:PORT" with a PORT from 0 to 65535, found "tcp://127.0.0.1:70000""#
        ),
        (
            "non-loopback-bind.json",
            #"$.agents.bind: cannot bind "tcp://0.0.0.0:5555" without CURVE: beyond loopback (127.x.x.x, localhost, [::1]) set agents.keys to a folder written by `coordinator keys`, or agents.insecure to true"#
        ),
        ("zero-instances.json", "$.clusters[0].count: expected an integer >= 1, found 0"),
        ("count-too-large.json", "$.clusters[1].count: expected an integer <= 64, found 65"),
        (
            "duplicate-cluster-name.json",
            #"$.clusters[1].name: duplicate cluster name "cluster1" (also at $.clusters[0].name)"#
        ),
        (
            "duplicate-path.json",
            #"$.clusters[1].path: duplicate cluster path "/cluster1" (also at $.clusters[0].path)"#
        ),
        (
            "prefix-path.json",
            #"$.clusters[1].path: cluster path "/a/b" lies under "/a" (at $.clusters[0].path): the load balancer could not route both"#
        ),
        (
            "bad-path.json",
            #"$.clusters[0].path: expected a path starting with "/" such as "/cluster1", found "cluster1""#
        ),
        (
            "bad-instance-type.json",
            #"$.clusters[1].instanceType: expected an instance type such as "m4.large" or "t2.xlarge" (lowercase letters and digits around one "."), found "T2-small""#
        ),
        ("missing-required-key.json", #"$.clusters[0]: missing required key "path""#),
        ("empty-clusters.json", "$.clusters: expected at least one cluster, found an empty array"),
        (
            "step-with-two-keys.json",
            #"$.load.flows[0].steps[0]: expected a step with exactly one key, "requests" or "pause", found 2 keys: requests, pause"#
        ),
        ("flow-only-pauses.json", #"$.load.flows[0].steps: expected at least one "requests" step, found only pauses"#),
        ("unknown-provider.json", #"$.provider.name: unknown provider "nosuch"; registered: local, static, aws"#),
        (
            "bad-metrics-period.json",
            #"$.provider.metricsPeriod: expected a whole number of seconds such as "1s" or "60s", found "1500ms""#
        ),
        ("static-missing-url.json", #"$.provider.urls: missing a URL for cluster "cluster2""#),
        (
            "static-unknown-cluster-url.json",
            #"$.provider.urls.cluster3: unknown cluster "cluster3"; clusters: cluster1, cluster2"#
        ),
        (
            "static-bad-url.json",
            #"$.provider.urls.cluster1: expected an http:// or https:// URL such as "http://127.0.0.1:8080/cluster1", found "ftp://127.0.0.1/cluster1""#
        ),
        (
            "urls-without-static.json",
            #"$.provider.urls: provider "local" takes no "urls"; it is a setting of provider "static""#
        ),
        ("fault-unknown-cluster.json", #"$.faults[0].cluster: unknown cluster "cluster9"; clusters: cluster1, cluster2"#),
        (
            "fault-instance-out-of-range.json",
            "$.faults[1].instance: expected an instance number from 1 to 2 (cluster1 has 2 instances), found 3"
        ),
        (
            "threshold-unknown-cluster.json",
            #"$.thresholds.cluster9: threshold group "cluster9" is not a cluster; expected one of: "all", "cluster1", "cluster2""#
        ),
        (
            "threshold-unknown-metric.json",
            #"$.thresholds.all.p95: unknown key "p95"; expected one of: p50, p90, p99, p999, mean, max, errorPercent, throughput (did you mean "p90"?)"#
        ),
        (
            "threshold-bad-latency.json",
            #"$.thresholds.all.p99: expected a duration such as "500ms", "60s" or "2m", found integer 200"#
        ),
        ("threshold-bad-percent.json", "$.thresholds.all.errorPercent: expected a number <= 100, found 150"),
        ("threshold-empty-group.json", "$.thresholds.cluster1: expected at least one limit, found an empty object"),
        ("fault-bad-action.json", #"$.faults[0].action: expected "kill" or "pause", found string "stop""#),
        (
            "fault-kill-for.json",
            #"$.faults[0].for: only a "pause" lasts "for" a while; a "kill" lasts until the end of the run"#
        ),
        ("root-not-object.json", "$: expected an object at the top level, found an array"),
        ("invalid-json-syntax.json", #"invalid JSON at line 4, column 3: expected "," or "}", found "provider""#),
        (
            "duplicate-json-key.json",
            #"$.clusters[0].count: duplicate key "count" at line 11, column 7 (first at line 10, column 7)"#
        ),
        ("bad-model.json", #"$.load.model: expected "flows", "closed" or "open", found string "poisson""#),
        (
            "model-key-mismatch.json",
            #"$.load.closed: key "closed" needs "model": "closed"; the model here is "flows" (the default)"#
        ),
        ("missing-model-key.json", #"$.load: missing required key "open""#),
        (
            "closed-both-limits.json",
            #"$.load.closed.requests: expected exactly one of "duration" and "requests", found both"#
        ),
        ("closed-no-limit.json", #"$.load.closed: expected one of "duration" and "requests", found neither"#),
        (
            "open-two-shapes.json",
            #"$.load.open.stages: expected only one of "rate" (with "duration"), "stages" and "ramp", found "stages" after "rate""#
        ),
        (
            "open-no-shape.json",
            #"$.load.open: expected "rate" with "duration", "stages" or "ramp", found none of them"#
        ),
        ("bad-rate.json", "$.load.open.rate: expected a number > 0, found 0"),
        ("ramp-zero.json", "$.load.open.ramp: expected a ramp with a rate above 0 at one end, found 0 to 0"),
        (
            "cluster-load-unknown-key.json",
            #"$.clusters[1].load.schedule: unknown key "schedule"; expected one of: model, flows, closed, open"#
        ),
    ]

    /// The absolute path of a fixture, found from this source file's location so tests run from any directory.
    static func fixturePath(_ name: String) -> String {
        fixturesDirectory + "/" + name
    }

    /// The absolute path of `Tests/ClusterBenchTests/Fixtures/bad-configs`.
    static var fixturesDirectory: String {
        testsDirectory + "/Fixtures/bad-configs"
    }

    /// The absolute path of `Tests/ClusterBenchTests`.
    static var testsDirectory: String {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(2)  // Config/BadConfigCases.swift
        return components.joined(separator: "/")
    }
}
