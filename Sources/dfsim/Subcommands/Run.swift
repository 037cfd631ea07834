import ArgumentParser
import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation
import TextTable

/// `dfsim run ARCH WORKLOAD`: the optimal mapping of every layer, network totals, a results folder.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the optimal mapping of every layer and report energy, cycles and reuse.",
        discussion: "Writes results/<arch>-<workload>/ (summary.csv, totals.csv, details.json, timing.json, one mapping YAML per layer that 'dfsim model' accepts). The result is the proven optimum of the mapspace and does not depend on --threads; with --time-limit (or after Ctrl-C, exit code 130) each layer reports its best mapping so far with a proven lower bound and the gap.")

    @Argument(help: "Architecture YAML (docs/format.md §2).") var arch: String
    @Argument(help: "Workload YAML (docs/format.md §1).") var workload: String
    @OptionGroup var searchOptions: SearchOptions
    @Option(help: "Dataflow preset overriding the architecture's (or its short name: ws, os, is, rs, nlr).")
    var dataflow: DataflowPreset?
    @Option(help: "Search: exhaustive (proven optimal) or random (sampling, not proven optimal).") var search: SearchKind = .exhaustive
    @Option(help: "Stop after this many seconds for the whole run: each layer gets an equal share of the time left and reports its best mapping with a proven lower bound and the gap (Ctrl-C does the same at any time).")
    var timeLimit: Double?
    @Option(help: "Random search: valid mappings to evaluate per layer.") var budget: Int = 10_000
    @Option(help: "Random search: seed (same seed, same result).") var seed: UInt64 = 1
    @Option(help: "Output folder (default: results/<arch>-<workload>).") var out: String?
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1") }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        try reportingSpecErrors {
            let (layer, objective, threads, format) = (searchOptions.layer, searchOptions.objective, searchOptions.threads, outputOptions.format)
            let architecture = searchOptions.applied(to: try ArchitectureSpec.load(arch, dataflow: dataflow))
            let network = try WorkloadSpec.load(workload, batch: searchOptions.batch)
            try reportSpecWarnings(architectures: [arch], dataflows: [dataflow], workload: workload, batch: searchOptions.batch)
            var selected: [Layer]?
            if !layer.isEmpty {
                selected = try layer.map { name in try selectLayer(network, named: name, file: workload).0 }
            }
            guard !(selected ?? network.mappedLayers).isEmpty else {
                throw UsageError(message: "\(workload) has no layers with MACs to map")
            }
            let folder = out ?? RunOutput.defaultFolder(architecture: architecture.name, workload: network.name)
            try ResultsFolder(URL(fileURLWithPath: folder), force: outputOptions.force).checkRun(arch: architecture.name, workload: network.name)
            let control = SearchControl()
            let networkSearch = NetworkSearch(workload: network, architecture: architecture, objective: objective,
                                              dataflow: dataflow, threads: threads,
                                              random: search == .random ? (budget, seed) : nil,
                                              timeLimit: timeLimit, control: control)
            let started = Date()
            let live = LiveProgress(control: control, objective: objective)
            live.start()
            let outcome: NetworkSearch.Outcome
            do {
                outcome = try networkSearch.runUntilStopped(layers: selected, progress: { i, n, layer, _ in
                    live.begin(index: i, count: n, layer: layer.name)
                }, finished: { live.finish($0) }, clock: { Date().timeIntervalSince(started) })
            } catch let error as MapperError {
                live.stop()
                printError("error: \(error.message)")
                throw ExitCode(2) // the design cannot map the layer: bad input (docs/format.md §6.3)
            }
            live.stop()
            let results = outcome.layers
            guard !results.isEmpty else {
                printError("interrupted before any layer had a mapping; nothing written")
                throw ExitCode(130)
            }
            let elapsed = Date().timeIntervalSince(started)
            let output = RunOutput(architecture: architecture, workload: network, results: results,
                                   objective: objective, dataflow: dataflow?.rawValue, elapsed: elapsed, threads: threads)
            try output.write(to: URL(fileURLWithPath: folder), force: outputOptions.force)
            let htmlReport = outputOptions.html ? try writeHTMLReport(folder: folder) : nil
            switch format {
            case .json: print(try OrderedJSONEncoder().encode(output.details()).render())
            case .csv: print(output.summaryCSV().text, terminator: "")
            case .table:
                print(RunReport(output: output).table())
                print("\nwrote \(folder)/ (\(RunOutput.fileNames.joined(separator: ", ")), \(results.count) mapping files"
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
