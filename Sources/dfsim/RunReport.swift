import DFSim
import DFSimSpec
import Foundation
import TextTable

/// What `dfsim run` prints and writes: the per-layer table, network totals and the results folder.
struct RunReport {
    let architecture: Architecture
    let workload: Workload
    let results: [NetworkSearch.LayerResult]
    let objective: String
    let dataflow: String?
    let elapsed: Double
    let threads: Int

    var totalEnergy: Double { results.reduce(0) { $0 + $1.result.evaluation.energyPJ } }
    var totalCycles: Int { results.reduce(0) { $0 + $1.result.evaluation.cycles } }
    var totalMACs: Int { results.reduce(0) { $0 + $1.result.evaluation.macs } }
    var latencySeconds: Double { Double(totalCycles) / (architecture.clockMHz * 1e6) }

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
        var out = "\(workload.name) on \(architecture.name) (\(architecture.totalPEs) PEs, \(architecture.clockMHz) MHz), objective \(objective)"
        out += dataflow.map { ", dataflow \($0)" } ?? ""
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
        out += "; \(searched) layers searched, \(grouped(evaluated)) mappings evaluated" + String(format: ", %.2f s on %d threads", elapsed, threads)
        return out
    }

    /// The network's proven gap (``NetworkSearch/gap(of:)``).
    var networkGap: Double? { NetworkSearch.gap(of: results) }

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

    func summaryCSV() -> String {
        var lines = ["layer,macs,energy_pj,pj_per_mac,cycles,utilization,dram_accesses_per_mac,shared_with,proven_optimal,gap_percent,mapping"]
        for r in results {
            let e = r.result.evaluation
            lines.append("\(r.layer.name),\(e.macs),\(e.energyPJ),\(e.energyPerMAC),\(e.cycles),\(e.utilization),\(e.dramAccessesPerMAC),\(r.sharedWith ?? ""),\(r.result.provenOptimal),\(gapText(r.result, digits: 4)),\"\(r.result.mapping.oneLine(for: r.einsum, on: architecture))\"")
        }
        let proven = results.allSatisfy(\.result.provenOptimal)
        lines.append("total,\(totalMACs),\(totalEnergy),\(totalEnergy / Double(max(totalMACs, 1))),\(totalCycles),,,,\(proven),\(networkGap.map { String(format: "%.4f", $0 * 100) } ?? ""),")
        return lines.joined(separator: "\n") + "\n"
    }

    func detailsJSON() -> JSONValue {
        let layers: [JSONValue] = results.map { r in
            guard case .object(var pairs) = evaluationJSON(layer: r.layer.name, einsum: r.einsum, architecture: architecture,
                                                           mapping: r.result.mapping, evaluation: r.result.evaluation) else { return .null }
            let s = r.result.statistics
            pairs.append(("search", .object([
                ("proven_optimal", .bool(r.result.provenOptimal)),
                ("lower_bound", r.result.lowerBound.map { .double($0) } ?? .null),
                ("gap_percent", r.result.gap.map { .double($0 * 100) } ?? .null),
                ("shared_with", r.sharedWith.map { .string($0) } ?? .null),
                ("mapspace_size", .object([
                    ("index_factorizations", .double(s.mapspaceSize.indexFactorizations)),
                    ("loop_permutations", .double(s.mapspaceSize.loopPermutations)),
                    ("spatial_orderings", .double(s.mapspaceSize.spatialOrderings)),
                    ("bypass_choices", .double(s.mapspaceSize.bypassChoices)),
                    ("total", .double(s.mapspaceSize.total)),
                ])),
                ("spatial_assignments", .int(s.spatialAssignments)),
                ("tilings", .int(s.tilings)),
                ("evaluated", .int(s.evaluated)),
                ("pruned", .object([
                    ("capacity", .int(s.prunedCapacity)),
                    ("min_utilization", .int(s.prunedUtilization)),
                    ("spatial_bound", .int(s.prunedByBound)),
                    ("axis_twins", .int(s.prunedAxisTwins)),
                    ("partial_bound", .int(s.prunedPartial)),
                    ("dominated", .int(s.prunedDominated)),
                    ("symmetric_spatial_orderings", .double(s.prunedSymmetricSpatial)),
                    ("equivalent_loop_orders", .double(s.prunedEquivalentOrders)),
                ])),
            ])))
            return .object(pairs)
        }
        return .object([
            ("arch", .string(architecture.name)),
            ("workload", .string(workload.name)),
            ("objective", .string(objective)),
            ("dataflow", dataflow.map { .string($0) } ?? .null),
            ("architecture", architectureJSON(architecture)),
            ("layers", .array(layers)),
            ("total", .object([
                ("macs", .int(totalMACs)), ("energy_pj", .double(totalEnergy)), ("cycles", .int(totalCycles)),
                ("latency_s", .double(latencySeconds)), ("edp", .double(totalEnergy * Double(totalCycles))),
                ("proven_optimal", .bool(results.allSatisfy(\.result.provenOptimal))),
                ("gap_percent", networkGap.map { .double($0 * 100) } ?? .null),
            ])),
        ])
    }

    func timingJSON() -> JSONValue {
        .object([
            ("threads", .int(threads)),
            ("wall_seconds", .double(elapsed)),
            ("layers", .array(results.map { .object([("name", .string($0.layer.name)), ("seconds", .double($0.seconds))]) })),
        ])
    }

    func write(to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try put("summary.csv", summaryCSV())
        try put("details.json", detailsJSON().render() + "\n")
        try put("timing.json", timingJSON().render() + "\n")
        for r in results {
            let e = r.result.evaluation
            let comment = String(format: "written by dfsim run (objective %@): %.6g pJ, %d cycles, utilization %.4f",
                                 objective as NSString, e.energyPJ, e.cycles, e.utilization)
            try put("\(r.layer.name).mapping.yaml",
                    MappingWriter.yaml(r.result.mapping, einsum: r.einsum, architecture: architecture,
                                       layer: r.layer.name, workload: workload.name, comment: comment))
        }
    }

    func grouped(_ n: Int) -> String { n.formatted(.number.grouping(.automatic)) }
}
