#if canImport(Glibc)
import Glibc
#endif

/// The end of a log file, for error messages.
enum LogTail {
    /// The last `count` non-empty lines of the file at `path` (read from its last 64 KiB), trimmed; empty if the
    /// file is missing or empty.
    static func lastLines(of path: String, count: Int) -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return [] }
        let window = min(Int(size), 64 * 1024)
        var buffer = [UInt8](repeating: 0, count: window)
        let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, window, off_t(Int(size) - window)) }
        guard read > 0 else { return [] }
        let text = String(decoding: buffer[0..<read], as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
            .map { line in
                String(line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            }
            .filter { !$0.isEmpty }
        return Array(lines.suffix(count))
    }
}
