#if canImport(Glibc)
import Glibc
#endif

/// How the local provider scales instance types down to this machine, and whether it enforces the result with
/// cgroups. The defaults are a 1/8 scale model: 0.125 CPU per vCPU and 128 MiB per GiB.
///
/// From the environment (see `fromEnvironment`), for runs started by `coordinator`:
/// - `CLUSTERBENCH_LOCAL_LIMITS`: `auto` (default: enforce where the kernel allows it) or `off`;
/// - `CLUSTERBENCH_CPU_PER_VCPU`: CPUs of this machine per vCPU of the type, above 0 and at most 4;
/// - `CLUSTERBENCH_MEMORY_MIB_PER_GIB`: MiB of memory limit per GiB of the type, 16 to 1024;
/// - `CLUSTERBENCH_CGROUP_PARENT`: with cgroup v2, the folder to create the run's cgroups under (a delegated
///   subtree, e.g. `/sys/fs/cgroup/clusterbench`); by default this process's own cgroup.
public struct LocalProfileSettings: Sendable, Equatable {
    /// Whether to put limits on instances.
    public enum Limits: Sendable, Equatable {
        /// CPU quota and memory limit per instance where the kernel allows it; a warning where it does not.
        case automatic
        /// No limits; `reason` says why (shown in the run's output and in the report).
        case disabled(reason: String)
    }

    /// Whether to put limits on instances.
    public var limits: Limits
    /// CPUs of this machine that one vCPU of the type stands for.
    public var cpuPerVCPU: Double
    /// MiB of memory limit that one GiB of the type stands for.
    public var memoryMiBPerGiB: Double
    /// The smallest memory limit given to any instance, in MiB.
    public var minimumMemoryMiB: Int
    /// The CPU quota's accounting period in microseconds (the kernel's default, 100 ms).
    public var cpuPeriodMicroseconds: Int
    /// With cgroup v2, the folder under which the run's cgroups are made (a delegated subtree); nil: this
    /// process's own cgroup. (With cgroup v1 the run's cgroups always go under this process's own cgroup of the
    /// cpu and memory hierarchies.)
    public var cgroupParent: String?

    /// Settings with the defaults: limits where possible, 0.125 CPU per vCPU, 128 MiB per GiB (at least 96 MiB),
    /// 100 ms period, this process's own cgroup as parent.
    public init(
        limits: Limits = .automatic,
        cpuPerVCPU: Double = 0.125,
        memoryMiBPerGiB: Double = 128,
        minimumMemoryMiB: Int = 96,
        cpuPeriodMicroseconds: Int = 100_000,
        cgroupParent: String? = nil
    ) {
        self.limits = limits
        self.cpuPerVCPU = cpuPerVCPU
        self.memoryMiBPerGiB = memoryMiBPerGiB
        self.minimumMemoryMiB = minimumMemoryMiB
        self.cpuPeriodMicroseconds = cpuPeriodMicroseconds
        self.cgroupParent = cgroupParent
    }

    /// The settings the environment variables above ask for (defaults for those not set).
    /// - Throws: `ProviderError.invalidConfig` naming the variable and what it must be.
    public static func fromEnvironment(
        _ lookup: (String) -> String? = { getenv($0).map { String(cString: $0) } }
    ) throws(ProviderError) -> LocalProfileSettings {
        var settings = LocalProfileSettings()
        if let mode = lookup("CLUSTERBENCH_LOCAL_LIMITS"), !mode.isEmpty {
            switch mode {
            case "auto": break
            case "off": settings.limits = .disabled(reason: "disabled by CLUSTERBENCH_LOCAL_LIMITS=off")
            default:
                throw .invalidConfig("CLUSTERBENCH_LOCAL_LIMITS: expected \"auto\" or \"off\", found \"\(mode)\"")
            }
        }
        if let text = lookup("CLUSTERBENCH_CPU_PER_VCPU"), !text.isEmpty {
            guard let value = Double(text), value > 0, value <= 4 else {
                throw .invalidConfig(
                    "CLUSTERBENCH_CPU_PER_VCPU: expected a number above 0 and at most 4, found \"\(text)\""
                )
            }
            settings.cpuPerVCPU = value
        }
        if let text = lookup("CLUSTERBENCH_MEMORY_MIB_PER_GIB"), !text.isEmpty {
            guard let value = Double(text), value >= 16, value <= 1024 else {
                throw .invalidConfig(
                    "CLUSTERBENCH_MEMORY_MIB_PER_GIB: expected a number from 16 to 1024, found \"\(text)\""
                )
            }
            settings.memoryMiBPerGiB = value
        }
        if let parent = lookup("CLUSTERBENCH_CGROUP_PARENT"), !parent.isEmpty {
            guard parent.hasPrefix("/") else {
                throw .invalidConfig("CLUSTERBENCH_CGROUP_PARENT: expected an absolute path, found \"\(parent)\"")
            }
            settings.cgroupParent = parent
        }
        return settings
    }
}
