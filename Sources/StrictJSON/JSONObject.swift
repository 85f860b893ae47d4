/// The members of a JSON object in the order the document wrote them.
///
/// JSON objects are kept as an ordered list rather than a dictionary so that a config written back out reads in
/// the same order as the schema, and so that errors can be reported in document order. Keys are unique: the
/// parser rejects duplicates, and `subscript(key:)` replaces a member in place rather than adding a second one.
/// Lookup by key is a linear search, which is right for config-sized objects. Two objects are equal when they
/// have the same members in the same order.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral, RandomAccessCollection {
    /// One key and its value.
    public struct Member: Sendable, Equatable {
        /// The member's key.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// A member with this key and value.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object with these members, in this order; a later member with the same key as an earlier one replaces
    /// the earlier one's value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        members = []
        for (key, value) in pairs { self[key] = value }
    }

    /// An object written as a literal, in the order written: `["name": "A", "steps": []]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The value of the member `key`, or nil; setting appends a new member or replaces an existing one's value in
    /// place, setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// Index of the first member.
    public var startIndex: Int { members.startIndex }
    /// Index past the last member.
    public var endIndex: Int { members.endIndex }
    /// The member at `position`, in document order.
    public subscript(position: Int) -> Member { members[position] }
}
