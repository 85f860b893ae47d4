import Foundation
import LoadEngine
import Wire

/// Prepares a shard's load engine (name resolution, easy handles) on a thread of its own, so that a slow resolver
/// never stalls the socket thread's heartbeats; the result reaches the socket thread through the outbox.
///
/// Test hook: the environment variable `CLUSTERBENCH_TEST_SETUP` set to `fail` makes every preparation fail,
/// `delay:MS` delays each by MS milliseconds (a resolver that hangs) and `exit` ends the agent's process (a crash
/// before READY); `@NAME` after any of them limits it to the agent named NAME (`fail@agent-2`).

enum ShardPreparation {
    /// The environment variable of the test hook.
    static let hookVariable = "CLUSTERBENCH_TEST_SETUP"

    /// Starts preparing `shard` over `threads` engine threads; the engine, or the reason it failed, is pushed to
    /// `outbox`.
    static func start(_ shard: ShardAssignment, threads: Int, outbox: ReportOutbox, hook: String?, agent: String) {
        let ref = ShardRef(shardID: shard.shardID, epoch: shard.epoch)
        let hook: String? =
            if let hook, let at = hook.firstIndex(of: "@") {
                hook[hook.index(after: at)...] == agent ? String(hook[..<at]) : nil
            } else { hook }
        let thread = Thread {
            if let hook, hook.hasPrefix("delay:"), let milliseconds = Int(hook.dropFirst(6)) {
                Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            }
            if hook == "exit" { exit(70) }
            if hook == "fail" {
                outbox.pushPrepared(.failure(AgentSetupError(description: "set-up failed (test hook)")), for: ref)
                return
            }
            do {
                let engine = try LoadEngine(shard: shard, threads: threads) { report in outbox.push(report, for: ref) }
                outbox.pushPrepared(.success(engine), for: ref)
            } catch {
                outbox.pushPrepared(.failure(AgentSetupError(description: "engine set-up failed: \(error)")), for: ref)
            }
        }
        thread.name = "prepare \(shard.shardID)"
        thread.start()
    }
}
