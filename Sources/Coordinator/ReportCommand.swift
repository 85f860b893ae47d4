import ArgumentParser
import Foundation
import Report

/// `coordinator report RUN_FOLDER`: rebuilds every output of a finished run from its folder alone.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.json, report.txt, report.md and report.html from a run folder.",
        discussion: """
            Reads report.json (what only the run knew: counts, durations, agents, faults, thresholds), every \
            <cluster>.hlog and metrics.json, recomputes every derived number (percentiles, timeline, \
            reconciliation, comparisons with their bootstrap intervals, verdict, thresholds) and writes the \
            outputs again, atomically. The same folder always gives the same bytes. Exit code 3 when a threshold \
            is breached.
            """
    )

    @Argument(help: "A run folder, results/<run-id>.")
    var runFolder: String

    func run() throws {
        let report: RunReport
        do {
            report = try RunFolder(path: runFolder).rebuild()
        } catch let problem as RunFolder.Problem {
            throw Exit.fail(problem.description, code: Exit.badInput)
        } catch {
            throw Exit.fail("cannot write the report into \(runFolder): \(error)", code: Exit.failed)
        }
        Self.printReport(report, folder: runFolder)
        if !report.thresholdsPassed {
            let breached = report.thresholds.filter { !$0.passed }.count
            throw Exit.fail("\(breached) threshold(s) breached", code: Exit.thresholdBreached)
        }
    }

    /// Prints the table and the verdict to standard output, in colour only on a terminal.
    static func printReport(_ report: RunReport, folder: String) {
        let colour = isatty(STDOUT_FILENO) == 1
        print(TextReport.render(report, colour: colour))
        print("\n" + TextReport.verdict(report, colour: colour))
        print("\nreport: \(folder)/report.json, report.md, report.html")
    }
}
