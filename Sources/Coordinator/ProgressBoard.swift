import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The live status of a run on standard error: on a terminal, one line per cluster redrawn in place each second (a
/// block that the next ordinary progress line leaves behind as it was); elsewhere (a log, a pipe) the same lines
/// printed as they come, every few seconds, so a log stays readable.
enum ProgressBoard {
    /// Whether standard error is a terminal.
    static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Lines of the block on screen that the next `show` may redraw; 0 once anything else was printed.
    private static let drawn = Mutex(0)

    /// Shows `lines` as the current status: redrawn over the previous block on a terminal, appended otherwise.
    static func show(_ lines: [String]) {
        var text = ""
        drawn.withLock { count in
            if isTerminal && count > 0 {
                // Up to the block's first line; each line is cleared before it is written again.
                text += "\u{1B}[\(count)A"
            }
            for line in lines { text += (isTerminal ? "\u{1B}[2K" : "") + line + "\n" }
            count = isTerminal ? lines.count : 0
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Leaves the block on screen as it is: the next `show` starts a new one below it.
    static func keep() {
        drawn.withLock { $0 = 0 }
    }
}
