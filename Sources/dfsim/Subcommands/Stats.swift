import ArgumentParser
import DFSim
import DFSimResults
import DFSimResultsFormat
import DFSimSpec
import Foundation
import TextTable

/// `dfsim stats WORKLOAD`: the efficiency metrics of docs/format.md §1.9.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per-layer output shape, parameters, MACs and activations, with network totals.",
        discussion: "Parameters count weights only (no biases, no batch norm); activations are unpadded; total activations are the network input plus every layer's output; peak is the largest input + output of one layer.")

    @Argument(help: "Workload YAML (docs/format.md §1).") var workload: String
    @Option(help: "Bits per parameter and activation, for the model size.") var bits: Int = 16
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        guard bits > 0 else { throw ValidationError("--bits must be positive, got \(bits)") }
    }

    func run() throws {
        try reportingSpecErrors {
            let network = try WorkloadSpec.load(workload)
            let stats = network.statistics(bits: bits)
            switch format {
            case .json: print(json(network, stats).render())
            case .csv: print(csv(stats), terminator: "")
            case .table: print(table(network, stats))
            }
        }
    }

    func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }

    func json(_ network: Workload, _ s: WorkloadStatistics) -> JSONValue {
        .object([
            ("workload", .string(network.name)),
            ("batch", .int(network.batch)),
            ("layers", .array(s.rows.map { row in
                .object([("name", .string(row.name)), ("kind", .string(row.kind)), ("macs", .int(row.macs)),
                         ("parameters", .int(row.parameters)), ("output_shape", .array(row.outputShape.map { .int($0) })),
                         ("activations", .int(row.activations)), ("live_activations", .int(row.liveActivations))])
            })),
            ("total", .object([
                ("macs", .int(s.totalMACs)), ("parameters", .int(s.totalParameters)),
                ("activations", .int(s.totalActivations)), ("peak_activations", .int(s.peakActivations)),
                ("bits", .int(s.bits)), ("model_size_bytes", .double(s.modelSizeBytes)),
            ])),
        ])
    }

    /// One row per layer (`row` = `layer`), then the workload's (`row` = `total`; its
    /// `live_activations` is the peak), so a filter on `row` keeps sums honest.
    func csv(_ s: WorkloadStatistics) -> String {
        var table = CSVTable(header: ["row", "layer", "kind", "output_shape", "parameters", "macs", "activations", "live_activations"])
        for r in s.rows {
            table.append(["layer", r.name, r.kind, shape(r.outputShape), "\(r.parameters)", "\(r.macs)", "\(r.activations)", "\(r.liveActivations)"])
        }
        table.append(["total", "total", "", "", "\(s.totalParameters)", "\(s.totalMACs)", "\(s.totalActivations)", "\(s.peakActivations)"])
        return table.text
    }

    func table(_ network: Workload, _ s: WorkloadStatistics) -> String {
        let grouped = { (n: Int) in n.formatted(.number.grouping(.automatic)) }
        let t = TextTable<WorkloadStatistics.LayerRow> {
            [Column(title: "layer", value: $0.name),
             Column(title: "kind", value: $0.kind),
             Column(title: "output", value: shape($0.outputShape), align: .right),
             Column(title: "parameters", value: grouped($0.parameters), align: .right),
             Column(title: "MACs", value: grouped($0.macs), align: .right),
             Column(title: "activations", value: grouped($0.activations), align: .right)]
        }
        var out = "\(network.name) (batch \(network.batch))\n\n" + (t.string(for: s.rows) ?? "") + "\n\n"
        out += "total MACs         \(grouped(s.totalMACs))\n"
        out += "total parameters   \(grouped(s.totalParameters))\n"
        out += "total activations  \(grouped(s.totalActivations)) (input + every layer's output)\n"
        out += "peak activations   \(grouped(s.peakActivations)) (largest live inputs, activation operands and outputs of one layer)\n"
        out += String(format: "model size         %.2f MB", s.modelSizeBytes / 1e6) + " at \(s.bits) bits"
            + String(format: " (%.2f MiB)", s.modelSizeBytes / 1048576)
        return out
    }
}
