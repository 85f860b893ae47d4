import ArgumentParser
import ChildProcesses
import Foundation
import Plugins

extension CoordinatorCommand {
    /// `coordinator teardown RUN`: stops whatever a run left behind, from its journal (after a crash or kill -9).
    struct Teardown: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop every process a run started, from its journal (after a crash).",
            discussion: """
                A run records every process it starts (gunicorn instances, HAProxy, agents) in \
                results/<run-id>/processes.jsonl before relying on it. A run that ends normally, fails or is \
                interrupted stops them itself; if the coordinator was killed, this command stops what is left: \
                each listed process group still running its recorded command gets SIGTERM, then SIGKILL after \
                the grace period. Then the cgroups the run made for its instances (listed in cgroups.txt) are \
                removed. Safe to repeat.

                Example:
                  coordinator teardown results/20261129-203321-tp1-local-cfb0
                """
        )

        @Argument(help: "The run folder (results/<run-id>) or its processes.jsonl.")
        var runFolder: String

        @Option(name: .long, help: "Seconds to wait after SIGTERM before SIGKILL.")
        var grace: Int = 5

        func run() throws {
            let journal = runFolder.hasSuffix(".jsonl") ? runFolder : runFolder + "/processes.jsonl"
            guard FileManager.default.fileExists(atPath: journal) else {
                throw Exit.fail("\(journal): no process journal here; expected a run folder such as "
                    + "results/<run-id>", code: Exit.badInput)
            }
            let stopped = ProcessJournal.stopAll(listedIn: journal, grace: .seconds(grace))
            for entry in stopped {
                print("stopped pid \(entry.pid): \(entry.command.joined(separator: " "))")
            }
            print("\(runFolder): \(stopped.count) processes were still running and are stopped now")
            let cgroups = CgroupJournal(runDirectory: (journal as NSString).deletingLastPathComponent).removeAll()
            for folder in cgroups.removed { print("removed cgroup \(folder)") }
            for (folder, reason) in cgroups.failed { print("could not remove cgroup \(folder): \(reason)") }
        }
    }
}
