/// The shape rules for names, paths and instance types; each returns nil when the text is fine, else the message
/// (without file and path) saying what was expected.
enum ConfigRules {
    /// Experiment names: `[A-Za-z0-9_.-]{1,64}`; they appear in run ids and folder names.
    static func experimentName(_ text: String) -> String? {
        guard text.utf8.count >= 1, text.utf8.count <= 64, text.utf8.allSatisfy({ isNameByte($0) || $0 == dot })
        else {
            return "expected a name of 1 to 64 characters from A-Z a-z 0-9 _ . -, found \(ConfigNode.quote(text))"
        }
        return nil
    }

    /// Cluster and flow names: `[A-Za-z0-9_-]{1,32}`; they become HAProxy backend names and report labels.
    static func label(_ text: String, kind: String) -> String? {
        guard text.utf8.count >= 1, text.utf8.count <= 32, text.utf8.allSatisfy(isNameByte) else {
            return "expected a \(kind) name of 1 to 32 characters from A-Z a-z 0-9 _ -, found \(ConfigNode.quote(text))"
        }
        return nil
    }

    /// Instance types: `[a-z0-9]+\.[a-z0-9]+`, as EC2 names them (`m4.large`, `t2.xlarge`).
    static func instanceType(_ text: String) -> String? {
        let parts = text.utf8.split(separator: dot, omittingEmptySubsequences: false)
        let isLowerAlphanumeric = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isLowerAlphanumeric) }) else {
            return "expected an instance type such as \"m4.large\" or \"t2.xlarge\" (lowercase letters and digits "
                + "around one \".\"), found \(ConfigNode.quote(text))"
        }
        return nil
    }

    /// Cluster paths: a load-balancer route such as `/cluster1`; see `docs/config.md` for each rule.
    static func clusterPath(_ text: String) -> String? {
        let found = ConfigNode.quote(text)
        guard text.hasPrefix("/") else {
            return "expected a path starting with \"/\" such as \"/cluster1\", found \(found)"
        }
        guard text.utf8.allSatisfy(isPathByte) else {
            return "expected a path of the characters A-Z a-z 0-9 . _ ~ / -, found \(found)"
        }
        guard text != "/" else { return "expected a path below \"/\" such as \"/cluster1\", found \"/\"" }
        guard !text.hasSuffix("/") else { return "expected a path without a trailing \"/\", found \(found)" }
        let segments = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: \.isEmpty) else {
            return "expected a path without empty segments (\"//\"), found \(found)"
        }
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else {
            return "expected a path without \".\" or \"..\" segments, found \(found)"
        }
        guard text != "/health" else {
            return "expected a path other than \"/health\", which the load balancer answers itself, found \"/health\""
        }
        return nil
    }

    /// Target URLs of clusters that already exist: `http://` or `https://`, a host, then visible ASCII only.
    static func targetURL(_ text: String) -> String? {
        let scheme = ["http://", "https://"].first { text.hasPrefix($0) }
        let rest = scheme.map { text.utf8.dropFirst($0.utf8.count) }
        guard let rest, let first = rest.first, first != UInt8(ascii: "/"), first != UInt8(ascii: ":"),
            rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            return "expected an http:// or https:// URL such as \"http://127.0.0.1:8080/cluster1\", found "
                + ConfigNode.quote(text)
        }
        return nil
    }

    /// Whether the load balancer could tell the two paths apart: neither is the other or lies under it.
    static func isSegmentPrefix(_ prefix: String, of path: String) -> Bool {
        path.hasPrefix(prefix + "/")
    }

    private static let dot = UInt8(ascii: ".")

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || byte == dot || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/")
    }
}
