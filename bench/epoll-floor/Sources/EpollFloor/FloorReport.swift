// Clocks and the result line shared by the floor programs of bench/engine-floors.sh (bench/nio-floor links this file).
import Glibc

/// One line on standard error, after the program's name.
func complain(_ message: String) {
    let line = Array("\(CommandLine.arguments[0].split(separator: "/").last ?? ""): \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// CLOCK_MONOTONIC in seconds.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The process's user + system CPU time in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The line of bench/multi_loop.c: mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req.
func floorLine(mode: String, connections: Int, ok: Int, errors: Int, wall: Double, cpu: Double) -> String {
    func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }
    return "\(mode) \(connections) \(ok + errors) \(ok) \(errors) \(rounded(wall, 1000)) \(Int(Double(ok) / wall)) "
        + "\(rounded(cpu, 1000)) \(rounded(cpu * 1e6 / Double(max(1, ok)), 10))"
}
