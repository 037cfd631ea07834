import DFSim
import Foundation
import TextTable

/// What `dfsim compare` prints and writes: every variant's figures per layer and in total,
/// normalized to a baseline variant.
struct CompareReport {
    /// One architecture × dataflow and its run.
    struct Variant {
        var name: String
        var archPath: String
        var dataflow: String?
        /// Subfolder (a `dfsim run` results folder).
        var folder: String
        var report: RunReport
    }

    /// The figures of one variant on one layer (or in total).
    struct Figures {
        var macs = 0
        var energyPJ = 0.0
        var cycles = 0
        var utilizationNumerator = 0.0
        var byLevel: [(name: String, energyPJ: Double)] = []
        var byRole: [(role: String, energyPJ: Double)] = []
        var computePJ = 0.0
        /// Words crossing fan-out networks × the transfer energy.
        var networkPJ = 0.0

        var pjPerMAC: Double { macs == 0 ? 0 : energyPJ / Double(macs) }
        /// Timeloop's utilization: MACs / (PEs × cycles).
        var utilization: Double { cycles == 0 ? 0 : utilizationNumerator / Double(cycles) }

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

    let workload: Workload
    let variants: [Variant]
    let baseline: Int
    let objective: String
    /// Layer names, in order.
    let layers: [String]
    /// `perLayer[layer][variant]`.
    let perLayer: [[Figures]]
    /// `total[variant]`.
    let total: [Figures]

    init(workload: Workload, variants: [Variant], baselineName: String?, objective: String) throws {
        self.workload = workload
        self.variants = variants
        self.objective = objective
        layers = variants.first?.report.results.map(\.layer.name) ?? []
        var perLayer = Array(repeating: [Figures](), count: layers.count)
        var total: [Figures] = []
        for variant in variants {
            var sum = Figures()
            for (i, r) in variant.report.results.enumerated() {
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
            guard let index = Self.baselineIndex(baselineName, names: variants.map(\.name), dataflows: variants.map(\.dataflow),
                                                 archNames: variants.map(\.report.architecture.name)) else {
                throw UsageError(message: "--baseline '\(baselineName)' is none of the variants: \(variants.map(\.name).joined(separator: ", "))")
            }
            baseline = index
        } else {
            let goal = Objective(rawValue: objective) ?? .edp
            let score = { (f: Figures) in goal.value(energyPJ: f.energyPJ, cycles: f.cycles) }
            baseline = total.indices.min { score(total[$0]) < score(total[$1]) } ?? 0
        }
    }

    /// The first variant that `name` designates: by variant name, dataflow (short names too) or
    /// architecture name.
    static func baselineIndex(_ name: String, names: [String], dataflows: [String?], archNames: [String]) -> Int? {
        let preset = DataflowPreset(name: name)?.rawValue
        return names.indices.first { names[$0] == name || (preset != nil && dataflows[$0] == preset) || archNames[$0] == name }
    }

    static func folderName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    private func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }

    // MARK: - Table

    struct Row {
        var layer, variant, pjPerMAC, vsBase, byRole, byLevel, cycles, cyclesVsBase, util: String
    }

    func rows(_ figures: [Figures], layer: String) -> [Row] {
        let base = figures[baseline]
        return figures.indices.map { v in
            let f = figures[v]
            let perMAC = { (x: Double) in String(format: "%.2f", self.ratio(x, Double(f.macs))) }
            let network = f.networkPJ > 0 ? " net \(perMAC(f.networkPJ))" : ""
            let roles = f.byRole.map { "\($0.role.prefix(1)) \(perMAC($0.energyPJ))" } + ["mac \(perMAC(f.computePJ))\(network)"]
            return Row(layer: v == 0 ? layer : "", variant: variants[v].name + (v == baseline ? " *" : ""),
                       pjPerMAC: String(format: "%.3f", f.pjPerMAC),
                       vsBase: String(format: "%.2f×", ratio(f.energyPJ, base.energyPJ)),
                       byRole: roles.joined(separator: " "),
                       byLevel: f.byLevel.map { "\($0.name) \(perMAC($0.energyPJ))" }.joined(separator: " ") + network,
                       cycles: f.cycles.formatted(.number.grouping(.automatic)),
                       cyclesVsBase: String(format: "%.2f×", ratio(Double(f.cycles), Double(base.cycles))),
                       util: String(format: "%.3f", f.utilization))
        }
    }

