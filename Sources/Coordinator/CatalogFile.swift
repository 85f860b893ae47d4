import BenchConfig
import Foundation

/// The instance-type catalogue as the commands use it: `config/instance-types.json` of the ClusterBench folder,
/// named in messages relative to the working directory when it lies below it.
enum CatalogFile {
    /// Loads the catalogue; ends the command with exit code 2 (a bad catalogue is bad input, named by file and
    /// JSON path) or 1 (no ClusterBench folder found).
    static func load() throws -> InstanceCatalog {
        let paths: ProjectPaths
        do { paths = try ProjectPaths.discover() } catch { throw Exit.fail("\(error)", code: Exit.failed) }
        let path = display(paths.root + "/" + InstanceCatalog.defaultRelativePath)
        do {
            return try InstanceCatalog.load(file: path)
        } catch {
            throw Exit.fail(error.description, code: Exit.badInput)
        }
    }

    /// Checks `experiment` (loaded from `file`) against the catalogue: every instance type must be in it. Ends the
    /// command with exit code 2 and one line otherwise, as a config error does.
    @discardableResult
    static func validate(_ experiment: ExperimentConfig, file: String) throws -> InstanceCatalog {
        let catalog = try load()
        do {
            try catalog.validate(experiment, file: file)
        } catch {
            throw Exit.fail(error.description, code: Exit.badInput)
        }
        return catalog
    }

    /// `path` relative to the working directory if it lies below it, else as is.
    static func display(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        var directory = FileManager.default.currentDirectoryPath
        if !directory.hasSuffix("/") { directory += "/" }
        return standardized.hasPrefix(directory) ? String(standardized.dropFirst(directory.count)) : standardized
    }
}
