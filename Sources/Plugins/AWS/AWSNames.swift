import AWS

/// The shapes of AWS names and ids a config may give, checked before anything is sent.
enum AWSNames {
    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4` (the client's rule,
    /// `AWSConfiguration.isRegionName`).
    static func region(_ text: String) -> Bool { AWSConfiguration.isRegionName(text) }

    /// `us-east-1a`: a region and one lowercase letter.
    static func zone(_ text: String) -> Bool {
        guard let last = text.last, last >= "a", last <= "z" else { return false }
        return region(String(text.dropLast()))
    }

    /// Whether `zone` lies in `region`.
    static func zone(_ zone: String, in region: String) -> Bool {
        self.zone(zone) && String(zone.dropLast()) == region
    }

    /// `ami-` and 8 or 17 hexadecimal digits.
    static func image(_ text: String) -> Bool { id(text, prefix: "ami-") }

    /// `subnet-` and 8 or 17 hexadecimal digits.
    static func subnet(_ text: String) -> Bool { id(text, prefix: "subnet-") }

    /// `a.b.c.d/n`: four octets of 0 to 255 and a prefix of 0 to 32, no leading zeros.
    static func cidr(_ text: String) -> Bool {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let prefix = number(halves[1]), prefix <= 32 else { return false }
        let octets = halves[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { number($0).map { $0 <= 255 } ?? false }
    }

    private static func id(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let digits = text.dropFirst(prefix.count)
        return (digits.count == 8 || digits.count == 17) && digits.allSatisfy(\.isHexDigit)
            && digits.allSatisfy { !$0.isUppercase }
    }

    /// A decimal number without sign or leading zero (but "0"), up to three digits.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.allSatisfy(\.isNumber), text == "0" || !text.hasPrefix("0") else {
            return nil
        }
        return Int(text)
    }
}
