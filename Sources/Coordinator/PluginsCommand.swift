import ArgumentParser
import Plugins

extension CoordinatorCommand {
    /// `coordinator plugins`: lists the provider plugins compiled in.
    struct ListPlugins: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plugins",
            abstract: "List the provider plugins that configs can name in provider.name.")

        func run() {
            let entries = ProviderRegistry.builtIn.entries()
            let width = entries.map(\.name.count).max() ?? 0
            for entry in entries {
                print(entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.summary)
            }
        }
    }
}
