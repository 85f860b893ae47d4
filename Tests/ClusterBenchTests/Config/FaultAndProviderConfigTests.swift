import Plugins
import Testing

@testable import BenchConfig

/// The `faults` section and the provider settings `metricsPeriod` and `urls`.
@Suite struct FaultAndProviderConfigTests {
    let loader = ProviderRegistry.builtIn.configLoader()

    func config(provider: String = #"{"name": "local"}"#, faults: String? = nil) -> String {
        """
        {
          "name": "f",
          "provider": \(provider),
          "clusters": [
            {"name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 2},
            {"name": "c2", "path": "/c2", "instanceType": "t2.micro", "count": 1}
          ],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 1}]}]}\(faults.map { ",\n  \"faults\": \($0)" } ?? "")
        }
        """
    }

    func failure(_ text: String) -> String? {
        do {
            _ = try loader.parse(text, file: "x.json")
            return nil
        } catch {
            return String(error.description.dropFirst("x.json: ".count))
        }
    }

    @Test func faultsAreReadWithTheirDefaults() throws {
        let text = config(
            faults: """
                [{"at": "2s", "cluster": "c1", "instance": 2, "action": "kill"},
                 {"at": "500ms", "cluster": "c2", "instance": 1, "action": "pause", "for": "3s"},
                 {"at": "0s", "cluster": "c2", "instance": 1, "action": "pause"}]
                """)
        let experiment = try loader.parse(text, file: "x.json")
        #expect(
            experiment.faults == [
                FaultConfig(at: .seconds(2), cluster: "c1", instance: 2, action: .kill),
                FaultConfig(at: .milliseconds(500), cluster: "c2", instance: 1, action: .pause, duration: .seconds(3)),
                FaultConfig(at: .zero, cluster: "c2", instance: 1, action: .pause),
            ])
        #expect(experiment.faults[1].summary == "pause c2 instance 1 at 500ms for 3s")
        #expect(try loader.parse(config(), file: "x.json").faults == [])
        #expect(try loader.parse(config(faults: "[]"), file: "x.json").faults == [])
    }

    @Test(arguments: [
        (#"[{"at": "2s", "cluster": "c1", "instance": 1}]"#, #"$.faults[0]: missing required key "action""#),
        (
            #"[{"at": "2s", "cluster": "c1", "instance": 0, "action": "kill"}]"#,
            "$.faults[0].instance: expected an integer >= 1, found 0"
        ),
        (
            #"[{"at": "2s", "cluster": "c2", "instance": 2, "action": "kill"}]"#,
            "$.faults[0].instance: expected an instance number from 1 to 1 (c2 has 1 instance), found 2"
        ),
        (
            #"[{"at": "2s", "cluster": "c1", "instance": 1, "action": "pause", "for": "0s"}]"#,
            #"$.faults[0].for: expected a duration > 0s, found "0s""#
        ),
        (
            #"[{"at": "soon", "cluster": "c1", "instance": 1, "action": "kill"}]"#,
            #"$.faults[0].at: expected a duration such as "500ms", "60s" or "2m", found "soon""#
        ),
        (
            #"[{"at": "1s", "cluster": "c1", "instance": 1, "action": "kill", "when": 1}]"#,
            #"$.faults[0].when: unknown key "when"; expected one of: at, cluster, instance, action, for"#
        ),
        (#"{"at": "1s"}"#, "$.faults: expected an array of faults, found an object"),
    ])
    func badFaultsAreRefused(faults: String, expected: String) {
        #expect(failure(config(faults: faults)) == expected)
    }

    @Test func metricsPeriodDefaultsToCloudWatchsMinute() throws {
        #expect(try loader.parse(config(), file: "x.json").provider.metricsPeriod == .seconds(60))
        let one = config(provider: #"{"name": "local", "metricsPeriod": "1s"}"#)
        #expect(try loader.parse(one, file: "x.json").provider.metricsPeriod == .seconds(1))
        #expect(
            failure(config(provider: #"{"name": "local", "metricsPeriod": "500ms"}"#))
                == #"$.provider.metricsPeriod: expected a duration >= 1s, found "500ms""#
        )
        #expect(
            failure(config(provider: #"{"name": "local", "metricsPeriod": "2h"}"#))
                == #"$.provider.metricsPeriod: expected a duration <= 1h, found "2h""#
        )
    }

    @Test func staticProviderTakesAURLPerCluster() throws {
        let text = config(provider: #"{"name": "static", "urls": {"c2": "http://127.0.0.1:9/b", "c1": "https://h/a"}}"#)
        let experiment = try loader.parse(text, file: "x.json")
        #expect(experiment.provider.settings(as: StaticSettings.self)?.urls == ["c1": "https://h/a", "c2": "http://127.0.0.1:9/b"])
        #expect(try loader.parse(experiment.json().serialized(pretty: true), file: "y.json") == experiment)
        #expect(failure(config(provider: #"{"name": "static"}"#)) == #"$.provider: missing required key "urls""#)
        #expect(
            failure(config(provider: #"{"name": "static", "urls": {"c1": "http://", "c2": "http://x"}}"#))
                == #"$.provider.urls.c1: expected an http:// or https:// URL such as "http://127.0.0.1:8080/cluster1", found "http://""#
        )
        #expect(
            failure(config(provider: #"{"name": "static", "urls": {"c1": 1}}"#))
                == "$.provider.urls.c1: expected a string, found integer 1"
        )
    }
}
