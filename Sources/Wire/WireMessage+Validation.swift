import HdrCodec

extension WireMessage {
    /// Throws `WireError.outOfRange` naming the first value outside its `WireLimits` range.
    public func validate() throws(WireError) {
        switch self {
        case .hello(let hello):
            try check(hello.protocolVersion, WireLimits.protocolVersions, "HELLO protocolVersion")
            try text(hello.name, WireLimits.nameBytes, "HELLO name")
            try text(hello.host, WireLimits.hostBytes, "HELLO host")
            try text(hello.agentVersion, WireLimits.hostBytes, "HELLO agentVersion")
            try text(hello.token ?? "", WireLimits.hostBytes, "HELLO token")
            try check(hello.cores, WireLimits.cores, "HELLO cores")
            try check(hello.pid, WireLimits.pids, "HELLO pid")
        case .welcome(let welcome):
            try check(welcome.protocolVersion, WireLimits.protocolVersions, "WELCOME protocolVersion")
            try check(welcome.heartbeatIntervalMilliseconds, WireLimits.heartbeatMilliseconds, "WELCOME heartbeat")
            try check(welcome.heartbeatLiveness, WireLimits.liveness, "WELCOME heartbeatLiveness")
        case .reject(let reject):
            try text(reject.reason, WireLimits.reasonBytes, "REJECT reason")
        case .heartbeat, .shutdown:
            break
        case .shard(let shard):
            try Self.validate(shard)
        case .ready(let ref), .stop(let ref), .started(let ref):
            try Self.validate(ref, type.rawValue)
        case .start(let order):
            try Self.validate(order.ref, "START")
            try timestamp(order.startAtNanoseconds, "START startAtNanoseconds")
        case .time(let probe):
            try check(probe.sequence, WireLimits.epochs, "TIME sequence")
            try timestamp(probe.sentNanoseconds, "TIME sentNanoseconds")
        case .timeReply(let reply):
            try check(reply.sequence, WireLimits.epochs, "TIME-REPLY sequence")
            try timestamp(reply.probeSentNanoseconds, "TIME-REPLY probeSentNanoseconds")
            try timestamp(reply.receivedNanoseconds, "TIME-REPLY receivedNanoseconds")
            try timestamp(reply.repliedNanoseconds, "TIME-REPLY repliedNanoseconds")
            guard reply.repliedNanoseconds >= reply.receivedNanoseconds else {
                throw .outOfRange("TIME-REPLY replied before it received the probe")
            }
        case .log(let line):
            try text(line.text, WireLimits.logBytes, "LOG text")
            try check(line.suppressed, WireLimits.counter, "LOG suppressed")
        case .ack(let ack):
            try Self.validate(ShardRef(shardID: ack.shardID, epoch: ack.epoch), "ACK")
            try check(ack.nextSequence, WireLimits.epochs, "ACK nextSequence")
        case .failed(let failure):
            try Self.validate(ShardRef(shardID: failure.shardID, epoch: failure.epoch), "FAILED")
            try text(failure.reason, WireLimits.reasonBytes, "FAILED reason")
        case .report(let header, let histograms):
            try Self.validate(header, histograms)
        }
    }

    private static func validate(_ ref: ShardRef, _ what: String) throws(WireError) {
        try text(ref.shardID, WireLimits.nameBytes, "\(what) shardID")
        try check(ref.epoch, WireLimits.epochs, "\(what) epoch")
    }

    private static func validate(_ shard: ShardAssignment) throws(WireError) {
        try validate(ShardRef(shardID: shard.shardID, epoch: shard.epoch), "SHARD")
        try check(shard.targets.count, 1...WireLimits.targets.upperBound, "SHARD targets")
        try check(shard.requestTimeoutMilliseconds, WireLimits.shardMilliseconds, "SHARD requestTimeoutMilliseconds")
        try check(shard.reportIntervalMilliseconds, WireLimits.shardMilliseconds, "SHARD reportIntervalMilliseconds")
        var total = 0
        for target in shard.targets {
            try text(target.cluster, WireLimits.nameBytes, "SHARD cluster")
            try text(target.url, WireLimits.urlBytes, "SHARD url")
            try validate(target.load)
            total += target.load.requestCount ?? 0
            try check(total, WireLimits.shardRequests, "SHARD total requests")
        }
    }

