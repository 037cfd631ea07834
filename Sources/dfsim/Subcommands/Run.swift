import ArgumentParser
import DFSim
import DFSimSpec
import Foundation
import TextTable

/// `dfsim run ARCH WORKLOAD`: the optimal mapping of every layer, network totals, a results folder.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the optimal mapping of every layer and report energy, cycles and reuse.",
        discussion: "Writes results/<arch>-<workload>/ (summary.csv, details.json, timing.json, one mapping YAML per layer that 'dfsim model' accepts). The result is the proven optimum of the mapspace and does not depend on --threads; with --time-limit (or after Ctrl-C, exit code 130) each layer reports its best mapping so far with a proven lower bound and the gap.")

    @Argument(help: "Architecture YAML (docs/format.md §2).") var arch: String
    @Argument(help: "Workload YAML (docs/format.md §1).") var workload: String
    @Option(help: "Only these layers (repeat the option for several).") var layer: [String] = []
    @Option(help: "Override the workload's batch size (the n of every shorthand layer).") var batch: Int?
    @Option(help: "What to minimize: edp, energy or latency.") var objective: String = "edp"
    @Option(help: "Dataflow preset overriding the architecture's: weight_stationary, output_stationary, input_stationary, row_stationary, no_local_reuse (or ws, os, is, rs, nlr).")
    var dataflow: String?
    @Option(help: "Worker threads (default: all cores).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Search: exhaustive (proven optimal, default) or random (sampling, not proven optimal).") var search: String = "exhaustive"
    @Option(help: "Stop after this many seconds for the whole run: each layer gets an equal share of the time left and reports its best mapping with a proven lower bound and the gap (Ctrl-C does the same at any time).")
    var timeLimit: Double?
    @Option(help: "Random search: valid mappings to evaluate per layer.") var budget: Int = 10_000
    @Option(help: "Random search: seed (same seed, same result).") var seed: UInt64 = 1
    @Option(help: "Output folder (default: results/<arch>-<workload>).") var out: String?
    @Option(help: "Output format on stdout: table, json or csv.") var format: OutputFormat = .table
    @Flag(help: "Also write <out>/report.html (see 'dfsim report').") var html = false

    func validate() throws {
        guard Objective(rawValue: objective) != nil else {
            throw ValidationError("unknown objective '\(objective)'; use edp, energy or latency")
        }
        if let dataflow, DataflowPreset(name: dataflow) == nil {
            throw ValidationError("unknown dataflow '\(dataflow)'; presets: \(DataflowPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["exhaustive", "random"].contains(search) else {
            throw ValidationError("unknown search '\(search)'; use exhaustive or random")
        }
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        try reportingSpecErrors {
            let architecture = try ArchitectureSpec.load(arch, dataflow: dataflow.flatMap { DataflowPreset(name: $0) })
            let network = try WorkloadSpec.load(workload, batch: batch)
            try reportSpecWarnings(architectures: [arch], dataflows: [dataflow.flatMap { DataflowPreset(name: $0) }], workload: workload, batch: batch)
            var selected: [Layer]?
            if !layer.isEmpty {
                selected = try layer.map { name in try selectLayer(network, named: name, file: workload).0 }
            }
            guard !(selected ?? network.mappedLayers).isEmpty else {
                throw UsageError(message: "\(workload) has no layers with MACs to map")
            }
            let control = SearchControl()
            let objectiveValue = Objective(rawValue: objective) ?? .edp
            let networkSearch = NetworkSearch(workload: network, architecture: architecture, objective: objectiveValue,
                                              dataflow: dataflow.flatMap { DataflowPreset(name: $0) }, threads: threads,
                                              random: search == "random" ? (budget, seed) : nil,
                                              timeLimit: timeLimit, control: control)
            let started = Date()
            let live = LiveProgress(control: control, objective: objectiveValue)
            live.start()
            let outcome: NetworkSearch.Outcome
            do {
                outcome = try networkSearch.runUntilStopped(layers: selected, progress: { i, n, layer, _ in
                    live.begin(index: i, count: n, layer: layer.name)
                }, finished: { live.finish($0) }, clock: { Date().timeIntervalSince(started) })
            } catch let error as MapperError {
                live.stop()
                printError("error: \(error.message)")
                throw ExitCode(1)
            }
            live.stop()
            let results = outcome.layers
            guard !results.isEmpty else {
                printError("interrupted before any layer had a mapping; nothing written")
                throw ExitCode(130)
            }
            let elapsed = Date().timeIntervalSince(started)
            let report = RunReport(architecture: architecture, workload: network, results: results,
                                   objective: objective, dataflow: dataflow, elapsed: elapsed, threads: threads)
            let folder = out ?? "results/\(architecture.name)-\(network.name)"
            try report.write(to: folder)
            let htmlReport = html ? try writeHTMLReport(folder: folder) : nil
            switch format {
            case .json: print(report.detailsJSON().render())
            case .csv: print(report.summaryCSV(), terminator: "")
            case .table:
                print(report.table())
                print("\nwrote \(folder)/ (summary.csv, details.json, timing.json, \(results.count) mapping files"
                      + (htmlReport == nil ? ")" : ", report.html)"))
            }
            if outcome.interrupted {
                let total = (selected ?? network.mappedLayers).count
                printError("interrupted: wrote \(results.count) of \(total) layers (the last with its gap)")
                throw ExitCode(130)
            }
        }
    }
}
