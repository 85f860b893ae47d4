import Testing

/// Groups every test of the Messaging module, so `swift test --filter Messaging` selects them all.
@Suite("Messaging", .timeLimit(.minutes(1)))
enum MessagingTests {}
