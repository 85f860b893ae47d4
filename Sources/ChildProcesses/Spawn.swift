#if canImport(Glibc)
import Glibc
#endif

/// The `posix_spawn` plumbing behind `ChildProcess.spawn`: executable lookup, environment, file actions.
enum Spawn {
    /// Finds `executable` the way a shell would: as given when it holds a "/", else in each `PATH` directory.
    static func resolve(_ executable: String, path: String?) throws(ChildProcessError) -> String {
        guard !executable.isEmpty else {
            throw ChildProcessError(executable: executable, reason: "empty executable name")
        }
        if executable.contains("/") {
            guard access(executable, X_OK) == 0 else { throw .system(executable, errno) }
            return executable
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        var lastError = ENOENT
        for directory in directories where !directory.isEmpty {
            let candidate = directory.hasSuffix("/") ? directory + executable : directory + "/" + executable
            var info = stat()
            guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            lastError = errno
        }
        throw .system(executable, lastError)
    }

    /// The current environment with `overrides` added (an override replaces a variable of the same name).
    static func environment(adding overrides: [String: String]) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        var cursor = environ
        while let entry = cursor.pointee {
            let line = String(cString: entry)
            let name = String(line.prefix(while: { $0 != "=" }))
            if overrides[name] == nil, seen.insert(name).inserted { result.append(line) }
            cursor += 1
        }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            result.append("\(name)=\(value)")
        }
        return result
    }

    /// The value of `name` in an environment built by `environment(adding:)`.
    static func lookup(_ name: String, in environment: [String]) -> String? {
        let prefix = name + "="
        return environment.last(where: { $0.hasPrefix(prefix) }).map { String($0.dropFirst(prefix.count)) }
    }

    /// Runs `body` with a NULL-terminated C array of the strings, freed afterwards.
    static func withCStrings<R>(
        _ strings: [String],
        _ body: ([UnsafeMutablePointer<CChar>?]) -> R
    ) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    /// Opens `path` for the child's stdout and stderr (appending, created 0644) or /dev/null; close-on-exec in
    /// this process, so no other child inherits it.
    static func openOutput(_ path: String?, executable: String) throws(ChildProcessError) -> Int32 {
        let target = path ?? "/dev/null"
        let fd = open(target, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(executable, errno, context: "cannot open output file \(target)") }
        return fd
    }

    /// Opens /dev/null for the child's stdin.
    static func openInput(executable: String) throws(ChildProcessError) -> Int32 {
        let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(executable, errno, context: "cannot open /dev/null") }
        return fd
    }

    // glibc has `posix_spawn_file_actions_addchdir_np` (2.29) and `..._addclosefrom_np` (2.34), but declares them
    // only under _GNU_SOURCE, which Swift's Glibc module does not define; so they are looked up at run time.
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `posix_spawn_file_actions_addchdir_np`, if this libc has it.
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    /// `posix_spawn_file_actions_addclosefrom_np`, if this libc has it.
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
}
