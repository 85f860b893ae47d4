// Report module: see Package.swift.
