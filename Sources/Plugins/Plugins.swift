// Plugins module: see Package.swift.
