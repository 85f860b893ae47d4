import Foundation
import Testing

@testable import Plugins

/// The resource journal: every entry back in creation order, a torn last line ignored.
@Suite struct AWSResourceJournalTests {
    @Test func entriesComeBackInOrderAndATornLineIsSkipped() throws {
        let folder = TestSupport.makeTemporaryDirectory("awsjournal")
        defer { TestSupport.removeDirectory(folder) }
        let journal = AWSResourceJournal(runDirectory: folder)
        #expect(journal.entries().isEmpty)
        let written = [
            AWSResourceJournal.Entry(kind: "security-group", id: "sg-0123456789abcdef0", region: "us-east-1"),
            AWSResourceJournal.Entry(kind: "load-balancer", id: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/cb/50dc6c495c0c9188", region: "us-east-1"),
            AWSResourceJournal.Entry(kind: "instance", id: "i-0123456789abcdef0", region: "us-east-1"),
        ]
        for entry in written { try journal.record(entry) }
        #expect(journal.entries() == written)
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"kind":"instance","id":"i-0"#.utf8))
        handle.closeFile()
        #expect(journal.entries() == written)
    }
}
