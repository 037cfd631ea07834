import ArgumentParser
import DFSim
import DFSimSpec

/// Output formats shared by the subcommands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Picks the layer to evaluate: the one named, or the only layer with MACs.
func selectLayer(_ workload: Workload, named name: String?, file: String) throws -> (Layer, Einsum) {
    let mapped = workload.mappedLayers
    if let name {
        guard let layer = workload.layer(named: name) else {
            let names = workload.layers.map(\.name)
            throw UsageError(message: "\(file) has no layer '\(name)'; layers: \(names.joined(separator: ", "))")
        }
        guard let einsum = layer.einsum else {
            throw UsageError(message: "layer '\(name)' has no MACs (a pooling layer); nothing to map")
        }
        return (layer, einsum)
    }
    guard mapped.count == 1, let layer = mapped.first, let einsum = layer.einsum else {
        throw UsageError(message: "\(file) has \(mapped.count) layers with MACs; choose one with --layer (\(mapped.map(\.name).joined(separator: ", ")))")
    }
    return (layer, einsum)
}
