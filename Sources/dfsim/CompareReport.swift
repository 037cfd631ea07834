import DFSim
import DFSimResults
import Foundation
import TextTable

/// What `dfsim compare` prints: every variant's figures per layer and in total, normalized to the
/// baseline (the files are ``CompareOutput``'s).
struct CompareReport {
    let output: CompareOutput

    var variants: [CompareOutput.Variant] { output.variants }
    var baseline: Int { output.baseline }
    typealias Figures = CompareOutput.Figures

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
        for (i, name) in output.layers.enumerated() { rows += self.rows(output.perLayer[i], layer: name) }
        rows += self.rows(output.total, layer: "TOTAL")
        var out = "\(output.workload.name) (batch \(output.workload.batch)): \(variants.count) variants, objective \(output.objective.rawValue); "
        out += "ratios (×) are to the baseline \(variants[baseline].name) (marked *)\n"
        for v in variants {
            let a = v.run.architecture
            out += "  \(v.name): \(a.name) from \(v.archPath), \(a.totalPEs) PEs, "
            out += "\(a.onChipBytes.formatted(.number.grouping(.automatic))) B on chip"
            out += v.dataflow.map { ", dataflow \($0)" } ?? ""
            out += "\n"
        }
        out += "\n" + (t.string(for: rows) ?? "")
        if output.total.contains(where: { $0.networkPJ > 0 }) {
            out += "\n\nnet: network transfers (words crossing a fan-out's network × the transfer energy; README, cost model)."
        }
        return out
    }

}
