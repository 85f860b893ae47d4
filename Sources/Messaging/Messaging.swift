// Messaging module: see Package.swift.
