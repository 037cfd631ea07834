import DFSim

/// Writes mappings in the YAML form of docs/format.md §3, which ``MappingSpec`` reads back unchanged.
public enum MappingWriter {
    /// The mapping file text for `layer` of `workload` on `architecture`.
    public static func yaml(_ mapping: Mapping, einsum: Einsum, architecture: Architecture,
                            layer: String, workload: String, comment: String? = nil) -> String {
        var lines = ["dfsim: 1"]
        if let comment { lines += comment.split(separator: "\n").map { "# \($0)" } }
        lines += ["layer: \(layer)", "arch: \(architecture.name)", "workload: \(workload)", "mapping:"]
        let width = (architecture.levels.map(\.name.count).max() ?? 0) + 1
        for (index, level) in mapping.levels.enumerated() {
            var parts: [String] = []
            if !level.temporal.isEmpty {
                parts.append("temporal: [" + level.temporal.map { "\(einsum.dims[$0.dim].name): \($0.factor)" }.joined(separator: ", ") + "]")
            }
            if !level.spatial.isEmpty {
                let ordered = level.spatial.filter { $0.axis == .y } + level.spatial.filter { $0.axis == .x }
                parts.append("spatial: [" + ordered.map { "\(einsum.dims[$0.dim].name): \($0.factor) \($0.axis.rawValue)" }.joined(separator: ", ") + "]")
            }
            if let keep = level.keep { parts.append("keep: [" + keep.map(\.rawValue).joined(separator: ", ") + "]") }
            guard !parts.isEmpty else { continue }
            let name = architecture.levels[index].name + ":"
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + " {" + parts.joined(separator: ", ") + "}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
