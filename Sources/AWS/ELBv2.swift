/// Elastic Load Balancing v2's operations that ClusterBench uses, typed: an application load balancer, target
/// groups, a listener and its path rules.
public struct ELBv2: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// ELBv2 through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// One call; `fill` adds the action's parameters (member list style).
    func call(_ action: String, _ fill: (inout QueryParameters) -> Void = { _ in }) throws(AWSError) -> XMLTree {
        var parameters = QueryParameters(style: .member)
        fill(&parameters)
        return try client.query(.elbv2, action, parameters)
    }

    /// A paginated call: every page's `parse`d items, following `NextMarker`.
    func describeAll<Item>(
        _ action: String, pageSize: Int?, _ fill: (inout QueryParameters) -> Void, _ parse: (XMLTree) -> [Item]
    ) throws(AWSError) -> [Item] {
        try client.paginate(.elbv2, action) { marker throws(AWSError) in
            let page = try call(action) { parameters in
                fill(&parameters)
                parameters.set("PageSize", pageSize)
                parameters.set("Marker", marker)
            }
            return (parse(page), page.string("\(action)Result", "NextMarker"))
        }
    }

    /// The `member`s of list `name` in the `<ActionResult>` of `response`.
    static func members(_ response: XMLTree, _ action: String, _ name: String) -> [XMLTree] {
        response.list("\(action)Result", name)
    }

    /// A `Tags` list as a dictionary.
    static func tags(_ element: XMLTree?) -> [String: String] {
        var tags: [String: String] = [:]
        for member in element?.children ?? [] {
            if let key = member.string("Key") { tags[key] = member.string("Value") ?? "" }
        }
        return tags
    }

    /// The first ARN in a create response, or a malformed-response error.
    func firstArn(_ response: XMLTree, _ action: String, _ list: String, _ field: String) throws(AWSError) -> XMLTree {
        guard let member = Self.members(response, action, list).first, member.string(field) != nil else {
            throw client.failure(.malformedResponse, .elbv2, action, status: 200, "no \(field) in the response")
        }
        return member
    }
}
