/// The form fields of one Query-protocol request (`Action=...&Version=...&...`), in the order they were set.
///
/// Lists are flattened the two ways AWS uses: EC2 numbers the name directly (`InstanceId.1`, `Filter.1.Value.1`),
/// the other Query services add `member` (`Subnets.member.1`, `Tags.member.1.Key`).
public struct QueryParameters: Sendable {
    /// How a list is flattened.
    public enum ListStyle: Sendable {
        /// `Name.1`, `Name.2`: EC2.
        case ec2
        /// `Name.member.1`, `Name.member.2`: ELBv2, CloudWatch, IAM, STS.
        case member
    }

    /// The fields, in order.
    public private(set) var fields: [(name: String, value: String)] = []
    /// The flattening of lists added through `list` and `structures`.
    public var style: ListStyle

    /// No fields yet.
    public init(style: ListStyle) {
        self.style = style
    }

    /// Adds `name=value`; a nil value adds nothing.
    public mutating func set(_ name: String, _ value: String?) {
        if let value { fields.append((name: name, value: value)) }
    }

    /// Adds an integer field; nil adds nothing.
    public mutating func set(_ name: String, _ value: Int?) {
        set(name, value.map(String.init))
    }

    /// Adds a boolean field (`true`/`false`); nil adds nothing.
    public mutating func set(_ name: String, _ value: Bool?) {
        set(name, value.map { $0 ? "true" : "false" })
    }

    /// The field name of element `index` (1-based) of list `name`.
    public func key(_ name: String, _ index: Int) -> String {
        switch style {
        case .ec2: "\(name).\(index)"
        case .member: "\(name).member.\(index)"
        }
    }

    /// Adds a list of strings.
    public mutating func list(_ name: String, _ values: [String]) {
        for (offset, value) in values.enumerated() { set(key(name, offset + 1), value) }
    }

    /// Adds a list of structures: `fill` receives the prefix of each element (`Filter.1`) to add its fields under.
    public mutating func structures<Element>(
        _ name: String, _ elements: [Element], _ fill: (inout QueryParameters, String, Element) -> Void
    ) {
        for (offset, element) in elements.enumerated() { fill(&self, key(name, offset + 1), element) }
    }

    /// Adds `Tags`-style key/value pairs (`Tag.1.Key`, `Tag.1.Value`), sorted by key so requests are reproducible.
    public mutating func tags(_ name: String, _ tags: [String: String]) {
        structures(name, tags.sorted { $0.key < $1.key }) { parameters, prefix, tag in
            parameters.set("\(prefix).Key", tag.key)
            parameters.set("\(prefix).Value", tag.value)
        }
    }

    /// The `application/x-www-form-urlencoded` body.
    public var formBody: String { PercentEncoding.form(fields.map { ($0.name, $0.value) }) }
}
