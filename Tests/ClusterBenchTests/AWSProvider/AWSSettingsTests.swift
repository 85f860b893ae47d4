import BenchConfig
import Foundation
import Testing

@testable import Plugins

/// The `aws` provider's own config keys: defaults, round trip, and one exact line per mistake.
@Suite struct AWSSettingsTests {
    let loader = ConfigLoader(providers: [
        ProviderSchema(name: "aws", keys: AWSSettings.keys) { section throws(ConfigError) in
            try AWSSettings.decode(section)
        }
    ])

    func config(_ provider: String) -> String {
        """
        {"name": "tp1", "provider": {"name": "aws"\(provider.isEmpty ? "" : ", " + provider)},
         "clusters": [{"name": "cluster1", "path": "/cluster1", "instanceType": "m4.large", "count": 4}],
         "load": {"flows": [{"name": "A", "steps": [{"requests": 1000}]}]}}
        """
    }

    func failure(_ provider: String) -> String? {
        do {
            _ = try loader.parse(config(provider), file: "aws.json")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func defaultsAndRoundTrip() throws {
        let plain = try loader.parse(config(""), file: "aws.json")
        let settings = try #require(plain.provider.settings(as: AWSSettings.self))
        #expect(settings == AWSSettings())
        #expect(settings.ingressCIDRs == ["0.0.0.0/0"])
        #expect(settings.appPort == 8000)
        #expect(settings.selfDestruct == .seconds(10800))
        let full = try loader.parse(
            config(
                #""region": "us-east-1", "availabilityZones": ["us-east-1a", "us-east-1b"], "ingressCIDRs": ["203.0.113.0/24", "10.0.0.0/8"], "ami": "ami-0abcdef1234567890", "appPort": 8080, "selfDestruct": "90m", "metricsSettle": "0s", "keyName": "lab""#
            ), file: "aws.json")
        let parsed = try #require(full.provider.settings(as: AWSSettings.self))
        #expect(parsed.region == "us-east-1")
        #expect(parsed.availabilityZones == ["us-east-1a", "us-east-1b"])
        #expect(parsed.ingressCIDRs == ["203.0.113.0/24", "10.0.0.0/8"])
        #expect(parsed.selfDestruct == .seconds(5400))
        #expect(try loader.parse(full.json().serialized(pretty: true), file: "resolved.json") == full)
    }

    @Test(arguments: [
        (#""region": "us-east""#, #"$.provider.region: expected a region such as "us-east-1", found "us-east""#),
        (#""region": "US-EAST-1""#, #"$.provider.region: expected a region such as "us-east-1", found "US-EAST-1""#),
        (
            #""region": "us-east-1", "availabilityZones": ["us-east-1a", "us-west-2b"]"#,
            #"$.provider.availabilityZones: availability zone "us-west-2b" is not in region "us-east-1""#
        ),
        (
            #""availabilityZones": ["us-east-1a"]"#,
            "$.provider.availabilityZones: expected at least two availability zones (an Application Load Balancer "
                + "needs two), found 1"
        ),
        (
            #""availabilityZones": ["us-east-1a", "us-east-1a"]"#,
            "$.provider.availabilityZones: expected distinct availability zones, found a repeat"
        ),
        (
            #""ingressCIDRs": ["10.0.0.0/33"]"#,
            #"$.provider.ingressCIDRs[0]: expected an IPv4 CIDR such as "203.0.113.0/24", found "10.0.0.0/33""#
        ),
        (
            #""ingressCIDRs": ["0.0.0.0/0", "256.1.1.1/8"]"#,
            #"$.provider.ingressCIDRs[1]: expected an IPv4 CIDR such as "203.0.113.0/24", found "256.1.1.1/8""#
        ),
        (
            #""ingressCIDRs": []"#,
            "$.provider.ingressCIDRs: expected at least one CIDR: with none, nothing could reach the load balancer"
        ),
        (
            #""ami": "ami-123""#,
            #"$.provider.ami: expected an image id such as "ami-0abcdef1234567890", found "ami-123""#
        ),
        (#""appPort": 80"#, "$.provider.appPort: expected an integer >= 1024, found 80"),
        (#""selfDestruct": "5m""#, #"$.provider.selfDestruct: expected a duration >= 10m, found "5m""#),
        (
            #""subnetIDs": ["subnet-0123abcd"]"#,
            "$.provider.subnetIDs: expected at least two subnets in two availability zones (an Application Load "
                + "Balancer needs two), found 1"
        ),
        (
            #""regoin": "us-east-1""#,
            #"$.provider.regoin: unknown key "regoin"; expected one of: name, healthTimeout, metricsPeriod, region, "#
                + "availabilityZones, subnetIDs, ingressCIDRs, ami, amiParameter, appPort, selfDestruct, metricsSettle, "
                + #"keyName (did you mean "region"?)"#
        ),
    ])
    func mistakesGiveOneLine(provider: String, expected: String) {
        #expect(failure(provider) == "aws.json: " + expected)
    }

    @Test func namesAreCheckedByShape() {
        #expect(AWSNames.region("us-gov-west-1"))
        #expect(AWSNames.region("ap-southeast-4"))
        #expect(!AWSNames.region("us-east-1a"))
        #expect(AWSNames.zone("us-east-1a", in: "us-east-1"))
        #expect(!AWSNames.zone("us-east-1", in: "us-east-1"))
        #expect(AWSNames.cidr("0.0.0.0/0") && AWSNames.cidr("255.255.255.255/32"))
        #expect(!AWSNames.cidr("01.0.0.0/8") && !AWSNames.cidr("1.2.3/8") && !AWSNames.cidr("1.2.3.4"))
        #expect(AWSNames.subnet("subnet-0123456789abcdef0") && !AWSNames.subnet("subnet-0123456789ABCDEF0"))
    }
}
