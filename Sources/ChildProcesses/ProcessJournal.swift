#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// An append-only record of the child processes a run started, one JSON object a line
/// (`{"command":[...],"pgid":...,"pid":...,"started":"2026-11-29T20:12:49Z"}`), so that
/// `coordinator teardown RUN` can stop them after the coordinator itself crashed.
///
/// Each line is written with one `write` and `fsync`ed before `record` returns: a child is on disk before anyone
/// relies on it being stoppable.
public struct ProcessJournal: Sendable {
    /// The journal file (`<run folder>/processes.jsonl`).
    public let path: String

    /// One journaled child.
    public struct Entry: Sendable, Codable, Equatable {
        /// Its process id.
        public var pid: Int32
        /// Its process group id (equal to `pid` for a `ChildProcess`).
        public var pgid: Int32
        /// Executable path and arguments as started.
        public var command: [String]
        /// When it was started.
        public var started: Date

        /// Makes an entry.
        public init(pid: Int32, pgid: Int32, command: [String], started: Date) {
            self.pid = pid
            self.pgid = pgid
            self.command = command
            self.started = started
        }
    }

    /// A journal at `path`; the file is created by the first `record`.
    public init(path: String) {
        self.path = path
    }

    /// Appends `child` to the journal and flushes it to disk.
    public func record(_ child: ChildProcess) throws(ProcessJournalError) {
        try append(Entry(pid: child.pid, pgid: child.pid, command: child.command, started: child.started))
    }

    /// Appends `entry` to the journal and flushes it to disk.
    public func append(_ entry: Entry) throws(ProcessJournalError) {
        let data: Data
        do {
            data = try Self.encoder.encode(entry)
        } catch {
            throw ProcessJournalError(path: path, reason: "cannot encode entry: \(error)")
        }
        try Self.appendLine(Array(data), to: path)
    }

    /// Appends `bytes` and a newline to the file at `path` (made if missing) and flushes it to disk before returning:
    /// the durable append every run-folder journal uses (processes, cgroups, cloud resources).
    public static func appendLine(_ bytes: [UInt8], to path: String) throws(ProcessJournalError) {
        let line = bytes + [UInt8(ascii: "\n")]
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(path, errno) }
        defer { close(fd) }
        var written = 0
        while written < line.count {
            let count = line.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, errno)
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw .system(path, errno) }
    }

    /// Every entry in the journal, oldest first; empty if the file does not exist.
    /// - Throws: if the file cannot be read or a line is not a valid entry (naming the line).
    public func entries() throws(ProcessJournalError) -> [Entry] {
        guard let lines = try readLines() else { return [] }
        var result: [Entry] = []
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let entry = Self.decode(line) else {
                throw ProcessJournalError(path: path, reason: "line \(index + 1) is not a process entry")
            }
            result.append(entry)
        }
        return result
    }

    /// Stops every process group listed in the journal at `path` that still has a running member: SIGTERM to all
    /// of them, up to `grace` for them to exit, then SIGKILL. For a teardown after a crash, when no
    /// `ChildProcess` object is left to do it. Lines that cannot be read (a write cut short by the crash) are
    /// skipped; so is a group whose leader now runs a different command (its id was reused).
    ///
    /// - Returns: the entries whose group was still running and had to be stopped.
    public static func stopAll(listedIn path: String, grace: Duration) -> [Entry] {
        let journal = ProcessJournal(path: path)
        let lines = (try? journal.readLines()) ?? nil
        let entries = (lines ?? []).compactMap(decode)
        var seen = Set<Int32>()
        let running = entries.filter { entry in
            seen.insert(entry.pgid).inserted && ProcessGroup.hasLiveMembers(entry.pgid) && isStillOurs(entry)
        }
        guard !running.isEmpty else { return [] }
        for entry in running { ProcessGroup.signal(entry.pgid, SIGTERM) }
        let stopped = Poll.until(timeout: grace) { !running.contains { ProcessGroup.hasLiveMembers($0.pgid) } }
        if !stopped {
            for entry in running where ProcessGroup.hasLiveMembers(entry.pgid) {
                ProcessGroup.signal(entry.pgid, SIGKILL)
            }
            _ = Poll.until(timeout: .seconds(5)) { !running.contains { ProcessGroup.hasLiveMembers($0.pgid) } }
        }
        return running
    }

    /// Whether the group `entry.pgid` is still the one journaled. A group's id is its leader's pid, which the
    /// system can reuse only once the group is empty; so if a live process with that pid leads the group, it must
    /// run the journaled command. (An interpreter may stand before it: a gunicorn script runs as
    /// `python gunicorn ...`, so only the arguments and the executable's file name are compared.) If the leader is
    /// gone, the remaining members are the journaled group's orphans.
    static func isStillOurs(_ entry: Entry) -> Bool {
        guard let leader = ProcessGroup.stat(of: entry.pgid), leader.pgrp == entry.pgid, leader.state != "Z" else {
            return true
        }
        guard let commandLine = ProcessGroup.commandLine(of: entry.pgid), let executable = entry.command.first else {
            return true
        }
        let arguments = Array(entry.command.dropFirst())
        let name = executable.split(separator: "/").last.map(String.init) ?? executable
        return commandLine.count >= arguments.count + 1
            && Array(commandLine.suffix(arguments.count)) == arguments
            && commandLine.dropLast(arguments.count).contains {
                ($0.split(separator: "/").last.map(String.init) ?? $0) == name
            }
    }

    /// The journal's lines, or nil if the file does not exist.
    private func readLines() throws(ProcessJournalError) -> [Substring]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .system(path, errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    }

    private static func decode(_ line: Substring) -> Entry? {
        try? decoder.decode(Entry.self, from: Data(line.utf8))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// The process journal could not be written or read: which file, and why.
public struct ProcessJournalError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The journal file.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Makes an error about the journal at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    static func system(_ path: String, _ code: Int32) -> ProcessJournalError {
        ProcessJournalError(path: path, reason: String(cString: strerror(code)))
    }

    /// "process journal /run/processes.jsonl: Permission denied".
    public var description: String { "process journal \(path): \(reason)" }
}
