import LoadEngine
import Messaging
import Wire

/// One shard on this agent: its engine once prepared, whether it runs, and every report the coordinator has not
/// acknowledged yet (kept, and sent again, until an ACK covers it).
final class AgentShard {
    /// The assignment.
    let assignment: ShardAssignment
    /// The prepared engine; nil while it is being prepared.
    var engine: LoadEngine?
    /// START arrived and the engine runs (or ran).
    var started = false
    /// The final report has been produced.
    var finalProduced = false
    /// Reports sent but not acknowledged, oldest first, as ready-to-send frames.
    var unacknowledged: [(sequence: Int, frames: [Frame])] = []
    /// When the unacknowledged reports were last sent.
    var lastSent: UInt64 = 0

    init(_ assignment: ShardAssignment) {
        self.assignment = assignment
    }

    /// The shard's reference (id and epoch).
    var ref: ShardRef { ShardRef(shardID: assignment.shardID, epoch: assignment.epoch) }

    /// Done once the final report is out and acknowledged: the shard can be forgotten.
    var isSettled: Bool { finalProduced && unacknowledged.isEmpty }
}
