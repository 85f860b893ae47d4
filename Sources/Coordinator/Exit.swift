import ArgumentParser
import Foundation

/// Exit codes shared by every subcommand.
enum Exit {
    static let failed: Int32 = 1
    static let badInput: Int32 = 2
    /// The run completed but broke a threshold of the config (`thresholds`).
    static let thresholdBreached: Int32 = 3
    static let interrupted: Int32 = 130

    /// Prints one line to standard error and ends the command with `code`.
    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(code)
    }
}

/// Writes progress lines to standard error (standard output carries the results).
enum Console {
    static func progress(_ text: String) {
        ProgressBoard.keep()
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}
