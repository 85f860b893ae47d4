#if canImport(Glibc)
import Glibc
#endif

/// Reads the JSON files ClusterBench takes as input (configs, the instance catalogue) whole, with errors in the
/// config error style: `FILE: cannot read file (No such file or directory)`.
enum ConfigFile {
    /// Configs are a few kilobytes; anything past this is not a config, and reading it whole would waste memory.
    static let defaultLimit = 16 * 1024 * 1024

    /// The file's bytes, or an error carrying the system's reason; files larger than `limit` are refused.
    static func bytes(of path: String, limit: Int = defaultLimit) throws(ConfigError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, errno)
            }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw ConfigError(file: path, path: "", message: "cannot read file (larger than \(limit / 1024 / 1024) MiB)")
            }
        }
    }

    private static func unreadable(_ path: String, _ code: Int32) -> ConfigError {
        ConfigError(file: path, path: "", message: "cannot read file (\(String(cString: strerror(code))))")
    }
}
