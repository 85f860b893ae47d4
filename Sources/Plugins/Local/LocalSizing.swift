import BenchConfig

/// How the local provider makes one gunicorn process group stand in for an instance type.
///
/// The rule, from the catalogue's vCPUs and memory:
/// - workers and threads per worker: `GunicornShape`, as on every provider.
/// - CPU quota = vCPUs x `cpuPerVCPU` CPUs of this machine (default 0.125: a 4-vCPU type gets half a CPU, and four
///   of them fill a 2-core machine). This is a scale model: it keeps the ratios between types, not their speed.
/// - memory limit = memoryGiB x `memoryMiBPerGiB` MiB (default 128: 1/8 scale like the CPU), at least
///   `minimumMemoryMiB` (a gunicorn master and one worker of the app need about 60 MB).
struct LocalSizing: Equatable, Sendable {
    /// The instance type.
    var type: InstanceType
    /// gunicorn worker processes.
    var workers: Int
    /// Threads per worker.
    var threads: Int
    /// CPUs of this machine the instance may use.
    var cpuQuota: Double
    /// Memory limit in MiB.
    var memoryLimitMiB: Int

    /// The sizing of `type` under `settings`.
    init(_ type: InstanceType, settings: LocalProfileSettings) {
        self.type = type
        let shape = GunicornShape(vCPUs: type.vCPUs)
        workers = shape.workers
        threads = shape.threads
        cpuQuota = Double(type.vCPUs) * settings.cpuPerVCPU
        memoryLimitMiB = max(settings.minimumMemoryMiB, Int((type.memoryGiB * settings.memoryMiBPerGiB).rounded()))
    }

    /// The quota as cgroup files write it: microseconds of CPU per `period` (at least the kernel's 1 ms).
    func quotaMicroseconds(period: Int) -> Int {
        max(1000, Int((cpuQuota * Double(period)).rounded()))
    }

    /// "m4.large: 1 worker x 4 threads".
    var summary: String {
        "\(type.name): \(workers) worker\(workers == 1 ? "" : "s") x \(threads) threads"
    }

    /// "0.25 CPU, 1024 MiB".
    var limitsSummary: String {
        "\(Self.cpuText(cpuQuota)) CPU, \(memoryLimitMiB) MiB"
    }

    /// A CPU amount without trailing zeros: `0.25`, `0.5`, `1`.
    static func cpuText(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The profile to report: the shape, and each limit only if it was applied; enforced when both were.
    func profile(cpuApplied: Bool, memoryApplied: Bool, reason: String?) -> InstanceProfile {
        let enforced = cpuApplied && memoryApplied
        return InstanceProfile(
            workers: workers,
            threads: threads,
            cpuQuota: cpuApplied ? cpuQuota : nil,
            memoryLimitMiB: memoryApplied ? memoryLimitMiB : nil,
            enforced: enforced,
            reason: enforced ? nil : (reason ?? "not enforced")
        )
    }
}
