// ChildProcesses module: see Package.swift.
