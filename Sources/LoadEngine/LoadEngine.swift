// LoadEngine module: see Package.swift.
