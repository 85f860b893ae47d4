extension ELBv2 {
    /// Creates an HTTP listener on `port` whose default action answers a fixed 404; returns its ARN.
    public func createListener(
        loadBalancerArn: String, port: Int = 80, tags: [String: String] = [:]
    ) throws(AWSError) -> String {
        let response = try call("CreateListener") { parameters in
            parameters.set("LoadBalancerArn", loadBalancerArn)
            parameters.set("Protocol", "HTTP")
            parameters.set("Port", port)
            parameters.set("DefaultActions.member.1.Type", "fixed-response")
            parameters.set("DefaultActions.member.1.FixedResponseConfig.StatusCode", "404")
            parameters.set("DefaultActions.member.1.FixedResponseConfig.ContentType", "text/plain")
            parameters.set("DefaultActions.member.1.FixedResponseConfig.MessageBody", "no cluster at this path")
            parameters.tags("Tags", tags)
        }
        return try firstArn(response, "CreateListener", "Listeners", "ListenerArn").string("ListenerArn") ?? ""
    }

    /// Deletes a listener (and its rules).
    public func deleteListener(arn: String) throws(AWSError) {
        _ = try call("DeleteListener") { $0.set("ListenerArn", arn) }
    }

    /// Creates a rule forwarding requests whose path matches any of `pathPatterns` to `targetGroupArn`; returns
    /// its ARN.
    public func createRule(
        listenerArn: String, priority: Int, pathPatterns: [String], targetGroupArn: String,
        tags: [String: String] = [:]
    ) throws(AWSError) -> String {
        let response = try call("CreateRule") { parameters in
            parameters.set("ListenerArn", listenerArn)
            parameters.set("Priority", priority)
            parameters.set("Conditions.member.1.Field", "path-pattern")
            parameters.list("Conditions.member.1.PathPatternConfig.Values", pathPatterns)
            parameters.set("Actions.member.1.Type", "forward")
            parameters.set("Actions.member.1.TargetGroupArn", targetGroupArn)
            parameters.tags("Tags", tags)
        }
        return try firstArn(response, "CreateRule", "Rules", "RuleArn").string("RuleArn") ?? ""
    }

    /// The rules of a listener, the default one included, every page followed.
    public func describeRules(listenerArn: String, pageSize: Int? = nil) throws(AWSError) -> [ELBRule] {
        try describeAll("DescribeRules", pageSize: pageSize, { $0.set("ListenerArn", listenerArn) }) { page in
            Self.members(page, "DescribeRules", "Rules").map { member in
                let conditions = member.list("Conditions").filter { $0.string("Field") == "path-pattern" }
                let patterns = conditions.flatMap { condition in
                    let configured = condition.list("PathPatternConfig", "Values").map(\.text)
                    return configured.isEmpty ? condition.list("Values").map(\.text) : configured
                }
                let actions = member.list("Actions")
                return ELBRule(
                    arn: member.string("RuleArn") ?? "", priority: member.string("Priority") ?? "",
                    isDefault: member.string("IsDefault") == "true", pathPatterns: patterns,
                    targetGroupArns: actions.compactMap { $0.string("TargetGroupArn") },
                    fixedResponseStatus: actions.lazy.compactMap { $0.string("FixedResponseConfig", "StatusCode") }
                        .first)
            }
        }
    }
}
