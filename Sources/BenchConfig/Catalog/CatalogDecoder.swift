import StrictJSON

/// Turns a parsed catalogue document into an `InstanceCatalog`, strictly: every key required, unknown keys refused,
/// numbers in range; the first problem in document order is thrown as a `ConfigError` with its JSON path.
struct CatalogDecoder {
    /// The catalogue file, for errors.
    let file: String

    /// Top-level keys, in the order messages list them.
    static let topKeys = ["description", "region", "checked", "sources", "types"]
    /// Keys of one type entry.
    static let typeKeys = ["vCPUs", "memoryGiB", "network", "hourlyUSD"]

    /// The catalogue in `document`.
    func catalog(_ document: JSONValue) throws(ConfigError) -> InstanceCatalog {
        let root = JSONPath.root
        guard case .object(let object) = document else {
            throw error(root, "expected an object at the top level, found \(Self.describe(document))")
        }
        try checkKeys(object, at: root, known: Self.topKeys)
        let description = try string(object, "description", at: root)
        let region = try string(object, "region", at: root, nonEmpty: true)
        let checked = try string(object, "checked", at: root, nonEmpty: true)
        let sourcesPath = root.appending(key: "sources")
        guard case .array(let sourceValues) = try member(object, "sources", at: root) else {
            throw error(sourcesPath, "expected an array of strings, found \(Self.describe(object["sources"]!))")
        }
        var sources: [String] = []
        for (index, value) in sourceValues.enumerated() {
            guard case .string(let source) = value, !source.isEmpty else {
                throw error(
                    sourcesPath.appending(index: index),
                    "expected a non-empty string, found \(Self.describe(value))"
                )
            }
            sources.append(source)
        }
        guard !sources.isEmpty else { throw error(sourcesPath, "expected at least one source, found an empty array") }

        let typesPath = root.appending(key: "types")
        guard case .object(let entries) = try member(object, "types", at: root) else {
            throw error(typesPath, "expected an object of instance types, found \(Self.describe(object["types"]!))")
        }
        guard !entries.isEmpty else {
            throw error(typesPath, "expected at least one instance type, found an empty object")
        }
        var types: [InstanceType] = []
        for entry in entries {
            types.append(try type(entry.key, entry.value, at: typesPath.appending(key: entry.key)))
        }
        return InstanceCatalog(
            types: types,
            file: file,
            description: description,
            region: region,
            checked: checked,
            sources: sources
        )
    }

    private func type(_ name: String, _ value: JSONValue, at path: JSONPath) throws(ConfigError) -> InstanceType {
        guard Self.isTypeName(name) else {
            throw error(
                path,
                "expected an instance type name such as \"m4.large\" (lowercase letters and digits around one \".\"), "
                    + "found \(JSONValue.string(name).serialized(pretty: false))"
            )
        }
        guard case .object(let object) = value else {
            throw error(
                path,
                "expected an object with \(Self.typeKeys.joined(separator: ", ")), found \(Self.describe(value))"
            )
        }
        try checkKeys(object, at: path, known: Self.typeKeys)
        let vCPUsPath = path.appending(key: "vCPUs")
        guard case .int(let vCPUs) = try member(object, "vCPUs", at: path) else {
            throw error(vCPUsPath, "expected an integer, found \(Self.describe(object["vCPUs"]!))")
        }
        guard (1...1024).contains(vCPUs) else {
            throw error(vCPUsPath, "expected an integer from 1 to 1024, found \(vCPUs)")
        }
        let memory = try positiveNumber(object, "memoryGiB", at: path)
        let network = try string(object, "network", at: path, nonEmpty: true)
        let price = try positiveNumber(object, "hourlyUSD", at: path)
        return InstanceType(name: name, vCPUs: Int(vCPUs), memoryGiB: memory, network: network, hourlyUSD: price)
    }

    // MARK: Checks

    /// Refuses the first unknown key, then the first missing one (reported at the object).
    private func checkKeys(_ object: JSONObject, at path: JSONPath, known: [String]) throws(ConfigError) {
        for key in object.keys where !known.contains(key) {
            var message =
                "unknown key \(JSONValue.string(key).serialized(pretty: false)); expected one of: "
                + known.joined(separator: ", ")
            if let suggestion = EditDistance.closest(to: key, among: known, within: 2) {
                message += " (did you mean \"\(suggestion)\"?)"
            }
            throw error(path.appending(key: key), message)
        }
        for key in known where object[key] == nil {
            throw error(path, "missing required key \"\(key)\"")
        }
    }

    private func member(_ object: JSONObject, _ key: String, at path: JSONPath) throws(ConfigError) -> JSONValue {
        guard let value = object[key] else { throw error(path, "missing required key \"\(key)\"") }
        return value
    }

    private func string(
        _ object: JSONObject,
        _ key: String,
        at path: JSONPath,
        nonEmpty: Bool = false
    ) throws(ConfigError) -> String {
        let value = try member(object, key, at: path)
        guard case .string(let text) = value else {
            throw error(path.appending(key: key), "expected a string, found \(Self.describe(value))")
        }
        if nonEmpty && text.isEmpty {
            throw error(path.appending(key: key), "expected a non-empty string, found \"\"")
        }
        return text
    }

    private func positiveNumber(_ object: JSONObject, _ key: String, at path: JSONPath) throws(ConfigError) -> Double {
        let value = try member(object, key, at: path)
        let number: Double
        switch value {
        case .int(let int): number = Double(int)
        case .double(let double): number = double
        default: throw error(path.appending(key: key), "expected a number, found \(Self.describe(value))")
        }
        guard number > 0, number.isFinite else {
            throw error(path.appending(key: key), "expected a number > 0, found \(Self.describe(value))")
        }
        return number
    }

    private func error(_ path: JSONPath, _ message: String) -> ConfigError {
        ConfigError(file: file, path: path.description, message: message)
    }

    /// The shape configs require of `instanceType`: lowercase letters and digits around one ".".
    static func isTypeName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }

    /// A value as messages name it: `string "4"`, `integer 4`, `number 1.5`, `boolean true`, `null`, `an array`,
    /// `an object`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): "boolean \(bool)"
        case .int(let int): "integer \(int)"
        case .double(let double): "number \(double)"
        case .string(let string): "string \(JSONValue.string(string).serialized(pretty: false))"
        case .array(let array): array.isEmpty ? "an empty array" : "an array"
        case .object(let object): object.isEmpty ? "an empty object" : "an object"
        }
    }
}
