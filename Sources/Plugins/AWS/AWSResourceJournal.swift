import ChildProcesses
import Foundation

/// The cloud resources a run created, one JSON object a line in `<run folder>/aws-resources.jsonl`, each appended
/// and flushed to disk the moment AWS returned its id (before it is used), so that `coordinator teardown` can remove
/// them after a crash, in reverse order of creation.
struct AWSResourceJournal: Sendable {
    /// One created resource.
    struct Entry: Codable, Equatable, Sendable {
        /// What it is: `instance`, `security-group`, `load-balancer`, `target-group`, `listener`, `rule`.
        var kind: String
        /// Its id or ARN.
        var id: String
        /// The region it lives in.
        var region: String
    }

    /// The journal file.
    let path: String

    /// The journal of the run folder `runDirectory`.
    init(runDirectory: String) {
        path = runDirectory + "/aws-resources.jsonl"
    }

    /// Appends `entry` and flushes it to disk; throws a message naming the file if it cannot.
    func record(_ entry: Entry) throws(AWSJournalFailure) {
        let data = (try? JSONEncoder().encode(entry)) ?? Data()
        do {
            try ProcessJournal.appendLine(Array(data), to: path)
        } catch {
            throw AWSJournalFailure(path: path, reason: error.reason)
        }
    }

    /// Every entry in the order of creation; a torn last line (a crash mid-write) is skipped. Empty without a file.
    func entries() -> [Entry] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            try? JSONDecoder().decode(Entry.self, from: Data(line.utf8))
        }
    }
}

/// The resource journal could not be written: the run stops, since what it creates next could not be found again.
struct AWSJournalFailure: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write the resource journal \(path): \(reason)" }
}
