extension JSONValue {
    /// Parses a JSON document strictly (RFC 8259, no duplicate keys); errors carry line and column.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsingUTF8: Array(text.utf8))
    }

    /// Parses a JSON document from UTF-8 bytes, as read from a file; invalid UTF-8 inside strings is an error.
    public init(parsingUTF8 bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }
}
