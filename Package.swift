// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "dfsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dfsim", targets: ["dfsim"]),
        .library(name: "DFSim", targets: ["DFSim"]),
        .library(name: "DFSimResults", targets: ["DFSimResults", "DFSimResultsFormat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/ordo-one/TextTable", from: "0.0.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // MARK: - Public API

        /// The model: workloads, architectures, mappings and the cost model. No YAML, no argv, no printing.
        .target(name: "DFSim"),
        /// YAML spec files → validated DFSim values, with file:line:column diagnostics.
        .target(name: "DFSimSpec", dependencies: ["DFSim", .product(name: "Yams", package: "Yams")]),
        /// The results files (details.json, compare.json, sweep.json, …) as versioned Codable types:
        /// written by DFSimResults, read by DFSimReport and the tests. Foundation only.
        .target(name: "DFSimResultsFormat"),
        /// Search results → results folders: run, compare and sweep files (JSON, RFC 4180 CSV,
        /// mapping YAML), compare planning, the resumable sweep runner, its store and merge.
        .target(name: "DFSimResults", dependencies: ["DFSim", "DFSimSpec", "DFSimResultsFormat"]),
        /// A results folder (run, compare or sweep) → one self-contained HTML report with inline SVG.
        .target(name: "DFSimReport", dependencies: ["DFSimResultsFormat"]),
        /// Timeloop's architecture, problem, mapping and ERT files → dfsim's spec files (`dfsim import timeloop`).
        .target(name: "DFSimTimeloop", dependencies: ["DFSimResultsFormat", "DFSim", "DFSimSpec", .product(name: "Yams", package: "Yams")]),
        /// The thin command-line tool.
        /// Times one cost-model evaluation (release build): `swift run -c release dfsim-bench`.
        .executableTarget(name: "dfsim-bench", dependencies: ["DFSim", "DFSimSpec"]),
        .executableTarget(name: "dfsim", dependencies: [
            "DFSim", "DFSimSpec", "DFSimResults", "DFSimResultsFormat", "DFSimReport", "DFSimTimeloop",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "TextTable", package: "TextTable"),
        ]),

        // MARK: - Unit test bundles

        .testTarget(name: "DFSimTests", dependencies: [
            "DFSim", "DFSimSpec", .product(name: "Numerics", package: "swift-numerics"),
        ]),
        .testTarget(name: "DFSimSpecTests", dependencies: ["DFSimSpec", "DFSim"]),
        .testTarget(name: "DFSimReportTests", dependencies: ["DFSimReport", "DFSimResultsFormat"]),
        .testTarget(name: "DFSimResultsTests", dependencies: [
            "DFSimResults", "DFSimResultsFormat", "DFSim", "DFSimSpec", .product(name: "SwiftCSV", package: "SwiftCSV"),
        ]),
        .testTarget(name: "dfsimTests", dependencies: ["DFSim"]),
        .testTarget(name: "DFSimTimeloopTests", dependencies: ["DFSimTimeloop", "DFSim", "DFSimSpec"]),
    ]
)
