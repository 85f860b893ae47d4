import BenchConfig

/// How many gunicorn workers and threads serve the app on an instance of a type, from its vCPUs; the same rule on
/// every provider, so a type is shaped alike on this machine and on EC2.
///
/// - workers = max(1, vCPUs / 2): one worker process per physical core. On these x86 families a vCPU is one
///   hyperthread, so a type has vCPUs / 2 cores, and a Python worker (one GIL) uses at most about one core.
/// - threads per worker = max(2, 2 x vCPUs / workers): two requests in flight per vCPU, so a worker overlaps a
///   slow client or a wait with another request (4 for every type of 2 vCPUs or more, 2 for 1-vCPU types).
struct GunicornShape: Equatable, Sendable {
    /// Worker processes.
    var workers: Int
    /// Threads per worker.
    var threads: Int

    /// The shape for a type with `vCPUs` virtual CPUs.
    init(vCPUs: Int) {
        workers = max(1, vCPUs / 2)
        threads = max(2, 2 * vCPUs / workers)
    }
}