    private static func validate(_ load: ShardLoad) throws(WireError) {
        switch load {
        case .flows(let flows):
            try check(flows.count, WireLimits.flowsPerTarget, "SHARD flows")
            for flow in flows {
                try text(flow.name, WireLimits.nameBytes, "SHARD flow name")
                try check(flow.steps.count, WireLimits.flowsPerTarget, "SHARD flow steps")
                for step in flow.steps {
                    if let requests = step.requests { try check(requests, WireLimits.requests, "SHARD step requests") }
                    if let pause = step.pauseMilliseconds { try check(pause, WireLimits.milliseconds, "SHARD pause") }
                }
            }
        case .closed(let closed):
            try check(closed.connections, WireLimits.connections, "SHARD closed connections")
            if let requests = closed.requests { try check(requests, WireLimits.requests, "SHARD closed requests") }
            if let duration = closed.durationMilliseconds {
                try check(duration, 1...WireLimits.milliseconds.upperBound, "SHARD closed duration")
            }
        case .open(let open):
            try check(open.agentCount, WireLimits.agentCount, "SHARD open agentCount")
            try check(open.maxInFlight, WireLimits.connections, "SHARD open maxInFlight")
            if let connections = open.connections {
                try check(connections, 1...max(1, open.maxInFlight), "SHARD open connections")
            }
            try check(open.schedule.segments.count, WireLimits.segments, "SHARD open segments")
            for segment in open.schedule.segments {
                guard WireLimits.rate.contains(segment.fromRate), WireLimits.rate.contains(segment.toRate) else {
                    throw .outOfRange("SHARD open rate \(segment.fromRate)...\(segment.toRate), expected 0 to 1e7")
                }
                guard WireLimits.nanoseconds.contains(segment.durationNanoseconds) else {
                    throw .outOfRange("SHARD open segment of \(segment.durationNanoseconds) ns, expected at most a day")
                }
            }
        }
    }

    private static func validate(_ header: ReportHeader, _ histograms: [TargetHistograms]) throws(WireError) {
        try validate(ShardRef(shardID: header.shardID, epoch: header.epoch), "REPORT")
        try check(header.sequence, WireLimits.epochs, "REPORT sequence")
        try check(header.targets.count, WireLimits.targets, "REPORT targets")
        guard WireLimits.nanoseconds.contains(header.intervalNanoseconds) else {
            throw .outOfRange("REPORT intervalNanoseconds \(header.intervalNanoseconds), expected at most a day")
        }
        try timestamp(header.intervalEndNanoseconds, "REPORT intervalEndNanoseconds")
        try timestamp(header.startedAtNanoseconds, "REPORT startedAtNanoseconds")
        if let health = header.engineHealth {
            try check(health.lateWakeUps, WireLimits.counter, "REPORT engineHealth lateWakeUps")
            for (name, value) in [("lateWakeUpNanoseconds", health.lateWakeUpNanoseconds),
                ("longestLateWakeUpNanoseconds", health.longestLateWakeUpNanoseconds),
                ("runQueueWaitNanoseconds", health.runQueueWaitNanoseconds ?? 0), ("cpuNanoseconds", health.cpuNanoseconds ?? 0)]
            {
                guard WireLimits.nanoseconds.contains(value) else {
                    throw .outOfRange("REPORT engineHealth \(name) \(value), expected at most a day")
                }
            }
        }
        for entry in header.targets {
            try check(entry.target, 0...(WireLimits.targets.upperBound - 1), "REPORT target")
            if let end = entry.lastEndNanoseconds { try timestamp(end, "REPORT lastEndNanoseconds") }
            for (name, value) in [("sent", entry.sent), ("bytes", entry.bytes), ("late", entry.late),
                ("dropped", entry.dropped)]
            {
                try check(value, WireLimits.counter, "REPORT \(name)")
            }
            if let atCap = entry.lateAtCap { try check(atCap, 0...max(0, entry.late), "REPORT lateAtCap") }
            for (key, value) in entry.statusClasses {
                guard key.utf8.count == 3, key.hasSuffix("xx"), key.first?.isASCII == true, key.first?.isNumber == true
                else { throw .outOfRange("REPORT status class \"\(key.prefix(16))\"") }
                try check(value, WireLimits.counter, "REPORT statusClasses")
            }
            for (key, value) in entry.errors {
                guard errorKinds.contains(key) else { throw .outOfRange("REPORT error kind \"\(key.prefix(16))\"") }
                try check(value, WireLimits.counter, "REPORT errors")
            }
            try check(entry.instances.count, WireLimits.instances, "REPORT instances")
            for (key, value) in entry.instances {
                try text(key, WireLimits.hostBytes, "REPORT instance name")
                try check(value, WireLimits.counter, "REPORT instances")
            }
        }
        for pair in histograms {
            for histogram in [pair.latency, pair.service] where histogram.totalCount > UInt64(WireLimits.counter.upperBound) {
                throw .outOfRange("REPORT histogram of \(histogram.totalCount) values")
            }
        }
    }

    /// The transport error kinds a REPORT may name.
    public static let errorKinds: Set<String> = ["connect", "timeout", "reset", "tls", "aborted", "other"]
}

private func check(_ value: Int, _ range: ClosedRange<Int>, _ what: String) throws(WireError) {
    guard range.contains(value) else {
        throw .outOfRange("\(what) \(value), expected \(range.lowerBound) to \(range.upperBound)")
    }
}

private func timestamp(_ value: UInt64, _ what: String) throws(WireError) {
    guard WireLimits.timestamp.contains(value) else {
        throw .outOfRange("\(what) \(value), expected 0 to 2^62")
    }
}

private func text(_ value: String, _ bytes: ClosedRange<Int>, _ what: String) throws(WireError) {
    guard bytes.contains(value.utf8.count) else {
        throw .outOfRange("\(what) of \(value.utf8.count) bytes, expected \(bytes.lowerBound) to \(bytes.upperBound)")
    }
}
