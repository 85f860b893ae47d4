import Foundation
import Glibc
import Testing

@testable import ChildProcesses

@Suite("ChildProcess", .timeLimit(.minutes(1)))
struct ChildProcessTests {
    @Test func terminateStopsWithSIGTERMAndLeavesNoGroupMember() throws {
        let child = try ChildProcess.spawn("sleep", arguments: ["30"])
        defer { child.terminate(grace: .milliseconds(100)) }
        #expect(child.isRunning)
        #expect(child.command.first?.hasSuffix("/sleep") == true)
        #expect(child.command.dropFirst() == ["30"])
        // It leads a process group of its own, not ours.
        #expect(getpgid(child.pid) == child.pid)
        #expect(getpgid(child.pid) != getpgrp())

        #expect(child.terminate() == .signaled(SIGTERM))
        #expect(!child.isRunning)
        try waitUntil("process group \(child.pid) to be gone") { TestSupport.groupIsGone(child.pid) }
        // Idempotent: the same answer, nothing signalled.
        #expect(child.terminate() == .signaled(SIGTERM))
    }

    @Test func terminateStopsGrandchildrenToo() throws {
        let directory = TestSupport.makeTemporaryDirectory("grandchild")
        defer { TestSupport.removeDirectory(directory) }
        let output = directory + "/out.log"
        let child = try ChildProcess.spawn(
            "sh",
            arguments: ["-c", "sleep 30 & echo $!; sleep 30 & echo $!; wait"],
            outputFile: output
        )
        defer { child.terminate(grace: .milliseconds(100)) }
        var grandchildren: [Int32] = []
        try waitUntil("the shell to print its two children's pids") {
            grandchildren = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
                .split(separator: "\n").compactMap { Int32($0) }
            return grandchildren.count == 2
        }
        #expect(grandchildren.allSatisfy { getpgid($0) == child.pid })

        #expect(child.terminate(grace: .seconds(5)) == .signaled(SIGTERM))
        for pid in grandchildren { #expect(TestSupport.processIsGone(pid), "grandchild \(pid) still runs") }
        #expect(!ProcessGroup.hasLiveMembers(child.pid))
        try waitUntil("process group \(child.pid) to be gone") { TestSupport.groupIsGone(child.pid) }
    }

    @Test func childIgnoringSIGTERMIsKilledAfterTheGrace() throws {
        let directory = TestSupport.makeTemporaryDirectory("trap")
        defer { TestSupport.removeDirectory(directory) }
        let output = directory + "/out.log"
        let child = try ChildProcess.spawn(
            "sh", arguments: ["-c", "trap '' TERM; echo trapped; sleep 30"], outputFile: output)
        defer { child.terminate(grace: .milliseconds(100)) }
        try waitUntil("the shell to install its trap (print \"trapped\")") {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("trapped\n")
        }
        #expect(child.isRunning)
        let start = ContinuousClock.now
        let termination = child.terminate(grace: .milliseconds(700))
        let elapsed = ContinuousClock.now - start
        #expect(termination == .signaled(SIGKILL))
        #expect(elapsed >= .milliseconds(700))
        try waitUntil("process group \(child.pid) to be gone") { TestSupport.groupIsGone(child.pid) }
    }

    @Test func exitStatusIsReported() throws {
        let child = try ChildProcess.spawn("sh", arguments: ["-c", "exit 3"])
        defer { child.terminate(grace: .milliseconds(100)) }
        #expect(child.waitForExit(timeout: .seconds(10)) == .exited(3))
        #expect(!child.isRunning)
        #expect(child.termination == .exited(3))
        #expect(child.terminate() == .exited(3))
        #expect(Termination.exited(3).description == "exited with status 3")
        #expect(Termination.signaled(SIGTERM).description == "killed by signal 15 (SIGTERM)")
    }

    @Test func waitForExitTimesOutWhileTheChildRuns() throws {
        let child = try ChildProcess.spawn("sleep", arguments: ["30"])
        defer { child.terminate(grace: .milliseconds(100)) }
        let start = ContinuousClock.now
        #expect(child.waitForExit(timeout: .milliseconds(200)) == nil)
        #expect(ContinuousClock.now - start >= .milliseconds(200))
        #expect(child.isRunning)
    }

    @Test func missingExecutableThrowsNamingIt() {
        #expect {
            _ = try ChildProcess.spawn("clusterbench-no-such-program", arguments: [])
        } throws: { error in
            "\(error)" == "cannot start clusterbench-no-such-program: No such file or directory"
        }
        #expect {
            _ = try ChildProcess.spawn("/nonexistent/haproxy", arguments: ["-v"])
        } throws: { error in
            "\(error)" == "cannot start /nonexistent/haproxy: No such file or directory"
        }
        #expect {
            _ = try ChildProcess.spawn("sleep", arguments: ["1"], workingDirectory: "/nonexistent-dir")
        } throws: { error in
            "\(error)" == "cannot start sleep: working directory /nonexistent-dir: No such file or directory"
        }
    }

    @Test func environmentWorkingDirectoryAndOutputFile() throws {
        let directory = TestSupport.makeTemporaryDirectory("spawn")
        defer { TestSupport.removeDirectory(directory) }
        let output = directory + "/out.log"
        try "before\n".write(toFile: output, atomically: false, encoding: .utf8)
        let child = try ChildProcess.spawn(
            "sh",
            arguments: ["-c", "echo \"$CLUSTERBENCH_TEST $(pwd)\"; echo oops >&2; read x; echo \"stdin=$x.\""],
            environment: ["CLUSTERBENCH_TEST": "hello"],
            workingDirectory: directory,
            outputFile: output
        )
        defer { child.terminate(grace: .milliseconds(100)) }
        #expect(child.waitForExit(timeout: .seconds(10)) == .exited(0))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text == "before\nhello \(directory)\noops\nstdin=.\n")
    }

    @Test func journalRecordsAndStopAllStopsListedGroups() throws {
        let directory = TestSupport.makeTemporaryDirectory("journal")
        defer { TestSupport.removeDirectory(directory) }
        let journal = ProcessJournal(path: directory + "/processes.jsonl")
        #expect(try journal.entries() == [])

        let running = try ChildProcess.spawn("sleep", arguments: ["30"])
        defer { running.terminate(grace: .milliseconds(100)) }
        try journal.record(running)
        let finished = try ChildProcess.spawn("sh", arguments: ["-c", "exit 0"])
        try journal.record(finished)
        #expect(finished.waitForExit(timeout: .seconds(10)) == .exited(0))

        let entries = try journal.entries()
        #expect(entries.count == 2)
        #expect(entries.first?.pid == running.pid)
        #expect(entries.first?.pgid == running.pid)
        #expect(entries.first?.command == running.command)
        let line = try String(contentsOfFile: journal.path, encoding: .utf8).split(separator: "\n").first ?? ""
        #expect(line.hasPrefix("{\"command\":[\"\(running.command[0])\",\"30\"],\"pgid\":\(running.pid),"))

        // Only the group that still runs is stopped, and reported.
        let stopped = ProcessJournal.stopAll(listedIn: journal.path, grace: .seconds(2))
        #expect(stopped.map(\.pid) == [running.pid])
        #expect(running.waitForExit(timeout: .seconds(2)) == .signaled(SIGTERM))
        #expect(ProcessJournal.stopAll(listedIn: journal.path, grace: .seconds(2)) == [])
        #expect(ProcessJournal.stopAll(listedIn: directory + "/missing.jsonl", grace: .seconds(1)) == [])
    }

    @Test func journalRejectsAGarbledLine() throws {
        let directory = TestSupport.makeTemporaryDirectory("journal-bad")
        defer { TestSupport.removeDirectory(directory) }
        let path = directory + "/processes.jsonl"
        try "{\"pid\":1,\"pgid\":1,\"command\":[\"x\"],\"started\":\"2026-01-01T00:00:00Z\"}\n{\"pid\":".write(
            toFile: path,
            atomically: false,
            encoding: .utf8
        )
        #expect {
            _ = try ProcessJournal(path: path).entries()
        } throws: { error in
            "\(error)" == "process journal \(path): line 2 is not a process entry"
        }
        // stopAll skips it, and does not signal pid 1's group (that is not a journaled command).
        #expect(ProcessJournal.stopAll(listedIn: path, grace: .milliseconds(100)) == [])
    }
}
