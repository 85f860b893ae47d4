import Foundation

/// The INI files the AWS CLI shares with every SDK (`~/.aws/credentials`, `~/.aws/config`): sections of
/// `key = value` lines, `#` and `;` comments.
///
/// In the credentials file a section is named after its profile (`[dev]`); in the config file it is
/// `[profile dev]`, except `[default]`. Nested sub-sections (indented lines under `s3 =`) are skipped.
struct ProfileFile: Sendable {
    /// Settings per section name as written (`default`, `profile dev`), keys lower-cased.
    var sections: [String: [String: String]]

    /// Parses `text`.
    init(text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, !indented, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = String(value[..<comment.lowerBound])
            }
            sections[section, default: [:]][key] = value.trimmingCharacters(in: .whitespaces)
        }
        self.sections = sections
    }

    /// Reads the file at `path`; nil when there is none (a missing file is normal).
    static func load(_ path: String) -> ProfileFile? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return ProfileFile(text: text)
    }

    /// The settings of `profile` in a credentials file.
    func credentialsProfile(_ profile: String) -> [String: String]? { sections[profile] }

    /// The settings of `profile` in a config file (`[profile NAME]`, or `[default]`).
    func configProfile(_ profile: String) -> [String: String]? {
        profile == "default" ? sections["default"] ?? sections["profile default"] : sections["profile \(profile)"]
    }
}
