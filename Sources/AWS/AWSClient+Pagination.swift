extension AWSClient {
    /// Every item of a paginated operation: calls `page` with nil, then with each `NextToken`/`Marker` it returned,
    /// until one returns none.
    ///
    /// - Throws: the first error of `page`, or `.malformedResponse` if a token comes back twice (a loop) or more
    ///   than `maximumPages` pages arrive.
    public func paginate<Item>(
        _ service: AWSService, _ operation: String, maximumPages: Int = 1000,
        _ page: (_ token: String?) throws(AWSError) -> (items: [Item], next: String?)
    ) throws(AWSError) -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<maximumPages {
            let result = try page(token)
            items += result.items
            guard let next = result.next, !next.isEmpty else { return items }
            guard seen.insert(next).inserted else {
                throw failure(
                    .malformedResponse, service, operation, status: nil, "the same page token came back twice")
            }
            token = next
        }
        throw failure(.malformedResponse, service, operation, status: nil, "more than \(maximumPages) pages")
    }
}
