internal import CEventLoop
import Foundation

/// How many cores this process may run on, which is what decides how many engine threads can run side by side.
public enum ProcessorAffinity {
    /// The cores in this process's CPU affinity mask (`sched_getaffinity`: `taskset -c 1` makes it 1 on any machine),
    /// or, if the kernel does not say, the cores Foundation counts. `ProcessInfo.activeProcessorCount` alone counts
    /// every online core whatever the mask. A CPU quota (cgroup `cpu.max`) is not an affinity and is not counted.
    public static func usableCores() -> Int {
        let allowed = Int(cb_allowed_cpus())
        return allowed > 0 ? allowed : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
