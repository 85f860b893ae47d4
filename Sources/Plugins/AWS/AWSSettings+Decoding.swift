import BenchConfig

extension AWSSettings {
    /// Reads the `aws` provider's keys, checking each value's shape (a region name, zones of that region, IPv4
    /// CIDRs, image and subnet ids) so that a typo is exit code 2 before anything is created.
    static func decode(_ section: ProviderSection) throws(ConfigError) -> AWSSettings {
        var settings = AWSSettings()
        for (key, node) in section.members {
            switch key {
            case "region": settings.region = try checked(node, AWSNames.region, "a region such as \"us-east-1\"")
            case "availabilityZones":
                settings.availabilityZones = try list(node, AWSNames.zone, "an availability zone such as \"us-east-1a\"")
            case "subnetIDs": settings.subnetIDs = try list(node, AWSNames.subnet, "a subnet id such as \"subnet-0abc12\"")
            case "ingressCIDRs": settings.ingressCIDRs = try list(node, AWSNames.cidr, "an IPv4 CIDR such as \"203.0.113.0/24\"")
            case "ami": settings.ami = try checked(node, AWSNames.image, "an image id such as \"ami-0abcdef1234567890\"")
            case "amiParameter":
                settings.amiParameter = try checked(node, { $0.hasPrefix("/") && !$0.contains(" ") }, "an SSM parameter path")
            case "appPort": settings.appPort = try node.int(in: 1024...65535)
            case "selfDestruct": settings.selfDestruct = try node.duration(atLeast: "10m", atMost: "24h")
            case "metricsSettle": settings.metricsSettle = try node.duration(atLeast: "0s", atMost: "15m")
            case "keyName": settings.keyName = try checked(node, { !$0.isEmpty && $0.utf8.count <= 255 }, "a key pair name")
            default: throw node.unknownKey(expected: keys)
            }
        }
        try checkZones(settings, section)
        if let node = section.member("subnetIDs"), settings.subnetIDs.count == 1 {
            throw node.error("expected at least two subnets in two availability zones (an Application Load Balancer needs two), found 1")
        }
        if let node = section.member("ingressCIDRs"), settings.ingressCIDRs.isEmpty {
            throw node.error("expected at least one CIDR: with none, nothing could reach the load balancer")
        }
        return settings
    }

    private static func checkZones(_ settings: AWSSettings, _ section: ProviderSection) throws(ConfigError) {
        guard let node = section.member("availabilityZones") else { return }
        let zones = settings.availabilityZones
        if zones.count < 2 {
            throw node.error(
                "expected at least two availability zones (an Application Load Balancer needs two), found \(zones.count)")
        }
        if Set(zones).count != zones.count { throw node.error("expected distinct availability zones, found a repeat") }
        if let region = settings.region, let stray = zones.first(where: { !AWSNames.zone($0, in: region) }) {
            throw node.error("availability zone \(ConfigNode.quote(stray)) is not in region \(ConfigNode.quote(region))")
        }
    }

    private static func checked(
        _ node: ConfigNode, _ rule: (String) -> Bool, _ expected: String
    ) throws(ConfigError) -> String {
        let text = try node.string()
        guard rule(text) else { throw node.error("expected \(expected), found \(ConfigNode.quote(text))") }
        return text
    }

    private static func list(
        _ node: ConfigNode, _ rule: (String) -> Bool, _ expected: String
    ) throws(ConfigError) -> [String] {
        var values: [String] = []
        for element in try node.elements(expected: "an array of strings") {
            values.append(try checked(element, rule, expected))
        }
        return values
    }
}
