import DFSim
import DFSimResultsFormat
import Foundation

/// What `dfsim compare` writes: every variant's figures per layer and in total, normalized to a
/// baseline variant (`compare.json` = ``CompareFile``, `compare.csv` per layer,
/// `compare_totals.csv` per variant), beside one run folder per variant.
public struct CompareOutput: Sendable {
    /// One architecture × dataflow and its run.
    public struct Variant: Sendable {
        public var name: String
        public var archPath: String
        public var dataflow: String?
        /// Subfolder (a `dfsim run` results folder).
        public var folder: String
        public var run: RunOutput

        public init(name: String, archPath: String, dataflow: String?, folder: String, run: RunOutput) {
            (self.name, self.archPath, self.dataflow, self.folder, self.run) = (name, archPath, dataflow, folder, run)
        }
    }

    /// The figures of one variant on one layer (or in total).
    public struct Figures: Sendable {
        public var macs = 0
        public var energyPJ = 0.0
        public var cycles = 0
        var utilizationNumerator = 0.0
        public var byLevel: [(name: String, energyPJ: Double)] = []
        public var byRole: [(role: String, energyPJ: Double)] = []
        public var computePJ = 0.0
        /// Words crossing fan-out networks × the transfer energy.
        public var networkPJ = 0.0

        public var pjPerMAC: Double { macs == 0 ? 0 : energyPJ / Double(macs) }
        /// Timeloop's utilization: MACs / (PEs × cycles).
        public var utilization: Double { cycles == 0 ? 0 : utilizationNumerator / Double(cycles) }

        mutating func add(_ other: Figures) {
            macs += other.macs
            energyPJ += other.energyPJ
            utilizationNumerator += other.utilizationNumerator
            cycles += other.cycles
            computePJ += other.computePJ
            networkPJ += other.networkPJ
            for item in other.byLevel {
                if let i = byLevel.firstIndex(where: { $0.name == item.name }) { byLevel[i].energyPJ += item.energyPJ }
                else { byLevel.append(item) }
            }
            for item in other.byRole {
                if let i = byRole.firstIndex(where: { $0.role == item.role }) { byRole[i].energyPJ += item.energyPJ }
                else { byRole.append(item) }
            }
        }
    }

    public let workload: Workload
    public let variants: [Variant]
    /// Index of the baseline variant.
    public let baseline: Int
    public let objective: Objective
    /// Layer names, in order.
    public let layers: [String]
    /// `perLayer[layer][variant]`.
    public let perLayer: [[Figures]]
    /// `total[variant]`.
    public let total: [Figures]

    /// - Parameter baselineName: a variant designated as ``ComparePlan/baselineIndex(_:names:dataflows:archNames:)``
    ///   does; `nil`: the variant with the lowest total objective.
    public init(workload: Workload, variants: [Variant], baselineName: String?, objective: Objective) throws {
        self.workload = workload
        self.variants = variants
        self.objective = objective
        layers = variants.first?.run.results.map(\.layer.name) ?? []
        var perLayer = Array(repeating: [Figures](), count: layers.count)
        var total: [Figures] = []
        for variant in variants {
            var sum = Figures()
            for (i, r) in variant.run.results.enumerated() {
                let e = r.result.evaluation
                let f = Figures(macs: e.macs, energyPJ: e.energyPJ, cycles: e.cycles,
                                utilizationNumerator: e.utilization * Double(e.cycles),
                                byLevel: e.levels.map { ($0.name, $0.energyPJ) },
                                byRole: e.energyByRole.map { ($0.role.rawValue, $0.energyPJ) },
                                computePJ: e.computeEnergyPJ, networkPJ: e.networkEnergyPJ)
                perLayer[i].append(f)
                sum.add(f)
            }
            total.append(sum)
        }
        self.perLayer = perLayer
        self.total = total
        if let baselineName {
            guard let index = ComparePlan.baselineIndex(baselineName, names: variants.map(\.name), dataflows: variants.map(\.dataflow),
                                                        archNames: variants.map(\.run.architecture.name)) else {
                throw ResultsError("--baseline '\(baselineName)' is none of the variants: \(variants.map(\.name).joined(separator: ", "))")
            }
            baseline = index
        } else {
            let score = { (f: Figures) in objective.value(energyPJ: f.energyPJ, cycles: f.cycles) }
            baseline = total.indices.min { score(total[$0]) < score(total[$1]) } ?? 0
        }
    }

