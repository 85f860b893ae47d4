import ArgumentParser
import Foundation
import Report

/// `coordinator compare RUN_FOLDER...`: the clusters of several runs side by side, with the same verdict machinery
/// (one instance type measured on Monday against another on Tuesday).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the clusters of several run folders side by side, with a verdict.",
        discussion: """
            Every cluster of every folder becomes a column named <cluster>@<run-id>; the first is the baseline of \
            the comparisons. Numbers are recomputed from each folder's report.json, .hlog files and metrics.json \
            as `coordinator report` does. Prints the table and the verdict; writes nothing.
            """
    )

    @Argument(help: "Two or more run folders (or one with several clusters).")
    var runFolders: [String]

    func validate() throws {
        if runFolders.isEmpty { throw ValidationError("name at least one run folder") }
    }

    func run() throws {
        var clusters: [ClusterReport] = []
        var bins: [ClusterIntervals] = []
        var agents: [AgentSummary] = []
        var first: RunReport?
        for path in runFolders {
            let folder = RunFolder(path: path)
            let read: RunReport
            do {
                read = try folder.readReport()
            } catch {
                throw Exit.fail(error.description, code: Exit.badInput)
            }
            let (report, runBins, _) = folder.complete(read)
            first = first ?? report
            agents += report.agents
            for (cluster, intervals) in zip(report.clusters, runBins) {
                var renamed = cluster
                renamed.name = "\(cluster.name)@\(report.runID)"
                clusters.append(renamed)
                bins.append(intervals)
            }
        }
        guard let first, clusters.count >= 2 else {
            throw Exit.fail("compare needs at least two clusters in all", code: Exit.badInput)
        }
        var combined = RunReport(
            runID: "compare", name: "compare", description: "", provider: first.provider, schedule: first.schedule,
            startedAt: first.startedAt, finishedAt: first.finishedAt, outcome: "completed", failure: nil,
            agents: agents, clusters: clusters, faults: [], reportIntervalSeconds: first.reportIntervalSeconds)
        combined.comparisons = clusters.indices.dropFirst().map { index in
            Comparison(
                baseline: clusters[0], baselineBins: bins[0], candidate: clusters[index], candidateBins: bins[index],
                settings: combined.bootstrap, stream: UInt64(index))
        }
        combined.verdict = Verdict.write(combined)
        let colour = isatty(STDOUT_FILENO) == 1
        print(TextReport.render(combined, colour: colour))
        print("\n" + TextReport.verdict(combined, colour: colour))
    }
}
