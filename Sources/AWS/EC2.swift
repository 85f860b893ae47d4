import Foundation

/// Amazon EC2's operations that ClusterBench uses, typed: the network it runs in, security groups and instances.
public struct EC2: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// EC2 through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// One call; `fill` adds the action's parameters (EC2 list style).
    func call(_ action: String, _ fill: (inout QueryParameters) -> Void = { _ in }) throws(AWSError) -> XMLTree {
        var parameters = QueryParameters(style: .ec2)
        fill(&parameters)
        return try client.query(.ec2, action, parameters)
    }

    /// A paginated `Describe*` call: every page's `parse`d items, following `nextToken`.
    func describeAll<Item>(
        _ action: String, maxResults: Int? = nil, _ fill: (inout QueryParameters) -> Void,
        _ parse: (XMLTree) -> [Item]
    ) throws(AWSError) -> [Item] {
        try client.paginate(.ec2, action) { token throws(AWSError) in
            let page = try call(action) { parameters in
                fill(&parameters)
                parameters.set("MaxResults", maxResults)
                parameters.set("NextToken", token)
            }
            return (parse(page), page.string("nextToken"))
        }
    }

    /// Adds `Filter.N.Name` and `Filter.N.Value.M`.
    static func add(_ filters: [EC2Filter], to parameters: inout QueryParameters) {
        parameters.structures("Filter", filters) { parameters, prefix, filter in
            parameters.set("\(prefix).Name", filter.name)
            parameters.list("\(prefix).Value", filter.values)
        }
    }

    /// Adds one `TagSpecification` for `resourceType` carrying `tags` (nothing when `tags` is empty).
    static func add(tags: [String: String], for resourceTypes: [String], to parameters: inout QueryParameters) {
        guard !tags.isEmpty else { return }
        parameters.structures("TagSpecification", resourceTypes) { parameters, prefix, type in
            parameters.set("\(prefix).ResourceType", type)
            parameters.tags("\(prefix).Tag", tags)
        }
    }

    /// The `<tagSet>` of an element as a dictionary.
    static func tags(_ element: XMLTree) -> [String: String] {
        var tags: [String: String] = [:]
        for item in element.list("tagSet") {
            if let key = item.string("key") { tags[key] = item.string("value") ?? "" }
        }
        return tags
    }
}