    func table() -> String {
        let t = TextTable<Row> {
            [Column(title: "layer", value: $0.layer),
                           Column(title: "variant", value: $0.variant),
                           Column(title: "pJ/MAC", value: $0.pjPerMAC, align: .right),
                           Column(title: "energy", value: $0.vsBase, align: .right),
                           Column(title: "by tensor (pJ/MAC: inputs weights outputs mac)", value: $0.byRole),
                           Column(title: "by level (pJ/MAC)", value: $0.byLevel),
                           Column(title: "cycles", value: $0.cycles, align: .right),
                           Column(title: "cycles", value: $0.cyclesVsBase, align: .right),
                           Column(title: "util", value: $0.util, align: .right)]
        }
        var rows: [Row] = []
        for (i, name) in layers.enumerated() { rows += self.rows(perLayer[i], layer: name) }
        rows += self.rows(total, layer: "TOTAL")
        var out = "\(workload.name) (batch \(workload.batch)): \(variants.count) variants, objective \(objective); "
        out += "ratios (×) are to the baseline \(variants[baseline].name) (marked *)\n"
        for v in variants {
            let a = v.report.architecture
            out += "  \(v.name): \(a.name) from \(v.archPath), \(a.totalPEs) PEs, "
            out += "\(a.onChipBytes.formatted(.number.grouping(.automatic))) B on chip"
            out += v.dataflow.map { ", dataflow \($0)" } ?? ""
            out += "\n"
        }
        out += "\n" + (t.string(for: rows) ?? "")
        if total.contains(where: { $0.networkPJ > 0 }) {
            out += "\n\nnet: network transfers (words crossing a fan-out's network × the transfer energy; README, cost model)."
        }
        return out
    }

    // MARK: - Files

    func figuresJSON(_ f: Figures, base: Figures) -> [(String, JSONValue)] {
        [("macs", .int(f.macs)), ("energy_pj", .double(f.energyPJ)), ("pj_per_mac", .double(f.pjPerMAC)),
         ("energy_vs_baseline", .double(ratio(f.energyPJ, base.energyPJ))),
         ("cycles", .int(f.cycles)), ("cycles_vs_baseline", .double(ratio(Double(f.cycles), Double(base.cycles)))),
         ("utilization", .double(f.utilization)),
         ("energy_by_level_pj", .object(f.byLevel.map { ($0.name, .double($0.energyPJ)) })),
         ("energy_by_tensor_pj", .object(f.byRole.map { ($0.role, .double($0.energyPJ)) } + [("compute", .double(f.computePJ))])),
         ("network_energy_pj", .double(f.networkPJ))]
    }

    func json() -> JSONValue {
        func entries(_ figures: [Figures]) -> JSONValue {
            .array(figures.indices.map { .object([("variant", .string(variants[$0].name))] + figuresJSON(figures[$0], base: figures[baseline])) })
        }
        return .object([
            ("workload", .string(workload.name)),
            ("batch", .int(workload.batch)),
            ("objective", .string(objective)),
            ("baseline", .string(variants[baseline].name)),
            ("variants", .array(variants.map { v in
                .object([("name", .string(v.name)), ("arch", .string(v.report.architecture.name)), ("arch_file", .string(v.archPath)),
                         ("dataflow", v.dataflow.map { .string($0) } ?? .null), ("folder", .string(v.folder)),
                         ("pes", .int(v.report.architecture.totalPEs)), ("onchip_bytes", .int(v.report.architecture.onChipBytes))])
            })),
            ("layers", .array(layers.indices.map { .object([("name", .string(layers[$0])), ("variants", entries(perLayer[$0]))]) })),
            ("total", entries(total)),
        ])
    }

    func csv() -> String {
        var levelNames: [String] = []
        for f in total { for l in f.byLevel where !levelNames.contains(l.name) { levelNames.append(l.name) } }
        var lines = [(["layer", "variant", "arch", "dataflow", "macs", "energy_pj", "pj_per_mac", "energy_vs_baseline", "cycles",
                       "cycles_vs_baseline", "utilization", "inputs_pj", "weights_pj", "outputs_pj", "compute_pj",
                       "network_pj"] + levelNames.map { "level_\($0)_pj" }).joined(separator: ",")]
        func add(_ figures: [Figures], layer: String) {
            for (v, f) in figures.enumerated() {
                let base = figures[baseline]
                let role = { (name: String) in f.byRole.first { $0.role == name }?.energyPJ ?? 0 }
                var cells = [layer, variants[v].name, variants[v].report.architecture.name, variants[v].dataflow ?? "",
                             "\(f.macs)", "\(f.energyPJ)", "\(f.pjPerMAC)", "\(ratio(f.energyPJ, base.energyPJ))", "\(f.cycles)",
                             "\(ratio(Double(f.cycles), Double(base.cycles)))", "\(f.utilization)",
                             "\(role("inputs"))", "\(role("weights"))", "\(role("outputs"))", "\(f.computePJ)",
                             "\(f.networkPJ)"]
                cells += levelNames.map { n in f.byLevel.first { $0.name == n }.map { "\($0.energyPJ)" } ?? "" }
                lines.append(cells.joined(separator: ","))
            }
        }
        for (i, name) in layers.enumerated() { add(perLayer[i], layer: name) }
        add(total, layer: "total")
        return lines.joined(separator: "\n") + "\n"
    }

    func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (json().render() + "\n").write(toFile: (folder as NSString).appendingPathComponent("compare.json"), atomically: true, encoding: .utf8)
        try csv().write(toFile: (folder as NSString).appendingPathComponent("compare.csv"), atomically: true, encoding: .utf8)
    }
}
