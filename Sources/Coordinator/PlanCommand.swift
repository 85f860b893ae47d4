import ArgumentParser
import BenchConfig
import Plugins

extension CoordinatorCommand {
    /// `coordinator plan CONFIG`: what a run would create, and what it would cost at on-demand prices.
    struct PlanCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what a config would create and what it would cost per hour and per run.",
            discussion: """
                Checks the config as validate does, then prints per cluster the instances (count x type), \
                their vCPUs, memory, network class and on-demand price per hour from \
                config/instance-types.json; the total per hour; and the cost for the load's expected duration. \
                The duration assumes every request takes --request-time (flows are closed loops: one request \
                at a time), adds the pauses, and runs clusters one after another or side by side as \
                load.schedule says. Nothing is created.

                Example:
                  coordinator plan config/local.json --request-time 20ms
                """
        )

        @Argument(help: "The experiment config (JSON), e.g. config/local.json.")
        var config: String

        @Option(name: .long, help: "Response time assumed per request, as a config duration (\"10ms\", \"0.2s\").")
        var requestTime = "10ms"

        func validate() throws {
            guard let time = Duration(parsing: requestTime), time > .zero else {
                throw ValidationError(
                    "--request-time: expected a duration above 0 such as \"10ms\", found \"\(requestTime)\""
                )
            }
        }

        func run() throws {
            let loader = ProviderRegistry.builtIn.configLoader()
            let experiment: ExperimentConfig
            do {
                experiment = try loader.load(file: config)
            } catch {
                throw Exit.fail(error.description, code: Exit.badInput)
            }
            let catalog = try CatalogFile.validate(experiment, file: config)
            do {
                let estimate = try CostEstimate(
                    config: experiment,
                    catalog: catalog,
                    file: config,
                    requestTime: Duration(parsing: requestTime)!
                )
                print(estimate.text(config: experiment, file: config, catalog: catalog))
                let root = (try? ProjectPaths.discover().root) ?? "."
                let hours = estimate.loadDuration.seconds / 3600
                let provider = ProviderRegistry.builtIn.provider(named: experiment.provider.name)
                for line in provider?.planLines(experiment, projectRoot: root, hours: hours) ?? [] { print(line) }
            } catch {
                throw Exit.fail(error.description, code: Exit.badInput)
            }
        }
    }
}
