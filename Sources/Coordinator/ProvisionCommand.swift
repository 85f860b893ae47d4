import ArgumentParser
import Plugins

extension CoordinatorCommand {
    /// `coordinator provision CONFIG`: provision, deploy and wait until healthy, then leave everything up.
    struct ProvisionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "provision",
            abstract: "Provision the clusters and leave them up; prints the run folder.",
            discussion: """
                Does the first half of run: provisions the load balancer and the clusters, deploys the app and \
                waits until every instance is healthy, then stops, leaving everything up (a failure tears down what \
                was made). The last line of standard output is the run folder: load it as often as you like with \
                coordinator run CONFIG --reuse RUN_FOLDER, and end it with coordinator teardown RUN_FOLDER.

                Example:
                  coordinator provision config/tp1.json
                """
        )

        @Argument(help: "The experiment config (JSON), e.g. config/tp1.json.")
        var config: String

        @Option(name: .long, help: "Folder that receives the run folder.")
        var resultsDir = "results"

        func run() throws {
            let (experiment, paths) = try Run.prepare(config)
            let cancellation = Cancellation()
            cancellation.installSignalHandlers()
            let session = RunSession(
                experiment: experiment, registry: .builtIn, paths: paths, resultsDirectory: resultsDir,
                cancellation: cancellation)
            session.stage = .provisionOnly
            let outcome = session.run()
            switch outcome.status {
            case .completed:
                Console.progress("left up; load it with: coordinator run \(config) --reuse \(outcome.runDirectory)")
                Console.progress("end it with: coordinator teardown \(outcome.runDirectory)")
                print(outcome.runDirectory)
            case .cancelled:
                throw Exit.fail("interrupted; everything provisioned was torn down", code: Exit.interrupted)
            case .failed(let reason): throw Exit.fail(reason, code: Exit.failed)
            }
        }
    }
}
