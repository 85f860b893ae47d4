import Testing

@testable import BenchConfig
import Plugins

/// The instance-type catalogue: the shipped file is complete and strict, and unknown types get close matches.
@Suite struct InstanceCatalogTests {
    static let shippedPath = TestSupport.projectRoot + "/config/instance-types.json"

    /// The catalogue fixture folder (`Tests/ClusterBenchTests/Fixtures/catalog`).
    static func fixture(_ name: String) -> String {
        BadConfigCases.testsDirectory + "/Fixtures/catalog/" + name
    }

    @Test func shippedCatalogueLoadsAndEveryEntryIsComplete() throws {
        let catalog = try InstanceCatalog.load(file: Self.shippedPath)
        let required = [
            "m4.large", "t2.xlarge", "t2.micro", "t2.small", "t2.medium", "t2.large", "t3.micro", "t3.small",
            "t3.medium", "t3.large", "t3.xlarge", "m5.large", "m5.xlarge", "m6i.large", "c5.large", "c5.xlarge",
            "r5.large",
        ]
        for name in required { #expect(catalog.type(named: name) != nil, "missing \(name)") }
        #expect(Set(catalog.names).count == catalog.types.count)
        let networks: Set = [
            "Low to Moderate", "Moderate", "High", "Up to 5 Gigabit", "Up to 10 Gigabit", "Up to 12.5 Gigabit",
        ]
        for type in catalog.types {
            #expect(type.vCPUs >= 1 && type.vCPUs <= 8, "\(type.name)")
            #expect(type.memoryGiB >= 0.5 && type.memoryGiB <= 64, "\(type.name)")
            #expect(networks.contains(type.network), "\(type.name): \(type.network)")
            #expect(type.hourlyUSD > 0.001 && type.hourlyUSD < 1, "\(type.name)")
        }
        #expect(
            catalog.type(named: "m4.large")
                == InstanceType(name: "m4.large", vCPUs: 2, memoryGiB: 8, network: "Moderate", hourlyUSD: 0.1)
        )
        #expect(
            catalog.type(named: "t2.xlarge")
                == InstanceType(name: "t2.xlarge", vCPUs: 4, memoryGiB: 16, network: "Moderate", hourlyUSD: 0.1856)
        )
        #expect(
            catalog.type(named: "t3.micro")
                == InstanceType(name: "t3.micro", vCPUs: 2, memoryGiB: 1, network: "Up to 5 Gigabit", hourlyUSD: 0.0104)
        )
        #expect(catalog.region == "us-east-1")
        #expect(catalog.checked == "2026-11-29")
        #expect(catalog.description.contains("us-east-1") && catalog.description.contains("2026-11-29"))
        #expect(catalog.sources.contains("https://aws.amazon.com/ec2/pricing/on-demand/"))
    }

    @Test func everyShippedConfigNamesCatalogueTypes() throws {
        let catalog = try InstanceCatalog.load(file: Self.shippedPath)
        let loader = ProviderRegistry.builtIn.configLoader()
        for name in ["local.json", "tp1.json", "small.json"] {
            let file = TestSupport.projectRoot + "/config/" + name
            try catalog.validate(try loader.load(file: file), file: file)
        }
    }

    @Test func unknownTypeIsAConfigErrorWithCloseMatches() throws {
        let catalog = try InstanceCatalog.load(file: "config/instance-types.json".relativeToPackage)
            .withFile("config/instance-types.json")
        let file = Self.fixture("unknown-instance-type.json")
        let config = try ConfigLoader(knownProviders: ["local"]).load(file: file)
        #expect(
            throws: ConfigError(
                file: file,
                path: "$.clusters[0].instanceType",
                message:
                    #"unknown instance type "m4.larg"; close matches: m4.large, m4.xlarge, m5.large (catalogue: config/instance-types.json)"#
            )
        ) { try catalog.validate(config, file: file) }
    }

    @Test(arguments: [
        ("m4.larg", "close matches: m4.large, m4.xlarge, m5.large"),
        ("t2.mikro", "close matches: t2.micro"),
        ("T3.SMALL", "close matches: t3.small, t2.small"),
        ("c5.larges", "close matches: c5.large, c5.xlarge, m5.large, r5.large"),
        ("zz.huge", "no close match among the 3 types"),
    ])
    func closeMatchesAreNearestFirst(name: String, hint: String) {
        let catalog = InstanceCatalog(
            types: [
                "m4.large", "m4.xlarge", "m5.large", "t2.micro", "t2.small", "t3.small", "c5.large", "c5.xlarge",
                "r5.large",
            ]
            .map { InstanceType(name: $0, vCPUs: 2, memoryGiB: 4, network: "Moderate", hourlyUSD: 0.1) },
            file: "cat.json"
        )
        let small = InstanceCatalog(types: Array(catalog.types.prefix(3)), file: "cat.json")
        let message = (name == "zz.huge" ? small : catalog).unknownTypeMessage(name)
        #expect(message == "unknown instance type \"\(name)\"; \(hint) (catalogue: cat.json)")
    }

    static let validEntry = #"{"vCPUs": 2, "memoryGiB": 8, "network": "Moderate", "hourlyUSD": 0.1}"#

    static func document(types: String = #"{"m4.large": \#(validEntry)}"#, extra: String = "") -> String {
        #"{"description": "d", "region": "us-east-1", "checked": "2026-11-29", "sources": ["https://x"], "types": \#(types)\#(extra)}"#
    }

    @Test(arguments: [
        (
            document(extra: #", "currency": "USD""#),
            #"$.currency: unknown key "currency"; expected one of: description, region, checked, sources, types"#
        ),
        (#"{"description": "d", "region": "r", "checked": "c", "types": {}}"#, #"$: missing required key "sources""#),
        (document(types: "{}"), "$.types: expected at least one instance type, found an empty object"),
        (
            document(types: #"{"M4.large": \#(validEntry)}"#),
            #"$.types["M4.large"]: expected an instance type name such as "m4.large" (lowercase letters and digits around one "."), found "M4.large""#
        ),
        (
            document(types: #"{"m4.large": {"vCPUs": 0, "memoryGiB": 8, "network": "Moderate", "hourlyUSD": 0.1}}"#),
            "$.types[\"m4.large\"].vCPUs: expected an integer from 1 to 1024, found 0"
        ),
        (
            document(types: #"{"m4.large": {"vCPUs": 2, "memoryGiB": 8, "network": "Moderate", "hourlyUSD": "0.1"}}"#),
            #"$.types["m4.large"].hourlyUSD: expected a number, found string "0.1""#
        ),
        (
            document(types: #"{"m4.large": {"vCPUs": 2, "memoryGiB": 8, "network": "Moderate", "hourlyUSD": 0}}"#),
            #"$.types["m4.large"].hourlyUSD: expected a number > 0, found integer 0"#
        ),
        (
            document(types: #"{"m4.large": {"vCPUs": 2, "memoryGiB": 8, "network": "Moderate"}}"#),
            #"$.types["m4.large"]: missing required key "hourlyUSD""#
        ),
        (
            document(types: #"{"m4.large": {"vCPUs": 2, "memoryGB": 8, "network": "Moderate", "hourlyUSD": 0.1}}"#),
            #"$.types["m4.large"].memoryGB: unknown key "memoryGB"; expected one of: vCPUs, memoryGiB, network, hourlyUSD (did you mean "memoryGiB"?)"#
        ),
        (
            document(types: #"{"m4.large": \#(validEntry), "m4.large": \#(validEntry)}"#),
            #"$.types["m4.large"]: duplicate key "m4.large" at line 1, column 189 (first at line 1, column 106)"#
        ),
        ("[]", "$: expected an object at the top level, found an empty array"),
    ])
    func badCatalogueGivesExactMessage(text: String, expected: String) {
        #expect(throws: ConfigError.self) { try InstanceCatalog(parsing: text, file: "cat.json") }
        do {
            _ = try InstanceCatalog(parsing: text, file: "cat.json")
        } catch {
            #expect(error.description == "cat.json: \(expected)")
        }
    }

    @Test func missingCatalogueNamesTheSystemReason() {
        #expect(
            throws: ConfigError(
                file: "/nonexistent/c.json",
                path: "",
                message: "cannot read file (No such file or directory)"
            )
        ) {
            try InstanceCatalog.load(file: "/nonexistent/c.json")
        }
    }

    @Test func tp1PlanCostsWhatThePricesSay() throws {
        let catalog = try InstanceCatalog.load(file: Self.shippedPath).withFile("config/instance-types.json")
        let config = try ConfigLoader(knownProviders: ["local"]).load(
            file: TestSupport.projectRoot + "/config/local.json"
        )
        let estimate = try CostEstimate(
            config: config,
            catalog: catalog,
            file: "config/local.json",
            requestTime: .milliseconds(10)
        )
        #expect(estimate.lines.map(\.vCPUs) == [8, 16])
        #expect(estimate.lines.map(\.memoryGiB) == [32, 64])
        #expect(abs(estimate.hourlyUSD - (4 * 0.1 + 4 * 0.1856)) < 1e-9)
        // Flow B is the longest: 1500 requests x 10 ms + 10 s of pause = 25 s per cluster, two clusters in turn.
        #expect(estimate.loadDuration == .seconds(50))
        // 50 s is below EC2's 60 s minimum, so every instance is billed for a minute.
        #expect(abs(estimate.runUSD - 1.1424 / 60) < 1e-9)
        let slow = try CostEstimate(
            config: config,
            catalog: catalog,
            file: "config/local.json",
            requestTime: .milliseconds(100)
        )
        #expect(slow.loadDuration == .seconds(320))
        #expect(abs(slow.runUSD - 1.1424 * 320 / 3600) < 1e-9)
        let text = estimate.text(config: config, file: "config/local.json", catalog: catalog)
        #expect(
            text.split(separator: "\n").prefix(5).joined(separator: "\n") == """
                plan: tp1-local (config/local.json) on provider local
                cluster   instances      vCPUs  memory  network   USD/h each   USD/h
                cluster1  4 x m4.large       8  32 GiB  Moderate      0.1000  0.4000
                cluster2  4 x t2.xlarge     16  64 GiB  Moderate      0.1856  0.7424
                total     8 instances       24  96 GiB                        1.1424
                """
        )
        #expect(
            text.contains("expected duration 50 s (longest flow: 1500 requests x 10ms + 10s of pauses per cluster;")
        )
        #expect(text.contains("cost for the expected duration: USD 0.0190 "))
    }
}

extension InstanceCatalog {
    /// The same catalogue, named `file` in messages.
    fileprivate func withFile(_ file: String) -> InstanceCatalog {
        var copy = self
        copy.file = file
        return copy
    }
}

extension String {
    /// This path (relative to the package root) made absolute.
    fileprivate var relativeToPackage: String { TestSupport.projectRoot + "/" + self }
}
