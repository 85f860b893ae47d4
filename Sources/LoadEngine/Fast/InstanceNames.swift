/// Instance ids (the `X-Instance-Id` header's values) interned: each distinct value becomes a `String` once, and a
/// response whose value was seen before costs a byte comparison, not an allocation. A cluster has a few instances;
/// past `capacity` distinct values, new ones are still counted but made into a `String` each time.
/// Confined to the engine thread.
struct InstanceNames {
    private var bytes: [[UInt8]] = []
    private var names: [String] = []
    private var lastHit = 0
    private let capacity = 4096

    /// The `String` for `value`; nil for an empty value (no header).
    mutating func name(for value: UnsafeRawBufferPointer) -> String? {
        guard !value.isEmpty else { return nil }
        if lastHit < bytes.count, Self.equal(bytes[lastHit], value) { return names[lastHit] }
        for index in bytes.indices where Self.equal(bytes[index], value) {
            lastHit = index
            return names[index]
        }
        let name = String(decoding: value, as: UTF8.self)
        if bytes.count < capacity {
            bytes.append(Array(value))
            names.append(name)
            lastHit = bytes.count - 1
        }
        return name
    }

    private static func equal(_ known: [UInt8], _ value: UnsafeRawBufferPointer) -> Bool {
        known.count == value.count && known.withUnsafeBytes { $0.elementsEqual(value) }
    }
}
