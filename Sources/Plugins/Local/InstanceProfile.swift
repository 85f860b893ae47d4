/// How the local provider makes a gunicorn process stand in for an instance type: gunicorn workers and threads
/// derived from the type's vCPUs.
///
/// The vCPU table is built in for now; a data catalogue in `config/` (vCPUs, memory, price) replaces it later.
struct InstanceProfile: Equatable, Sendable {
    /// The instance type as named in the config (`m4.large`).
    var instanceType: String
    /// Its vCPUs (from the table, or `fallbackVCPUs` when the type is not in it).
    var vCPUs: Int
    /// Whether the type is in the table.
    var isKnown: Bool

    /// vCPUs of the instance types the local provider knows.
    static let vCPUsByType: [String: Int] = [
        "m4.large": 2,
        "t2.xlarge": 4,
        "t2.micro": 1,
        "t2.small": 1,
    ]

    /// vCPUs assumed for a type not in the table (and a warning logged).
    static let fallbackVCPUs = 2

    /// The profile of `instanceType`.
    init(instanceType: String) {
        self.instanceType = instanceType
        if let vCPUs = Self.vCPUsByType[instanceType] {
            self.vCPUs = vCPUs
            self.isKnown = true
        } else {
            self.vCPUs = Self.fallbackVCPUs
            self.isKnown = false
        }
    }

    /// gunicorn worker processes: one per two vCPUs, at least one.
    var workers: Int { max(1, vCPUs / 2) }

    /// Threads per worker (gunicorn's `gthread` worker).
    var threads: Int { 4 }

    /// "m4.large: 1 worker x 4 threads".
    var summary: String {
        "\(instanceType): \(workers) worker\(workers == 1 ? "" : "s") x \(threads) threads"
    }
}
