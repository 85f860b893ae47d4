import Testing

@testable import StrictJSON

/// The strict JSON parser and the serializer that config files go through.
@Suite struct ConfigJSONTests {
    /// The error `text` fails with.
    func parseError(_ text: String) -> JSONParseError? {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(
            parsing: #" {"n": null, "t": true, "f": false, "i": -12, "d": 0.5, "s": "x", "a": [1, [], {}]} "#
        )
        let expected: JSONValue = [
            "n": nil, "t": true, "f": false, "i": -12, "d": 0.5, "s": "x", "a": [1, [], .object(JSONObject())],
        ]
        #expect(value == expected)
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(value.serialized(pretty: false) == #"{"zeta":1,"alpha":2,"mid":3}"#)
        #expect(value != (try JSONValue(parsing: #"{"alpha": 2, "zeta": 1, "mid": 3}"#)))
    }

    @Test(arguments: [
        ("0", JSONValue.int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("9223372036854775807", .int(Int64.max)),
        ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("1.0", .double(1)),
        ("1e3", .double(1000)),
        ("1E-2", .double(0.01)),
        ("-0.5", .double(-0.5)),
        ("true", .bool(true)),
        ("1", .int(1)),
    ])
    func tellsIntegersFromOtherNumbersAndBooleans(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test func integerAndDoubleAreNotEqual() {
        #expect(JSONValue.int(1) != .double(1))
        #expect(JSONValue.bool(true) != .int(1))
    }

    @Test(arguments: [
        (#""\u00e9""#, "é"),
        (#""\u00E9t\u00e9""#, "été"),
        (#""\ud83d\ude80""#, "🚀"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""\u0000""#, "\u{0}"),
        ("\"é🚀\"", "é🚀"),
    ])
    func resolvesEscapes(text: String, expected: String) throws {
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    @Test(
        arguments: [
            ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, #"expected ":" after the key, found "2""#),
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, #"expected "," or "}", found "b""#),
            ("{\"a\": [1, 2,]}", 1, 13, #"expected a value, found "]""#),
            ("{\"a\": 1,}", 1, 9, #"expected a string key after ",", found "}""#),
            ("{a: 1}", 1, 2, #"expected a string key or "}", found "a""#),
            ("[True]", 1, 2, #"expected a value, found "True""#),
            ("[1 2]", 1, 4, #"expected "," or "]", found "2""#),
            ("", 1, 1, "expected a value, found end of input"),
            ("{\"a\": 1", 1, 8, #"expected "," or "}", found end of input"#),
            ("[01]", 1, 2, "expected a number without leading zeros, found 01"),
            ("[1.]", 1, 4, #"expected a digit after the decimal point, found "]""#),
            ("[1e]", 1, 4, #"expected a digit in the exponent, found "]""#),
            ("[-]", 1, 3, #"expected a digit after "-", found "]""#),
            ("[1e999]", 1, 2, "expected a number within the range of a 64-bit double, found 1e999"),
            ("[NaN]", 1, 2, #"expected a value, found "NaN""#),
            ("{} x", 1, 4, #"expected end of input after the value, found "x""#),
            ("// comment\n{}", 1, 1, #"expected a value, found "/""#),
            ("['a']", 1, 2, #"expected a value, found "'""#),
            (
                "\"a\nb\"", 1, 3,
                #"expected a closing quote or an escaped control character (such as \n), found unescaped U+000A"#
            ),
            (
                "\"abc", 1, 5,
                "expected a closing quote for the string that starts at line 1, column 1, found end of input"
            ),
            (#"["\x"]"#, 1, 3, #"expected one of the escapes \" \\ \/ \b \f \n \r \t \uXXXX, found \x"#),
            (#"["\u12G4"]"#, 1, 7, #"expected four hex digits after \u, found "G4""#),
            (
                #"["\ud83d"]"#, 1, 3,
                #"expected a surrogate pair (\uD800-\uDBFF then \uDC00-\uDFFF), found a lone \uD83D"#
            ),
            (
                #"["\ude80x"]"#, 1, 3,
                #"expected a surrogate pair (\uD800-\uDBFF then \uDC00-\uDFFF), found a lone \uDE80"#
            ),
            ("{\"é\": 1 ]", 1, 9, #"expected "," or "}", found "]""#),
            ("\r\n{\r\n\t\"a\" 1}", 3, 6, #"expected ":" after the key, found "1""#),
            ("\r{\r\"a\"\r\r: [}", 5, 4, #"expected a value, found "}""#),
        ] as [(String, Int, Int, String)]
    )
    func reportsLineAndColumn(text: String, line: Int, column: Int, message: String) {
        let error = parseError(text)
        #expect(error == JSONParseError(line: line, column: column, reason: .syntax(message)))
        #expect(error?.description == "invalid JSON at line \(line), column \(column): \(message)")
    }

    @Test func refusesDuplicateKeysNamingThem() {
        let text = """
            {"clusters": [
              {"name": "a"},
              {"name": "b", "count": 1,
               "name": "c"}
            ]}
            """
        let error = parseError(text)
        let path = JSONPath(components: [.key("clusters"), .index(1), .key("name")])
        #expect(error?.reason == .duplicateKey(key: "name", path: path, firstLine: 3, firstColumn: 4))
        #expect(error?.line == 4)
        #expect(error?.column == 4)
        #expect(
            error?.description
                == #"$.clusters[1].name: duplicate key "name" at line 4, column 4 (first at line 3, column 4)"#
        )
    }

    @Test func sameKeyInDifferentObjectsIsFine() throws {
        let value = try JSONValue(parsing: #"[{"a": 1}, {"a": 2, "b": {"a": 3}}]"#)
        #expect(value.arrayValue?.count == 2)
    }

    @Test func acceptsByteOrderMarkAndInvalidUTF8IsAnError() throws {
        #expect(try JSONValue(parsingUTF8: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue(parsingUTF8: Array("[\"a".utf8) + [0xFF, 0x22, 0x5D])
        }
        #expect(
            error
                == JSONParseError(
                    line: 1,
                    column: 2,
                    reason: .syntax("expected a string of valid UTF-8, found invalid bytes")
                )
        )
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = parseError(deep)
        #expect(error?.column == 513)
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    @Test func serializesCompactAndPretty() {
        let value: JSONValue = ["b": [1, 2.5, "x\"y\n\u{1}"], "a": ["e": [], "f": .object(JSONObject())], "n": nil]
        #expect(value.serialized(pretty: false) == #"{"b":[1,2.5,"x\"y\n\u0001"],"a":{"e":[],"f":{}},"n":null}"#)
        #expect(
            value.serialized(pretty: true) == """
                {
                  "b": [
                    1,
                    2.5,
                    "x\\"y\\n\\u0001"
                  ],
                  "a": {
                    "e": [],
                    "f": {}
                  },
                  "n": null
                }
                """
        )
    }

    @Test(arguments: [
        #"{"a":[1,-2,3.25,1e-05,1e+20,100.0,true,false,null,"é🚀\t\\"],"b":{"c":{}}}"#,
        #"[]"#,
        #""\u0000\u001f""#,
    ])
    func serializedTextParsesBackToTheSameValue(text: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(try JSONValue(parsing: value.serialized(pretty: false)) == value)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
    }

    @Test func pathsQuoteKeysThatAreNotIdentifiers() {
        let path = JSONPath.root.appending(key: "load").appending(key: "a b").appending(index: 2).appending(key: "1x")
        #expect(path.description == #"$.load["a b"][2]["1x"]"#)
        #expect(JSONPath.root.description == "$")
    }

    @Test func objectSubscriptReplacesInPlace() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 3
        object["c"] = 4
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["a"] == 3)
    }
}
