import DFSim
import DFSimResults
import Foundation
import TextTable

/// What `dfsim run` prints: the per-layer table, network totals and what each search covered
/// (the files are ``RunOutput``'s).
struct RunReport {
    let output: RunOutput

    var architecture: Architecture { output.architecture }
    var workload: Workload { output.workload }
    var results: [NetworkSearch.LayerResult] { output.results }
    var totalEnergy: Double { output.totalEnergy }
    var totalCycles: Int { output.totalCycles }
    var totalMACs: Int { output.totalMACs }
    var latencySeconds: Double { output.latencySeconds }

    struct Row {
        var layer, macs, energy, pjPerMAC, cycles, utilization, dram, nest: String
    }

    func table() -> String {
        let rows = results.map { r -> Row in
            let e = r.result.evaluation
            return Row(layer: r.layer.name, macs: grouped(e.macs), energy: String(format: "%.2f", e.energyPJ / 1e6),
                       pjPerMAC: String(format: "%.3f", e.energyPerMAC), cycles: grouped(e.cycles),
                       utilization: String(format: "%.3f", e.utilization), dram: String(format: "%.4f", e.dramAccessesPerMAC),
                       nest: r.result.mapping.oneLine(for: r.einsum, on: architecture) + (r.sharedWith.map { "  (= \($0))" } ?? ""))
        }
        let t = TextTable<Row> {
            [Column(title: "layer", value: $0.layer),
             Column(title: "MACs", value: $0.macs, align: .right),
             Column(title: "energy (µJ)", value: $0.energy, align: .right),
             Column(title: "pJ/MAC", value: $0.pjPerMAC, align: .right),
             Column(title: "cycles", value: $0.cycles, align: .right),
             Column(title: "util", value: $0.utilization, align: .right),
             Column(title: "DRAM acc/MAC", value: $0.dram, align: .right),
             Column(title: "loop nest (outermost level first)", value: $0.nest)]
        }
        var out = "\(workload.name) on \(architecture.name) (\(architecture.totalPEs) PEs, \(architecture.clockMHz) MHz), objective \(output.objective.rawValue)"
        out += output.dataflow.map { ", dataflow \($0)" } ?? ""
        out += "\n\n" + (t.string(for: rows) ?? "") + "\n\n"
        out += String(format: "total energy   %.4g pJ (%.3f pJ/MAC)\n", totalEnergy, totalEnergy / Double(max(totalMACs, 1)))
        out += "total cycles   \(grouped(totalCycles))" + String(format: " (%.3f ms at %g MHz)\n", latencySeconds * 1e3, architecture.clockMHz)
        out += String(format: "EDP            %.4g pJ·cycles\n", totalEnergy * Double(totalCycles))
        out += "\n" + searchTable() + "\n\n"
        let evaluated = results.filter { $0.sharedWith == nil }.reduce(0) { $0 + $1.result.statistics.evaluated }
        let searched = results.filter { $0.sharedWith == nil }.count
        let proven = results.allSatisfy(\.result.provenOptimal)
        let bounded = results.allSatisfy { $0.result.lowerBound != nil }
        if proven {
            out += "search         optimal per layer (exhaustive with exact pruning)"
        } else if bounded, let gap = networkGap {
            out += "search         STOPPED EARLY (time limit or interrupt): the best mappings found, each with a proven lower bound;"
            out += String(format: " network gap %.2f %% (summed layer objectives)", gap * 100)
        } else {
            out += "search         RANDOM SAMPLING: the best of the sampled mappings, NOT proven optimal"
        }
        out += "; \(searched) layers searched, \(grouped(evaluated)) mappings evaluated" + String(format: ", %.2f s on %d threads", output.elapsed, output.threads)
        return out
    }

    var networkGap: Double? { output.networkGap }

    /// A layer's gap for tables and files: "0" when proven optimal, "" without a bound.
    func gapText(_ r: SearchResult, digits: Int = 2) -> String {
        r.gap.map { String(format: "%.\(digits)f", $0 * 100) } ?? ""
    }

    struct SearchRow {
        var layer, size, breakdown, spatial, bound, partial, capacity, orders, evaluated, gap, seconds: String
    }

    /// What each search covered: the mapspace size (Timeloop's breakdown) and what each rule pruned.
    func searchTable() -> String {
        let rows = results.filter { $0.sharedWith == nil }.map { r -> SearchRow in
            let s = r.result.statistics
            let z = s.mapspaceSize
            return SearchRow(layer: r.layer.name, size: sci(z.total),
                             breakdown: "\(sci(z.indexFactorizations)) × \(sci(z.loopPermutations)) × \(sci(z.spatialOrderings)) × \(sci(z.bypassChoices))",
                             spatial: "\(s.spatialAssignments)", bound: "\(s.prunedByBound)", partial: grouped(s.prunedPartial),
                             capacity: grouped(s.prunedCapacity), orders: sci(s.prunedEquivalentOrders), evaluated: grouped(s.evaluated),
                             gap: r.result.lowerBound == nil ? "-" : gapText(r.result), seconds: String(format: "%.2f", r.seconds))
        }
        let t = TextTable<SearchRow> {
            [Column(title: "layer", value: $0.layer),
             Column(title: "mapspace", value: $0.size, align: .right),
             Column(title: "= factorizations × permutations × spatial × bypass", value: $0.breakdown),
             Column(title: "spatial assignments", value: $0.spatial, align: .right),
             Column(title: "bound-pruned", value: $0.bound, align: .right),
             Column(title: "partial-pruned", value: $0.partial, align: .right),
             Column(title: "capacity-pruned", value: $0.capacity, align: .right),
             Column(title: "orders skipped", value: $0.orders, align: .right),
             Column(title: "evaluated", value: $0.evaluated, align: .right),
             Column(title: "gap %", value: $0.gap, align: .right),
             Column(title: "s", value: $0.seconds, align: .right)]
        }
        return t.string(for: rows) ?? ""
    }

    func sci(_ x: Double) -> String {
        x < 1e6 ? String(format: "%.0f", x) : String(format: "%.2e", x)
    }

    func grouped(_ n: Int) -> String { n.formatted(.number.grouping(.automatic)) }
}
