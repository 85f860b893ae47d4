import Foundation
import Plugins

/// The stages of `coordinator provision` and `coordinator run --reuse`: provisioning, or taking over what an earlier
/// provision left up.
extension RunSession {
    /// Provisions the clusters, or (stage `.reuse`) reads the earlier run's `deployment.json` and hands it to the
    /// provider to take over.
    func provisionOrReuse(_ provider: any Provider) throws -> Deployment {
        guard case .reuse(let folder) = stage else {
            Console.progress(
                "provisioning \(experiment.clusters.count) clusters with provider \(experiment.provider.name)")
            return try provider.provision(experiment)
        }
        let deployment = try Self.deployment(in: folder)
        let missing = experiment.clusters.map(\.name).filter { deployment.cluster(named: $0) == nil }
        guard missing.isEmpty else {
            throw ReuseError(
                description: "\(folder)/deployment.json has no cluster \(missing.joined(separator: ", ")) of the config"
            )
        }
        try write(folder, to: "reused-from.txt")
        try provider.attach(deployment, runDirectory: folder, config: experiment)
        Console.progress("reusing the deployment of \(folder) (provider \(experiment.provider.name)); it stays up")
        return deployment
    }

    /// The deployment a run folder records.
    static func deployment(in folder: String) throws -> Deployment {
        guard let data = FileManager.default.contents(atPath: folder + "/deployment.json") else {
            throw ReuseError(
                description: "\(folder): no deployment.json; expected the folder coordinator provision printed")
        }
        do {
            return try JSONDecoder().decode(Deployment.self, from: data)
        } catch {
            throw ReuseError(description: "\(folder)/deployment.json: \(error)")
        }
    }
}

extension RunSession.Stage {
    /// Whether the session uses a deployment it did not make.
    var isReuse: Bool {
        if case .reuse = self { return true }
        return false
    }
}

/// `--reuse` named a folder that holds no usable deployment.
struct ReuseError: Error, CustomStringConvertible {
    var description: String
}
