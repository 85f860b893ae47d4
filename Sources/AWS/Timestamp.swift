import Foundation

/// ISO 8601 times as the Query protocol writes them (`2024-02-29T23:59:00Z`, fractions and offsets accepted).
enum Timestamp {
    /// `date` in UTC, to the second.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// The time in `text`, or nil.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
