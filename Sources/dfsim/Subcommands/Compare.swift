import ArgumentParser
import DFSim
import DFSimSpec
import Foundation

/// `dfsim compare`: one workload on several dataflows and/or architectures, side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare dataflows and/or architectures on one workload (optimal mapping per layer for each).",
        discussion: """
            Every variant (architecture × dataflow) is searched exactly as 'dfsim run' does. Prints per layer \
            and in total: energy, pJ/MAC, energy by level and by tensor, cycles, utilization, each normalized \
            to the baseline. Writes results/compare-<workload>/ (compare.json, compare.csv, and one run folder \
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
    @Option(help: "Override the workload's batch size.") var batch: Int?
    @Option(help: "Only these layers (repeat the option for several).") var layer: [String] = []
    @Option(help: "What each search minimizes: edp, energy or latency.") var objective: String = "edp"
    @Option(help: "Worker threads per search (default: all cores).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Output folder (default: results/compare-<workload>).") var out: String?
    @Option(help: "Output format on stdout: table, json or csv.") var format: OutputFormat = .table
    @Flag(help: "Also write <out>/report.html (see 'dfsim report').") var html = false

    func validate() throws {
        guard files.count + arch.count >= 2, !files.isEmpty else {
            throw ValidationError("give at least one architecture and the workload, e.g. 'dfsim compare arch/eyeriss_256.yaml workloads/alexnet.yaml --dataflows all'")
        }
        guard Objective(rawValue: objective) != nil else {
            throw ValidationError("unknown objective '\(objective)'; use edp, energy or latency")
        }
        _ = try presets()
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
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
            let network = try WorkloadSpec.load(workloadPath, batch: batch)
            var selected: [Layer]?
            if !layer.isEmpty {
                selected = try layer.map { name in try selectLayer(network, named: name, file: workloadPath).0 }
            }
            guard !(selected ?? network.mappedLayers).isEmpty else {
                throw UsageError(message: "\(workloadPath) has no layers with MACs to map")
            }
            let presets = try presets()
            var variants: [CompareReport.Variant] = []
            var plan: [(path: String, preset: DataflowPreset?, architecture: Architecture, name: String, dataflow: String?)] = []
            for path in archPaths {
                for preset in presets {
                    let architecture = try ArchitectureSpec.load(path, dataflow: preset)
                    plan.append((path, preset, architecture, "", preset?.rawValue ?? architecture.constraints.dataflow?.rawValue))
                }
            }
            try reportSpecWarnings(architectures: archPaths, dataflows: presets, workload: workloadPath, batch: batch)
            let archNames = Set(plan.map(\.architecture.name))
            for index in plan.indices {
                let (arch, preset) = (plan[index].architecture, plan[index].preset)
                switch (archNames.count > 1 || archPaths.count > 1, presets != [nil]) {
                case (true, true): plan[index].name = "\(arch.name):\(preset?.rawValue ?? "")"
                case (false, true): plan[index].name = preset?.rawValue ?? arch.name
                default: plan[index].name = archNames.count < archPaths.count ? "\(arch.name)#\(index + 1)" : arch.name
                }
            }
            if let baseline, CompareReport.baselineIndex(baseline, names: plan.map(\.name), dataflows: plan.map(\.dataflow),
                                                        archNames: plan.map(\.architecture.name)) == nil {
                throw UsageError(message: "--baseline '\(baseline)' is none of the variants: \(plan.map(\.name).joined(separator: ", "))")
            }
            let folder = out ?? "results/compare-\(network.name)"
            let interactive = isatty(2) == 1
            let started = Date()
            for (index, item) in plan.enumerated() {
                let (name, dataflowName) = (item.name, item.dataflow)
                let search = NetworkSearch(workload: network, architecture: item.architecture,
                                           objective: Objective(rawValue: objective) ?? .edp,
                                           dataflow: item.preset, threads: threads)
                let variantStart = Date()
                let results: [NetworkSearch.LayerResult]
                do {
                    results = try search.run(layers: selected, progress: { i, n, layer, _ in
                        if interactive {
                            printError("\r\u{1B}[2K[\(index + 1)/\(plan.count)] \(name): layer \(i + 1)/\(n) \(layer.name) … "
                                       + String(format: "%.1f s", Date().timeIntervalSince(started)), newline: false)
                        }
                    }, clock: { Date().timeIntervalSince(variantStart) })
                } catch let error as MapperError {
                    if interactive { printError("") }
                    printError("error: \(name): \(error.message)")
                    throw ExitCode(1)
                }
                let report = RunReport(architecture: item.architecture, workload: network, results: results,
                                       objective: objective, dataflow: dataflowName,
                                       elapsed: Date().timeIntervalSince(variantStart), threads: threads)
                let sub = CompareReport.folderName(name)
                try report.write(to: (folder as NSString).appendingPathComponent(sub))
                variants.append(CompareReport.Variant(name: name, archPath: item.path, dataflow: dataflowName, folder: sub, report: report))
            }
            if interactive { printError("\r\u{1B}[2K", newline: false) }
            let compare = try CompareReport(workload: network, variants: variants, baselineName: baseline, objective: objective)
            try compare.write(to: folder)
            let htmlReport = html ? try writeHTMLReport(folder: folder) : nil
            switch format {
            case .json: print(compare.json().render())
            case .csv: print(compare.csv(), terminator: "")
            case .table:
                print(compare.table())
                print("\nwrote \(folder)/ (compare.json, compare.csv, one run folder per variant\(htmlReport == nil ? "" : ", report.html"))"
                      + String(format: " in %.1f s", Date().timeIntervalSince(started)))
            }
        }
    }
}
