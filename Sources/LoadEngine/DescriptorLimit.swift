#if canImport(Glibc)
import Glibc
#endif
import Wire

/// The open-file limit (`RLIMIT_NOFILE`) that a shard's sockets count against, and how a shard is fitted to it.
///
/// Debian's default soft limit is 1,024 files while the hard limit is far higher; a load generator that keeps the
/// soft limit fails its 1,025th connection with `EMFILE`, which would show up as a mass of `other` errors. So the
/// agent raises the soft limit to the hard one when it starts (`raise()`, as Go's runtime does), and a shard is
/// checked before its READY: connections and flows that cannot all have a socket fail the shard's set-up with a
/// message naming the limit; an open model's in-flight cap (a ceiling the pool may never reach) is lowered to what
/// fits, with a warning.
public enum DescriptorLimit {
    /// Descriptors kept for everything but the load's sockets: ZeroMQ's, the log files, epoll and event descriptors,
    /// the resolver's.
    public static let reserve = 64

    /// Raises the soft limit to the hard limit; returns the soft limit now in force.
    @discardableResult public static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current() }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
        }
        return current()
    }

    /// The soft limit in force (`Int.max` when unlimited).
    public static func current() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        // RLIM_INFINITY is all ones.
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// `shard` fitted to `limit` open files: unchanged when every slot can have a socket; with the open targets'
    /// in-flight caps lowered in proportion (at least 1 each) when the caps do not fit, and a warning saying so;
    /// or an error when the flows and connections alone do not fit.
    static func fit(_ shard: ShardAssignment, limit: Int) throws(DescriptorLimitError) -> (ShardAssignment, [String]) {
        let budget = max(0, limit - reserve)
        var fixed = 0
        var open = 0
        for target in shard.targets {
            let slots = LoadEngine.slots(target.load)
            if target.load.model == .open { open += slots } else { fixed += slots }
        }
        guard fixed + open > budget else { return (shard, []) }
        let openTargets = shard.targets.filter { $0.load.model == .open }.count
        guard fixed + openTargets <= budget else {
            throw DescriptorLimitError(
                description: "the shard needs \(fixed + openTargets) sockets at least (\(fixed) connections and flows"
                    + (openTargets > 0 ? ", one per open target" : "") + ") but this agent may open \(limit) files "
                    + "(ulimit -n; \(reserve) kept for itself): raise the limit or spread the load over more agents")
        }
        var fitted = shard
        var lowered = 0
        for index in fitted.targets.indices {
            guard case .open(var share) = fitted.targets[index].load else { continue }
            share.maxInFlight = max(1, share.maxInFlight * (budget - fixed) / open)
            share.connections = share.connections.map { min($0, share.maxInFlight) }
            lowered += share.maxInFlight
            fitted.targets[index].load = .open(share)
        }
        let warning =
            "this agent may open \(limit) files (ulimit -n): its open-model in-flight cap of \(open) is lowered to "
            + "\(lowered) so that every request has a socket; raise the limit to keep it"
        return (fitted, [warning])
    }
}

/// A shard that cannot run within this host's limits.
public struct DescriptorLimitError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
