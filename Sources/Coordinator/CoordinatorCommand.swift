import ArgumentParser

/// `coordinator`: runs cluster comparisons end to end.
@main
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Compare server clusters under real load.",
        discussion: """
            One command provisions the clusters behind a load balancer, deploys the app on every instance, \
            drives the configured load from agents over ZeroMQ, merges the agents' latency histograms with \
            the load balancer's own counts into a side-by-side comparison, and tears everything down, also \
            after Ctrl-C or a failure.

            Start with:
              coordinator validate config/local.json    check a config without running it
              coordinator plan config/local.json        what it would create and cost
              coordinator run config/local.json         run it; results go to results/<run-id>/
              coordinator teardown results/<run-id>     stop what a crashed run left running
              coordinator provision config/tp1.json     provision and leave up (then run --reuse FOLDER)

            Exit codes: 0 success, 1 the run failed, 2 bad input (config or arguments), 3 a threshold of the config \
            was breached (run, report), 130 interrupted.
            """,
        subcommands: [
            Run.self, ProvisionCommand.self, Validate.self, PlanCommand.self, ReportCommand.self,
            CompareCommand.self, ListPlugins.self, Teardown.self, Keys.self,
        ]
    )
}
