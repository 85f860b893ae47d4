import ArgumentParser
import ChildProcesses
import Foundation
import Plugins
import StrictJSON

extension CoordinatorCommand {
    /// `coordinator teardown RUN`: removes whatever a run left behind (after a crash or kill -9): its journaled
    /// processes, then what the provider that made the run says it left.
    struct Teardown: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove what a run left behind, from its run folder (after a crash).",
            discussion: """
                A run records every process it starts (gunicorn instances, HAProxy, agents) in \
                results/<run-id>/processes.jsonl before relying on it, and its provider records what else it \
                creates (the local provider's cgroups in cgroups.txt). A run that ends normally, fails or is \
                interrupted removes all of it itself; if the coordinator was killed, this command does: each listed \
                process group still running its recorded command gets SIGTERM, then SIGKILL after the grace period; \
                then the provider named in the run's config.json removes its own leftovers. Safe to repeat.

                With --sweep PROVIDER instead of a folder, the provider lists everything it ever tagged (aws: \
                every resource tagged clusterbench:run in the region of the environment), even without a run \
                folder, and removes it; --dry-run only lists.

                Examples:
                  coordinator teardown results/20261129-203321-tp1-local-cfb0
                  coordinator teardown --sweep aws --dry-run
                """
        )

        @Argument(help: "The run folder (results/<run-id>) or its processes.jsonl.")
        var runFolder: String?

        @Option(name: .long, help: "Remove everything this provider tagged, in any run (aws), instead of one run.")
        var sweep: String?

        @Flag(name: .long, help: "With --sweep: list what would be removed, remove nothing.")
        var dryRun = false

        @Option(name: .long, help: "Seconds to wait after SIGTERM before SIGKILL.")
        var grace: Int = 5

        func validate() throws {
            if (runFolder == nil) == (sweep == nil) {
                throw ValidationError("give either a run folder or --sweep PROVIDER")
            }
            if dryRun, sweep == nil { throw ValidationError("--dry-run goes with --sweep") }
        }

        func run() throws {
            if let sweep { return try Self.sweep(sweep, dryRun: dryRun) }
            let runFolder = runFolder ?? ""
            let folder = runFolder.hasSuffix(".jsonl") ? (runFolder as NSString).deletingLastPathComponent : runFolder
            let journal = folder + "/processes.jsonl"
            let providerName = Self.providerName(runDirectory: folder)
            guard FileManager.default.fileExists(atPath: journal) || providerName != nil else {
                throw Exit.fail(
                    "\(runFolder): neither processes.jsonl nor config.json here; expected a run folder such as "
                        + "results/<run-id>", code: Exit.badInput)
            }
            let stopped = ProcessJournal.stopAll(listedIn: journal, grace: .seconds(grace))
            for entry in stopped {
                print("stopped pid \(entry.pid): \(entry.command.joined(separator: " "))")
            }
            print("\(runFolder): \(stopped.count) processes were still running and are stopped now")
            guard let providerName else { return }
            guard let provider = ProviderRegistry.builtIn.provider(named: providerName) else {
                throw Exit.fail(
                    "\(folder)/config.json: provider \"\(providerName)\" is not built into this coordinator; "
                        + "registered: \(ProviderRegistry.builtIn.names.joined(separator: ", "))", code: Exit.badInput)
            }
            provider.teardownLeftovers(runDirectory: folder) { print($0) }
        }

        /// `--sweep NAME`: the provider lists (and unless `dryRun` removes) everything it tagged.
        static func sweep(_ name: String, dryRun: Bool) throws {
            guard let provider = ProviderRegistry.builtIn.provider(named: name) else {
                throw Exit.fail(
                    "--sweep: unknown provider \"\(name)\"; registered: "
                        + ProviderRegistry.builtIn.names.joined(separator: ", "),
                    code: Exit.badInput)
            }
            do {
                let count = try provider.sweep(dryRun: dryRun) { print($0) }
                print(dryRun ? "dry run: \(count) resource(s) would be removed" : "swept \(count) resource(s)")
            } catch {
                throw Exit.fail(error.description, code: error.code == .invalidConfig ? Exit.badInput : Exit.failed)
            }
        }

        /// `provider.name` of the run's resolved config, if the run got as far as writing it.
        static func providerName(runDirectory: String) -> String? {
            guard let bytes = FileManager.default.contents(atPath: runDirectory + "/config.json"),
                let document = try? JSONValue(parsingUTF8: Array(bytes)),
                case .object(let root) = document, case .object(let provider)? = root["provider"],
                case .string(let name)? = provider["name"]
            else { return nil }
            return name
        }
    }
}
