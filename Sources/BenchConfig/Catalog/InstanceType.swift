/// One instance type of the catalogue: what a cloud sells under that name, and what it costs by the hour.
public struct InstanceType: Sendable, Equatable, Codable {
    /// The type's name as configs write it (`m4.large`).
    public var name: String
    /// Virtual CPUs (on these x86 families, one vCPU is one hyperthread of a core).
    public var vCPUs: Int
    /// Memory in GiB.
    public var memoryGiB: Double
    /// The provider's network performance class (`Moderate`, `High`, `Up to 10 Gigabit`).
    public var network: String
    /// On-demand price in USD per hour, in the catalogue's region, for Linux.
    public var hourlyUSD: Double

    /// Makes an instance type.
    public init(name: String, vCPUs: Int, memoryGiB: Double, network: String, hourlyUSD: Double) {
        self.name = name
        self.vCPUs = vCPUs
        self.memoryGiB = memoryGiB
        self.network = network
        self.hourlyUSD = hourlyUSD
    }

    /// Memory as people write it: `8 GiB`, `0.5 GiB`.
    public var memoryText: String {
        memoryGiB == memoryGiB.rounded() ? "\(Int(memoryGiB)) GiB" : "\(memoryGiB) GiB"
    }
}
