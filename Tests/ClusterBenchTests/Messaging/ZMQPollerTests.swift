import Foundation
import Testing

@testable import Messaging

extension MessagingTests {
    @Suite("ZMQPoller and WakeupSignal")
    struct ZMQPollerTests {
        @Test func signalFromAnotherThreadWakesThePollAndDrainResetsIt() async throws {
            let observed = try await onOwnThread { () throws -> (Int, Int, Set<Int>, Duration, Set<Int>) in
                let context = try ZMQContext()
                let pull = try ZMQSocket(context: context, type: .pull)
                try pull.bind("tcp://127.0.0.1:0")
                let signal = try WakeupSignal()
                var poller = ZMQPoller()
                let socketIndex = poller.add(pull)
                let wakeupIndex = poller.add(fileDescriptor: signal.fileDescriptor)

                let start = ContinuousClock.now
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: 0.05)
                    signal.signal()
                }
                let woken = try poller.poll(timeout: .seconds(5))
                let waited = ContinuousClock.now - start
                signal.drain()
                let afterDrain = try poller.poll(timeout: .milliseconds(50))
                return (socketIndex, wakeupIndex, woken, waited, afterDrain)
            }
            let (socketIndex, wakeupIndex, woken, waited, afterDrain) = observed
            #expect(socketIndex == 0)
            #expect(wakeupIndex == 1)
            #expect(woken == [wakeupIndex])
            #expect(waited < .seconds(4), "poll returned because of the signal, not the 5 s timeout")
            #expect(afterDrain.isEmpty)
        }

        @Test func pollReportsTheSocketThatHasAMessage() async throws {
            let (ready, message) = try await onOwnThread { () throws -> (Set<Int>, [Frame]?) in
                let context = try ZMQContext()
                let idle = try ZMQSocket(context: context, type: .pull)
                try idle.bind("tcp://127.0.0.1:0")
                let pull = try ZMQSocket(context: context, type: .pull)
                let endpoint = try pull.bind("tcp://127.0.0.1:0")
                let push = try ZMQSocket(context: context, type: .push)
                try push.setSendTimeout(2_000)
                try push.connect(endpoint)
                var poller = ZMQPoller()
                poller.add(idle)
                poller.add(pull)

                try push.send([frame("work")])
                let ready = try poller.poll(timeout: .seconds(5))
                return (ready, try pull.receive(dontWait: true))
            }
            #expect(ready == [1])
            #expect(message == [frame("work")])
        }

        @Test(arguments: [
            (Duration.zero, 0), (.milliseconds(-5), 0), (.microseconds(1), 1), (.microseconds(1_500), 2),
            (.milliseconds(50), 50), (.seconds(2), 2_000), (.seconds(Int64.max), Int(Int32.max)),
        ])
        func timeoutIsRoundedUpToWholeMilliseconds(duration: Duration, milliseconds: Int) {
            #expect(ZMQPoller.milliseconds(rounding: duration) == milliseconds)
        }
    }
}
