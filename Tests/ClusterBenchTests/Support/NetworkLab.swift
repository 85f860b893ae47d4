import ChildProcesses
import Foundation

/// Several hosts on one machine: a network namespace per host, wired by veth pairs to bridges that live in a switch
/// namespace of their own (nothing is added to the machine's own network). Names carry a random id, so tests can run
/// side by side; `remove()` (also run by `deinit`) kills what runs in the namespaces and deletes them.
final class NetworkLab {
    /// The `ip` tool.
    static let ip = "/usr/sbin/ip"

    /// Why namespaces cannot be made here, or nil when they can (tried once, with a namespace made and removed).
    static let unavailable: String? = {
        let probe = "cbprobe\(UInt16.random(in: 0...UInt16.max))"
        guard FileManager.default.isExecutableFile(atPath: ip) else { return "no \(ip) on this machine" }
        if let failure = run([ip, "netns", "add", probe]) {
            return "cannot create network namespaces here (\(failure))"
        }
        _ = run([ip, "netns", "del", probe])
        return nil
    }()

    /// The random part of every name.
    let id: String
    /// Third octet of every subnet.
    let subnet: Int
    private var namespaces: [String] = []
    private var networks: [String: Int] = [:]
    private var hosts: [String: [String: Int]] = [:]

    /// Makes `networks` (name → the hosts on it, in order: host k gets address .k+1), one namespace per host.
    init(networks: [(name: String, hosts: [String])]) throws {
        id = String(UInt32.random(in: 0x1000...0xFFFF), radix: 16)
        subnet = Int.random(in: 1...254)
        do {
            try make("sw")
            for (index, network) in networks.enumerated() {
                self.networks[network.name] = index
                try Self.check([Self.ip, "-n", namespace("sw"), "link", "add", "br\(index)", "type", "bridge"])
                try Self.check([Self.ip, "-n", namespace("sw"), "link", "set", "br\(index)", "up"])
                for (position, host) in network.hosts.enumerated() {
                    if hosts[host] == nil { try make(host) }
                    hosts[host, default: [:]][network.name] = position + 1
                    let port = "p\(id)\(index)\(position)"
                    try Self.check([
                        Self.ip, "link", "add", "name", network.name, "netns", namespace(host), "type", "veth", "peer",
                        "name", port, "netns", namespace("sw"),
                    ])
                    try Self.check([Self.ip, "-n", namespace("sw"), "link", "set", port, "master", "br\(index)"])
                    try Self.check([Self.ip, "-n", namespace("sw"), "link", "set", port, "up"])
                    try Self.check([
                        Self.ip, "-n", namespace(host), "addr", "add", address(of: host, on: network.name) + "/24",
                        "dev", network.name,
                    ])
                    try Self.check([Self.ip, "-n", namespace(host), "link", "set", network.name, "up"])
                }
            }
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    /// The namespace of `host`.
    func namespace(_ host: String) -> String { "cb\(id)-\(host)" }

    /// `host`'s address on `network`: 10.(200 + the network's index).subnet.(its position + 1).
    func address(of host: String, on network: String) -> String {
        "10.\(200 + (networks[network] ?? 0)).\(subnet).\(hosts[host]?[network] ?? 0)"
    }

    /// Starts `executable arguments` inside `host`'s namespace.
    func spawn(
        _ host: String, _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil, outputFile: String
    ) throws -> ChildProcess {
        try ChildProcess.spawn(
            Self.ip, arguments: ["netns", "exec", namespace(host), executable] + arguments, environment: environment,
            workingDirectory: workingDirectory, outputFile: outputFile)
    }

    /// Takes `host`'s link to `network` down: a cut cable.
    func cut(_ host: String, from network: String) throws {
        try Self.check([Self.ip, "-n", namespace(host), "link", "set", network, "down"])
    }

    /// Kills whatever still runs in the namespaces and deletes them; safe to call twice.
    func remove() {
        for name in namespaces {
            let pids = Self.output([Self.ip, "netns", "pids", name]).split(separator: "\n").compactMap { Int32($0) }
            for pid in pids { kill(pid, SIGKILL) }
            _ = Self.run([Self.ip, "netns", "del", name])
        }
        namespaces = []
    }

    /// Whether a namespace of this lab still exists (for the clean-up check).
    var leftovers: [String] {
        let listed = Self.output([Self.ip, "netns", "list"])
        return listed.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
            .filter { $0.hasPrefix("cb\(id)-") }
    }

    private func make(_ host: String) throws {
        try Self.check([Self.ip, "netns", "add", namespace(host)])
        namespaces.append(namespace(host))
        try Self.check([Self.ip, "-n", namespace(host), "link", "set", "lo", "up"])
    }

    /// Runs `command` to its end: its exit status, standard output and standard error.
    static func execute(_ command: [String]) -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { return (-1, "", "\(error)") }
        // Read both to their end before waiting, so that a full pipe cannot stall the command.
        let errorText = Thread.detachedRead(error)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text, errorText())
    }

    /// Why the command failed, or nil.
    static func run(_ command: [String]) -> String? {
        let result = execute(command)
        return result.status == 0 ? nil : result.error.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the command printed.
    static func output(_ command: [String]) -> String { execute(command).output }

    static func check(_ command: [String]) throws {
        if let failure = run(command) {
            throw LabError(description: "\(command.joined(separator: " ")): \(failure)")
        }
    }

    struct LabError: Error, CustomStringConvertible { var description: String }
}

extension Thread {
    /// Reads `pipe` to its end on a thread of its own; the returned function waits for the text.
    static func detachedRead(_ pipe: Pipe) -> () -> String {
        let done = DispatchSemaphore(value: 0)
        let box = TextBox()
        Thread.detachNewThread {
            box.text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            done.signal()
        }
        return {
            done.wait()
            return box.text
        }
    }
}

/// Text handed from a reading thread to the waiting one; `DispatchSemaphore` orders the write before the read.
private final class TextBox: @unchecked Sendable {
    var text = ""
}
