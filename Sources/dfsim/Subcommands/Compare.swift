import ArgumentParser
import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation

/// `dfsim compare`: one workload on several dataflows and/or architectures, side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare dataflows and/or architectures on one workload (optimal mapping per layer for each).",
        discussion: """
            Every variant (architecture × dataflow) is searched exactly as 'dfsim run' does. Prints per layer \
            and in total: energy, pJ/MAC, energy by level and by tensor, cycles, utilization, each normalized \
            to the baseline. Writes results/compare-<workload>/ (compare.json, compare.csv, compare_totals.csv, and one run folder \
            per variant). An architecture with 'dataflow_variants:' is loaded in each dataflow's own storage split.
            Examples:
              dfsim compare arch/eyeriss_256.yaml workloads/alexnet.yaml --dataflows all --batch 16
              dfsim compare workloads/alexnet.yaml --arch arch/eyeriss_like.yaml arch/simba_like.yaml
            """)

    @Argument(help: "Architecture YAML files, then the workload YAML (last).") var files: [String] = []
    @Option(parsing: .upToNextOption, help: "More architectures to compare.") var arch: [String] = []
    @Option(help: "Dataflow presets to compare, comma-separated (ws,os,is,rs,nlr or full names) or 'all'; default: each architecture's own.")
    var dataflows: String?
    @Option(help: "Variant every figure is normalized to (a dataflow, an architecture, or arch:dataflow); default: the variant with the lowest total objective.")
    var baseline: String?
    @OptionGroup var searchOptions: SearchOptions
    @Option(help: "Stop after this many seconds for the whole comparison: each variant gets an equal share of the time left (within it, each layer an equal share), and reports its best mappings with proven lower bounds and gaps. Ctrl-C stops at any time: the variants finished so far are compared (exit code 130).")
    var timeLimit: Double?
    @Option(help: "Output folder (default: results/compare-<workload>).") var out: String?
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard files.count + arch.count >= 2, !files.isEmpty else {
            throw ValidationError("give at least one architecture and the workload, e.g. 'dfsim compare arch/eyeriss_256.yaml workloads/alexnet.yaml --dataflows all'")
        }
        _ = try presets()
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    /// The requested presets; `[nil]` = each architecture's own.
    func presets() throws -> [DataflowPreset?] {
        guard let dataflows else { return [nil] }
        if dataflows == "all" { return DataflowPreset.allCases }
        var result: [DataflowPreset?] = []
        for name in dataflows.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let preset = DataflowPreset(name: name) else {
                throw ValidationError("unknown dataflow '\(name)' in --dataflows; presets: \(DataflowPreset.allCases.map(\.rawValue).joined(separator: ", ")) (or ws, os, is, rs, nlr, all)")
            }
            if !result.contains(preset) { result.append(preset) }
        }
        guard !result.isEmpty else { throw ValidationError("--dataflows lists no dataflow") }
        return result
    }

    func run() throws {
        try reportingSpecErrors {
            let workloadPath = files[files.count - 1]
            let archPaths = Array(files.dropLast()) + arch
            let (layer, objective, threads) = (searchOptions.layer, searchOptions.objective, searchOptions.threads)
            let network = try WorkloadSpec.load(workloadPath, batch: searchOptions.batch)
            var selected: [Layer]?
            if !layer.isEmpty {
                selected = try layer.map { name in try selectLayer(network, named: name, file: workloadPath).0 }
            }
            guard !(selected ?? network.mappedLayers).isEmpty else {
                throw UsageError(message: "\(workloadPath) has no layers with MACs to map")
            }
            let presets = try presets()
            try reportSpecWarnings(architectures: archPaths, dataflows: presets, workload: workloadPath, batch: searchOptions.batch)
            let plan = try ComparePlan(archPaths: archPaths, presets: presets).applying { searchOptions.applied(to: $0) }
            for warning in plan.warnings { printError("warning: \(warning)") }
            if let baseline { _ = try plan.baselineIndex(baseline) }
            var variants: [CompareOutput.Variant] = []
            let folder = out ?? "results/" + SafeFileName.make("compare-\(network.name)")
            try ResultsFolder(URL(fileURLWithPath: folder), force: outputOptions.force).prepareCompare()
            let started = Date()
            let control = SearchControl()
            let live = LiveProgress(control: control, objective: objective)
            live.start()
            var interrupted: String?
            for (index, item) in plan.items.enumerated() {
                let (name, dataflowName) = (item.name, item.dataflow)
                // An equal share of the time left for each variant still to search.
                let share = timeLimit.map { max(0.01, ($0 - Date().timeIntervalSince(started)) / Double(plan.items.count - index)) }
                let search = NetworkSearch(workload: network, architecture: item.architecture, objective: objective,
                                           dataflow: item.preset, threads: threads, timeLimit: share, control: control)
                let variantStart = Date()
                let outcome: NetworkSearch.Outcome
                do {
                    outcome = try search.runUntilStopped(layers: selected, progress: { i, n, layer, _ in
                        live.begin(index: i, count: n, layer: "\(layer.name) of \(name) (variant \(index + 1)/\(plan.items.count))")
                    }, finished: { live.finish($0) }, clock: { Date().timeIntervalSince(variantStart) })
                } catch let error as MapperError {
                    live.stop()
                    printError("error: \(name): \(error.message)")
                    throw ExitCode(2) // as in run: the design cannot map the layer (docs/format.md §6.3)
                }
                let run = RunOutput(architecture: item.architecture, workload: network, results: outcome.layers,
                                    objective: objective, dataflow: dataflowName,
                                    elapsed: Date().timeIntervalSince(variantStart), threads: threads)
                let sub = ComparePlan.folderName(name)
                if !outcome.layers.isEmpty {
                    try run.write(to: URL(fileURLWithPath: folder).appendingPathComponent(sub), force: outputOptions.force)
                }
                if outcome.interrupted || control.stopWasRequested {
                    interrupted = name
                    break
                }
                variants.append(CompareOutput.Variant(name: name, archPath: item.path, dataflow: dataflowName, folder: sub, run: run))
            }
            live.stop()
            if let interrupted {
                guard !variants.isEmpty else {
                    printError("interrupted during the first variant (\(interrupted)): its finished layers are in \(folder)/\(ComparePlan.folderName(interrupted))/; nothing to compare")
                    throw ExitCode(130)
                }
            }
            // After an interrupt the named baseline may not have run: then the default applies.
            let finished = (names: variants.map(\.name), dataflows: variants.map(\.dataflow), archNames: variants.map(\.run.architecture.name))
            let baselineName = baseline.flatMap { ComparePlan.baselineIndex($0, names: finished.names, dataflows: finished.dataflows,
                                                                            archNames: finished.archNames) == nil ? nil : $0 }
            let compare = try CompareOutput(workload: network, variants: variants, baselineName: baselineName, objective: objective)
            try compare.write(to: URL(fileURLWithPath: folder))
            let htmlReport = outputOptions.html ? try writeHTMLReport(folder: folder) : nil
            switch outputOptions.format {
            case .json: print(try OrderedJSONEncoder().encode(compare.file()).render())
            case .csv: print(compare.csv().text, terminator: "")
            case .table:
                print(CompareReport(output: compare).table())
                for v in variants where !v.run.provenOptimal {
                    print("\(v.name): STOPPED EARLY, the best mappings found" + (v.run.networkGap.map { String(format: ", network gap %.2f %%", $0 * 100) } ?? ""))
                }
                print("\nwrote \(folder)/ (\(CompareOutput.fileNames.joined(separator: ", ")), one run folder per variant\(htmlReport == nil ? "" : ", report.html"))"
                      + String(format: " in %.1f s", Date().timeIntervalSince(started)))
            }
            if let interrupted {
                printError("interrupted in variant \(interrupted): compared the \(variants.count) of \(plan.items.count) variants finished (the interrupted one's finished layers are in its folder)")
                throw ExitCode(130)
            }
        }
    }
}
