import DFSim
import DFSimResultsFormat

/// What `dfsim model` reports for one evaluated mapping, as files: the JSON of ``ModelResults``
/// and a CSV with one row per level × tensor (then one for the MACs), every cell filled.
public struct ModelOutput: Sendable {
    public let layer: String
    public let einsum: Einsum
    public let architecture: Architecture
    public let workload: String
    public let mapping: Mapping
    public let evaluation: Evaluation

    public init(layer: String, einsum: Einsum, architecture: Architecture, workload: String, mapping: Mapping, evaluation: Evaluation) {
        (self.layer, self.einsum, self.architecture, self.workload) = (layer, einsum, architecture, workload)
        (self.mapping, self.evaluation) = (mapping, evaluation)
    }

    public func results() -> ModelResults {
        ModelResults(arch: architecture.name, workload: workload,
                     layers: [RunResults.LayerResult(layer: layer, einsum: einsum, architecture: architecture,
                                                     mapping: mapping, evaluation: evaluation)])
    }

    /// Columns: the level and its utilized instances, the tensor and its role, the per-instance
    /// tile, summed reads, fills and updates, energy and reuse; the `compute` row holds the MACs in
    /// `reads` and 0 where a count does not apply.
    public func csv() -> CSVTable {
        var table = CSVTable(header: ["layer", "level", "instances", "tensor", "role", "utilized_capacity", "reads", "fills",
                                      "updates", "energy_pj", "reuse_factor"])
        let e = evaluation
        for level in e.levels {
            for t in level.tensors {
                table.append([layer, level.name, "\(level.instances)", t.tensor, t.role.rawValue, "\(t.utilizedCapacity)",
                              "\(t.reads)", "\(t.fills)", "\(t.updates)", CSVTable.number(t.energyPJ), CSVTable.number(t.reuseFactor)])
            }
        }
        table.append([layer, "compute", "\(e.utilizedPEs)", "MACs", "compute", "0", "\(e.macs)", "0", "0",
                      CSVTable.number(e.computeEnergyPJ), "1.0"])
        return table
    }
}
