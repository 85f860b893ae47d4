import BenchConfig
import Testing

/// A cluster's profile in the report, from its instances' profiles.
@Suite struct InstanceProfileTests {
    @Test func clusterProfileIsEnforcedOnlyIfEveryInstanceIs() {
        let good = InstanceProfile(workers: 1, threads: 4, cpuQuota: 0.25, memoryLimitMiB: 1024, enforced: true)
        let bad = InstanceProfile(workers: 1, threads: 4, enforced: false, reason: "cannot write")
        #expect(InstanceProfile.combining([]) == nil)
        #expect(InstanceProfile.combining([("c-1", good), ("c-2", good)]) == good)
        var expected = bad
        expected.reason = "c-2: cannot write (1 of 3 instances not enforced)"
        #expect(InstanceProfile.combining([("c-1", good), ("c-2", bad), ("c-3", good)]) == expected)
    }
}
