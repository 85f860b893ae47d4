import Foundation
import Synchronization

/// The credentials a client signs with, renewed from their source (the instance metadata service) once fewer than
/// five minutes of them are left, so a run longer than an instance role's credentials (about six hours) goes on.
///
/// A renewal is tried at most every 30 s while the old credentials still work, and before every request once they
/// have expired; if it fails, the old ones are used until AWS refuses them. Every secret ever held is kept for
/// scrubbing error messages.
final class CredentialCache: Sendable {
    /// Renew when fewer seconds than this are left.
    static let renewBefore: TimeInterval = 300
    /// Seconds between two attempts while the current credentials are still valid.
    static let attemptSpacing: TimeInterval = 30

    private struct State {
        var current: AWSCredentials
        var lastAttempt: Date?
        var secrets: [String]
    }

    private let state: Mutex<State>

    /// A cache starting with `credentials`.
    init(_ credentials: AWSCredentials) {
        state = Mutex(State(current: credentials, lastAttempt: nil, secrets: Self.secrets(of: credentials)))
    }

    /// The credentials to sign with at `now`, renewed first if they are due.
    func credentials(now: Date) -> AWSCredentials {
        state.withLock { state in
            guard let expiration = state.current.expiration, let renewal = state.current.renewal else {
                return state.current
            }
            let left = expiration.timeIntervalSince(now)
            guard left < Self.renewBefore else { return state.current }
            if left > 0, let last = state.lastAttempt, now.timeIntervalSince(last) < Self.attemptSpacing {
                return state.current
            }
            state.lastAttempt = now
            if case .success(let fresh) = renewal.credentials() {
                state.current = fresh
                state.secrets += Self.secrets(of: fresh)
            }
            return state.current
        }
    }

    /// Every secret key and session token held so far.
    var secrets: [String] { state.withLock { $0.secrets } }

    private static func secrets(of credentials: AWSCredentials) -> [String] {
        [credentials.secretAccessKey, credentials.sessionToken ?? ""].filter { !$0.isEmpty }
    }
}
