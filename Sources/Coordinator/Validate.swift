import ArgumentParser
import BenchConfig
import Plugins

extension CoordinatorCommand {
    /// `coordinator validate CONFIG`: checks a config the way `run` would, without running anything.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a config file without running it.",
            discussion: """
                Prints a one-line summary and exits 0 if the config is valid; otherwise prints one line naming \
                the file, the JSON path and what was expected, and exits 2. Every key is documented in \
                docs/config.md.
                """
        )

        @Argument(help: "The experiment config (JSON), e.g. config/local.json.")
        var config: String

        func run() throws {
            let loader = ProviderRegistry.builtIn.configLoader()
            let experiment: ExperimentConfig
            do {
                experiment = try loader.load(file: config)
            } catch {
                throw Exit.fail(error.description, code: Exit.badInput)
            }
            try CatalogFile.validate(experiment, file: config)
            let clusters = experiment.clusters.map { "\($0.name) (\($0.count) x \($0.instanceType))" }
            let overridden = experiment.clusters.filter { $0.load != nil }
            let load =
                overridden.isEmpty
                ? "\(experiment.load.workload.summary) per cluster"
                : experiment.clusters.map { "\($0.name): \(experiment.workload(for: $0).summary)" }
                    .joined(separator: "; ")
            print(
                "\(config): valid: \(experiment.name) on \(experiment.provider.name), clusters "
                    + clusters.joined(separator: ", ") + ", \(load), \(experiment.load.schedule.rawValue)")
        }
    }
}