    func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }

    // MARK: - Files

    func entry(_ f: Figures, variant: Int, base: Figures) -> CompareFile.Figures {
        CompareFile.Figures(variant: variants[variant].name, macs: f.macs, energyPJ: f.energyPJ, pjPerMAC: f.pjPerMAC,
                            energyVsBaseline: ratio(f.energyPJ, base.energyPJ), cycles: f.cycles,
                            cyclesVsBaseline: ratio(Double(f.cycles), Double(base.cycles)), utilization: f.utilization,
                            energyByLevelPJ: OrderedObject(f.byLevel.map { ($0.name, $0.energyPJ) }),
                            energyByTensorPJ: OrderedObject(f.byRole.map { ($0.role, $0.energyPJ) } + [("compute", f.computePJ)]),
                            networkEnergyPJ: f.networkPJ)
    }

    /// The content of `compare.json`.
    public func file() -> CompareFile {
        func entries(_ figures: [Figures]) -> [CompareFile.Figures] {
            figures.indices.map { entry(figures[$0], variant: $0, base: figures[baseline]) }
        }
        return CompareFile(
            workload: workload.name, batch: workload.batch, objective: objective.rawValue, baseline: variants[baseline].name,
            variants: variants.map { v in
                .init(name: v.name, arch: v.run.architecture.name, archFile: v.archPath, dataflow: v.dataflow, folder: v.folder,
                      pes: v.run.architecture.totalPEs, onchipBytes: v.run.architecture.onChipBytes)
            },
            layers: layers.indices.map { .init(name: layers[$0], variants: entries(perLayer[$0])) },
            total: entries(total))
    }

    /// Level names over all variants, in first-seen order.
    var levelNames: [String] {
        var names: [String] = []
        for f in total { for l in f.byLevel where !names.contains(l.name) { names.append(l.name) } }
        return names
    }

    func table(_ rows: [(layer: String?, figures: [Figures])]) -> CSVTable {
        let levelNames = levelNames
        let leading = rows.first?.layer == nil ? [String]() : ["layer"]
        var table = CSVTable(header: leading + ["variant", "arch", "dataflow", "macs", "energy_pj", "pj_per_mac", "energy_vs_baseline",
                                                "cycles", "cycles_vs_baseline", "utilization", "inputs_pj", "weights_pj", "outputs_pj",
                                                "compute_pj", "network_pj"] + levelNames.map { "level_\($0)_pj" })
        for (layer, figures) in rows {
            for (v, f) in figures.enumerated() {
                let base = figures[baseline]
                let role = { (name: String) in f.byRole.first { $0.role == name }?.energyPJ ?? 0 }
                var cells = (layer.map { [$0] } ?? []) + [variants[v].name, variants[v].run.architecture.name, variants[v].dataflow ?? ""]
                cells += ["\(f.macs)", CSVTable.number(f.energyPJ), CSVTable.number(f.pjPerMAC), CSVTable.number(ratio(f.energyPJ, base.energyPJ)),
                          "\(f.cycles)", CSVTable.number(ratio(Double(f.cycles), Double(base.cycles))), CSVTable.number(f.utilization)]
                cells += [role("inputs"), role("weights"), role("outputs"), f.computePJ, f.networkPJ].map(CSVTable.number)
                cells += levelNames.map { n in CSVTable.number(f.byLevel.first { $0.name == n }?.energyPJ ?? 0) }
                table.append(cells)
            }
        }
        return table
    }

    /// `compare.csv`: one row per layer and variant (summing a column over a variant's rows gives its total).
    public func csv() -> CSVTable { table(layers.indices.map { (layers[$0], perLayer[$0]) }) }

    /// `compare_totals.csv`: one row per variant, the network's figures.
    public func totalsCSV() -> CSVTable { table([(nil, total)]) }

    /// The files written into the compare folder (beside the variants' run folders).
    public static let fileNames = ["compare.json", "compare.csv", "compare_totals.csv"]

    /// Writes `compare.json` and the CSVs (every file rendered first: a non-finite number fails
    /// before anything is written).
    public func write(to folder: URL) throws {
        let json: String
        do {
            json = try OrderedJSONEncoder().text(file())
        } catch {
            throw ResultsError("the comparison holds a number that is not finite; an energy, size or bandwidth of an architecture is out of range")
        }
        try ResultsFolder(folder).write(files: [("compare.json", json), ("compare.csv", csv().text),
                                                ("compare_totals.csv", totalsCSV().text)])
    }
}
