import BenchConfig

#if canImport(Glibc)
import Glibc
#endif

/// Instance profiles on the local provider: gunicorn workers and threads from the catalogue's vCPUs, and where the
/// kernel allows it one cgroup per instance with a CPU quota and a memory limit in proportion to the type (see
/// `LocalSizing` for the rule and `LocalProfileSettings` for the scale).
extension LocalProvider {
    /// What provision decided about profiles for the whole run.
    struct ProfilePlan {
        /// The sizing of each cluster, by cluster name.
        var sizing: [String: LocalSizing]
        /// The run's cgroups, if limits are enforced.
        var cgroups: CgroupTree?
        /// Why limits are not enforced, if they are not.
        var unavailable: String?
        /// The settings in use.
        var settings: LocalProfileSettings
    }

    /// The catalogue file the provider reads: `Options.catalogPath`, else `<projectRoot>/config/instance-types.json`.
    public var catalogPath: String {
        options.catalogPath ?? context.projectRoot + "/" + InstanceCatalog.defaultRelativePath
    }

    /// Reads the catalogue, sizes every cluster, and (unless disabled) makes the run's parent cgroups. Logs one
    /// warning line when limits cannot be enforced.
    func planProfiles(_ config: ExperimentConfig) throws(ProviderError) -> ProfilePlan {
        let catalog: InstanceCatalog
        do {
            catalog = try InstanceCatalog.load(file: catalogPath)
        } catch {
            throw .invalidConfig(error.description)
        }
        let settings: LocalProfileSettings
        if let given = options.profiles {
            settings = given
        } else {
            settings = try LocalProfileSettings.fromEnvironment()
        }
        var sizing: [String: LocalSizing] = [:]
        for cluster in config.clusters {
            guard let type = catalog.type(named: cluster.instanceType) else {
                throw .invalidConfig("cluster \(cluster.name): \(catalog.unknownTypeMessage(cluster.instanceType))")
            }
            sizing[cluster.name] = LocalSizing(type, settings: settings)
        }

        var plan = ProfilePlan(sizing: sizing, cgroups: nil, unavailable: nil, settings: settings)
        switch settings.limits {
        case .disabled(let reason):
            plan.unavailable = reason
        case .automatic:
            switch CgroupLayout.detect(parent: settings.cgroupParent) {
            case .failure(let failure):
                plan.unavailable = failure.message
            case .success(let layout):
                do {
                    let tree = try CgroupTree.create(
                        layout: layout,
                        runID: context.runID,
                        journal: CgroupJournal(runDirectory: context.runDirectory)
                    )
                    plan.cgroups = tree
                    context.log("instance limits: \(layout.summary), run cgroup \(tree.cpuParent)")
                } catch {
                    plan.unavailable = error.message
                    CgroupJournal(runDirectory: context.runDirectory).removeAll()
                }
            }
        }
        if let reason = plan.unavailable {
            context.log(
                "warning: instance profiles are not enforced (\(reason)): every instance may use the whole machine's "
                    + "CPU and memory, so a smaller type does not serve less"
            )
        } else {
            warnIfQuotasExceedHost(config, plan: plan)
        }
        return plan
    }

    /// Warns when the CPU quotas of the clusters loaded at the same time add up to more than this machine has:
    /// then they compete for the CPUs and a type may get less than its quota.
    private func warnIfQuotasExceedHost(_ config: ExperimentConfig, plan: ProfilePlan) {
        let host = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        func quota(_ cluster: ClusterConfig) -> Double {
            Double(cluster.count) * (plan.sizing[cluster.name]?.cpuQuota ?? 0)
        }
        let busiest: Double =
            config.load.schedule == .parallel
            ? config.clusters.map(quota).reduce(0, +) : config.clusters.map(quota).max() ?? 0
        if busiest > host + 1e-9 {
            context.log(
                "warning: the CPU quotas of the clusters under load at once add up to \(LocalSizing.cpuText(busiest)) "
                    + "CPUs, more than this machine's \(Int(host)): instances will get less than their quota "
                    + "(lower CLUSTERBENCH_CPU_PER_VCPU, now \(LocalSizing.cpuText(plan.settings.cpuPerVCPU)))"
            )
        }
    }

    /// Makes instance `id`'s cgroup before its gunicorn starts; nil with the reason if there is none.
    func makeInstanceCgroup(id: String, sizing: LocalSizing, plan: ProfilePlan) -> (CgroupTree.Instance?, String?) {
        guard let tree = plan.cgroups else { return (nil, plan.unavailable) }
        do {
            let instance = try tree.makeInstance(
                id: id,
                quotaMicroseconds: sizing.quotaMicroseconds(period: plan.settings.cpuPeriodMicroseconds),
                period: plan.settings.cpuPeriodMicroseconds,
                memoryBytes: sizing.memoryLimitMiB * 1024 * 1024
            )
            return (instance, nil)
        } catch {
            return (nil, error.message)
        }
    }

    /// Puts the just-started gunicorn master `pid` (and anything it forked already) into its cgroup and returns the
    /// profile to report; logs a warning for an instance whose limits could not be applied.
    func attachProfile(
        id: String,
        pid: Int32,
        sizing: LocalSizing,
        cgroup: CgroupTree.Instance?,
        problem: String?,
        plan: ProfilePlan
    ) -> InstanceProfile {
        guard let cgroup, let tree = plan.cgroups else {
            if plan.unavailable == nil { context.log("warning: instance \(id): limits not enforced: \(problem ?? "")") }
            return sizing.profile(cpuApplied: false, memoryApplied: false, reason: problem)
        }
        do {
            try tree.attach(pid, to: cgroup)
        } catch {
            context.log("warning: instance \(id): limits not enforced: \(error.message)")
            return sizing.profile(cpuApplied: false, memoryApplied: false, reason: error.message)
        }
        if let memoryProblem = cgroup.memoryProblem {
            context.log("warning: instance \(id): memory limit not enforced: \(memoryProblem)")
        }
        return sizing.profile(
            cpuApplied: true,
            memoryApplied: cgroup.memoryFolder != nil,
            reason: cgroup.memoryProblem.map { "memory limit not applied: \($0)" }
        )
    }

    /// Removes the run's cgroups once its processes are gone; logs what could not be removed.
    func removeCgroups(_ tree: CgroupTree) {
        for (folder, reason) in tree.removeAll() {
            context.log("warning: cannot remove cgroup \(folder): \(reason)")
        }
    }
}
