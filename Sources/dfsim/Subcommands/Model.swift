import ArgumentParser
import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation
import TextTable

/// `dfsim model ARCH WORKLOAD --mapping FILE`: evaluate one given mapping.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate one mapping of one layer: accesses, energy, cycles and reuse per level.")

    @Argument(help: "Architecture YAML (docs/format.md §2).") var arch: String
    @Argument(help: "Workload YAML (docs/format.md §1).") var workload: String
    @Option(help: "Mapping YAML (docs/format.md §3).") var mapping: String
    @Option(help: "The layer to evaluate (needed when the workload has several layers with MACs).") var layer: String?
    @Option(help: "Output format: table, json or csv (one row per level × tensor).") var format: OutputFormat = .table

    func run() throws {
        try reportingSpecErrors {
            let architecture = try ArchitectureSpec.load(arch)
            let network = try WorkloadSpec.load(workload)
            try reportSpecWarnings(architectures: [arch], workload: workload)
            let (chosen, einsum) = try selectLayer(network, named: layer ?? MappingSpec.declaredLayer(mapping), file: workload)
            let mapped = try MappingSpec.load(mapping, einsum: einsum, architecture: architecture)
            let evaluation = CostModel.evaluate(einsum, on: architecture, mapping: mapped)
            if evaluation.cyclesSaturated { throw UsageError(message: evaluation.saturatedMessage(layer: chosen.name)) }
            let output = ModelOutput(layer: chosen.name, einsum: einsum, architecture: architecture, workload: network.name,
                                     mapping: mapped, evaluation: evaluation)
            switch format {
            case .json: print(try OrderedJSONEncoder().encode(output.results()).render())
            case .csv: print(output.csv().text, terminator: "")
            case .table:
                print(ModelReport.text(layer: chosen.name, einsum: einsum, architecture: architecture,
                                       mapping: mapped, evaluation: evaluation))
            }
        }
    }
}

/// Human-readable report of one evaluation.
enum ModelReport {
    struct Row {
        var level: String, instances: String, tensor: String, capacity: String
        var reads: String, fills: String, updates: String, energy: String, reuse: String
    }

    static func text(layer: String, einsum: Einsum, architecture: Architecture, mapping: Mapping,
                     evaluation e: Evaluation) -> String {
        var rows: [Row] = []
        for level in e.levels {
            for (i, t) in level.tensors.enumerated() {
                rows.append(Row(level: i == 0 ? level.name : "", instances: i == 0 ? String(level.instances) : "",
                                tensor: "\(t.tensor) (\(t.role.rawValue))", capacity: String(t.utilizedCapacity),
                                reads: String(t.reads), fills: String(t.fills), updates: String(t.updates),
                                energy: String(format: "%.1f", t.energyPJ), reuse: String(format: "%.2f", t.reuseFactor)))
            }
        }
        rows.append(Row(level: "compute", instances: String(e.utilizedPEs), tensor: "MACs", capacity: "",
                        reads: String(e.macs), fills: "", updates: "", energy: String(format: "%.1f", e.computeEnergyPJ), reuse: ""))
        let table = TextTable<Row> {
            [Column(title: "level", value: $0.level),
             Column(title: "inst", value: $0.instances, align: .right),
             Column(title: "tensor", value: $0.tensor),
             Column(title: "tile (words)", value: $0.capacity, align: .right),
             Column(title: "reads", value: $0.reads, align: .right),
             Column(title: "fills", value: $0.fills, align: .right),
             Column(title: "updates", value: $0.updates, align: .right),
             Column(title: "energy (pJ)", value: $0.energy, align: .right),
             Column(title: "reuse", value: $0.reuse, align: .right)]
        }
        let latency = Double(e.cycles) / architecture.clockMHz
        var out = """
        layer \(layer): \(einsum.description)
        \(einsum.dims.map { "\($0.name)=\($0.bound)" }.joined(separator: " "))  on \(architecture.name) (\(architecture.totalPEs) PEs)

        \(mapping.loopNest(for: einsum, on: architecture))

        """
        out += table.string(for: rows) ?? ""
        out += "\n\n"
        out += String(format: "energy      %.1f pJ (%.3f pJ/MAC)\n", e.energyPJ, e.energyPerMAC)
        out += "cycles      \(e.cycles) (compute \(e.computeCycles))" + String(format: ", %.2f µs at %g MHz\n", latency, architecture.clockMHz)
        out += String(format: "utilization %.4f (spatial %.4f, %d of %d PEs)\n", e.utilization, e.spatialUtilization, e.utilizedPEs, e.totalPEs)
        out += String(format: "DRAM        %.4f accesses/MAC, %.3f MACs/byte\n", e.dramAccessesPerMAC, e.dramArithmeticIntensity)
        for level in e.levels where level.bandwidthThrottling < 1 {
            out += "bandwidth   \(level.name) is bound: \(level.cycles) cycles" + String(format: " (throttling %.3f)\n", level.bandwidthThrottling)
        }
        out += "\nenergy per word (pJ), table \(architecture.energyTableName): \(architecture.energyTableSource)\n"
        for level in architecture.levels {
            out += "  \(level.name): read \(fmt(level.readEnergy)), write \(fmt(level.writeEnergy))"
            out += level.updateEnergy != level.writeEnergy ? ", update \(fmt(level.updateEnergy))" : ""
            out += " (\(level.energySource))\n"
        }
        out += "  MAC: \(fmt(architecture.compute.energyPerMAC)) (\(architecture.compute.energySource))"
        return out
    }

    static func fmt(_ x: Double) -> String {
        String(format: "%.6g", x)
    }
}
