extension EC2 {
    /// Volumes by filters (`tag-key`, `tag:KEY`, `status`, `attachment.instance-id`), every page followed.
    public func describeVolumes(filters: [EC2Filter] = []) throws(AWSError) -> [EC2Volume] {
        try describeAll("DescribeVolumes", maxResults: nil, { Self.add(filters, to: &$0) }) { page in
            page.list("volumeSet").map { item in
                EC2Volume(
                    id: item.string("volumeId") ?? "", state: item.string("status") ?? "",
                    attachedTo: item.list("attachmentSet").compactMap { $0.string("instanceId") },
                    tags: Self.tags(item))
            }
        }
    }

    /// Deletes a volume that is not attached (`available`).
    public func deleteVolume(id: String) throws(AWSError) {
        _ = try call("DeleteVolume") { $0.set("VolumeId", id) }
    }
}

/// An EBS volume as `DescribeVolumes` reports it.
public struct EC2Volume: Sendable, Equatable {
    /// `vol-...`.
    public var id: String
    /// `creating`, `available`, `in-use`, `deleting`, ...
    public var state: String
    /// The instances it is attached to.
    public var attachedTo: [String]
    /// Tags.
    public var tags: [String: String]
}
