import Foundation
import Testing

extension Trait where Self == ConditionTrait {
    /// For a suite that needs a part `scripts/setup.sh` installs (gunicorn and HAProxy, the .venv's packages, a
    /// libzmq with CURVE). Where the part is missing, a local run skips the suite and prints `reason`; a run with the
    /// `CI` environment variable set fails it instead, with the same reason, so that CI cannot pass with the product's
    /// core untested because set-up silently went wrong.
    static func needsSetUp(
        _ isInstalled: @autoclosure @escaping @Sendable () -> Bool, _ reason: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Self {
        .enabled(reason, sourceLocation: sourceLocation) {
            if isInstalled() { return true }
            if SetUpMissing.isCI { throw SetUpMissing(reason: reason) }
            return false
        }
    }
}

/// Why a suite that needs a set-up part failed under CI rather than skip.
struct SetUpMissing: Error, CustomStringConvertible {
    var reason: Comment
    var description: String { "CI is set, so a missing set-up part fails the suite instead of skipping it: \(reason)" }

    /// Whether this run is CI's: the `CI` environment variable is set and not empty (`.ci/run` sets it).
    static var isCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }
}
