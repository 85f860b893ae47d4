import ArgumentParser
import BenchConfig
import Foundation
import Plugins
import Report

extension CoordinatorCommand {
    /// `coordinator run CONFIG`: the whole experiment, end to end.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Provision, load, measure, compare and tear down, as the config says.",
            discussion: """
                Steps: validate the config; provision the clusters and the load balancer (provider.name); wait \
                until every instance is healthy; start the agents and hand each its shard of the flows over \
                ZeroMQ; stream interval results; read the load balancer's own counts; write \
                results/<run-id>/report.json and print the comparison; tear everything down. Ctrl-C stops the \
                load and still tears everything down. Progress goes to standard error, the table to standard \
                output.

                Files in results/<run-id>/: config.json (resolved config), deployment.json, processes.jsonl \
                (every process started, for cleanup after a crash), logs/, metrics.json and metrics.csv (the load \
                balancer's series, when the provider has a collector), report.json (see docs/report.md).
                """
        )

        @Argument(help: "The experiment config (JSON), e.g. config/local.json. Keys: docs/config.md.")
        var config: String

        @Option(name: .long, help: "Folder that receives the run folders.")
        var resultsDir = "results"

        @Option(name: .long, help: "Override agents.spawn: how many local agents to start.")
        var agents: Int?

        @Option(
            name: .long,
            help: "A run folder that coordinator provision left up: load it without provisioning (it stays up).")
        var reuse: String?

        func validate() throws {
            if let agents, !(1...64).contains(agents) {
                throw ValidationError("--agents: expected 1...64, found \(agents)")
            }
        }

        func run() throws {
            var (experiment, paths) = try Self.prepare(config)
            if let agents { experiment.agents.spawn = agents }

            let cancellation = Cancellation()
            cancellation.installSignalHandlers()
            let session = RunSession(
                experiment: experiment, registry: .builtIn, paths: paths, resultsDirectory: resultsDir,
                cancellation: cancellation)
            if let reuse { session.stage = .reuse(reuse) }
            let outcome = session.run()
            if let report = outcome.report {
                ReportCommand.printReport(report, folder: outcome.runDirectory)
            }
            switch outcome.status {
            case .completed:
                if let report = outcome.report, !report.thresholdsPassed {
                    let breached = report.thresholds.filter { !$0.passed }.count
                    throw Exit.fail("\(breached) threshold(s) breached", code: Exit.thresholdBreached)
                }
                return
            case .cancelled: throw Exit.fail("interrupted; everything the run started was torn down", code: Exit.interrupted)
            case .failed(let reason): throw Exit.fail(reason, code: Exit.failed)
            }
        }

        /// Loads and checks the config (exit code 2 for a mistake in it), runs the provider's preflight (exit code 2
        /// for missing credentials or region, 1 when something refused) and finds the project folder.
        static func prepare(_ config: String) throws -> (ExperimentConfig, ProjectPaths) {
            let experiment: ExperimentConfig
            do {
                experiment = try ProviderRegistry.builtIn.configLoader().load(file: config)
            } catch {
                throw Exit.fail(error.description, code: Exit.badInput)
            }
            try CatalogFile.validate(experiment, file: config)
            do {
                try ProviderRegistry.builtIn.provider(named: experiment.provider.name)?.preflight(experiment)
            } catch {
                throw Exit.fail(error.description, code: error.code == .invalidConfig ? Exit.badInput : Exit.failed)
            }
            do { return (experiment, try ProjectPaths.discover()) } catch {
                throw Exit.fail("\(error)", code: Exit.failed)
            }
        }
    }
}
