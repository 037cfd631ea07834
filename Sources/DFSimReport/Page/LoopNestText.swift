import DFSimResultsFormat
/// The loop nest of a layer's mapping, rebuilt from details.json alone, like `dfsim model` prints
/// it (Timeloop's map.txt style): each level with its utilized instances and the tile of every
/// tensor it keeps, then its temporal loops and the spatial loops of the fan-out below it.
///
/// ```
/// DRAM [ W:864 I:151875 O:401408 ]
/// | for p in [0:8)
/// shared_glb [ I:9831 O:6272 ]
/// |   for q in [0:14) (spatial x)
/// ```
enum LoopNestText {
    struct Loop {
        var dim: String
        var factor: Int
        /// `nil` for a temporal loop, else `x` or `y`.
        var axis: String?
    }

    /// The temporal then spatial loops of one mapping level; spatial `y` loops before `x` loops
    /// (the nesting order) unless `asWritten`.
    static func loops(of level: RunResults.MappingLevel?, asWritten: Bool = false) -> [Loop] {
        guard let level else { return [] }
        let temporal = (level.temporal ?? []).flatMap { $0.map { Loop(dim: $0.key, factor: $0.value, axis: nil) } }
        let spatial = (level.spatial ?? []).flatMap { element in
            element.map { dim, text -> Loop in
                let parts = text.split(separator: " ")
                return Loop(dim: dim, factor: Int(parts.first ?? "") ?? 0, axis: parts.count > 1 ? String(parts[1]) : "?")
            }
        }
        if asWritten { return temporal + spatial }
        return temporal + spatial.filter { $0.axis == "y" } + spatial.filter { $0.axis != "y" }
    }

    /// The multi-line nest, indented two spaces per enclosing loop.
    static func nest(_ layer: RunResults.LayerResult, levelNames: [String]) -> String {
        var lines: [String] = []
        var depth = 0
        let names = levelNames + layer.levels.map(\.name).filter { !levelNames.contains($0) }
        for name in names {
            if let stats = layer.levels.first(where: { $0.name == name }) {
                let tiles = stats.tensors.map { "\($0.tensor):\($0.utilizedCapacity)" }.joined(separator: " ")
                lines.append("\(name)\(stats.instances > 1 ? " ×\(stats.instances)" : "") [ \(tiles) ]")
            } else {
                lines.append(name)
            }
            for loop in loops(of: layer.mapping[name]) {
                let kind = loop.axis.map { " (spatial \($0))" } ?? ""
                lines.append("|" + String(repeating: "  ", count: depth) + " for \(loop.dim) in [0:\(loop.factor))\(kind)")
                depth += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The nest on one line, as `dfsim run` prints it: `DRAM[p8 q2] GLB[p14 | q14x c3y]`.
    static func oneLine(_ layer: RunResults.LayerResult, levelNames: [String]) -> String {
        let names = levelNames + layer.mapping.keys.sorted().filter { !levelNames.contains($0) }
        return names.compactMap { name -> String? in
            let all = loops(of: layer.mapping[name], asWritten: true)
            guard !all.isEmpty else { return nil }
            let temporal = all.filter { $0.axis == nil }.map { "\($0.dim)\($0.factor)" }
            let spatial = all.filter { $0.axis != nil }.map { "\($0.dim)\($0.factor)\($0.axis ?? "")" }
            let body = temporal.joined(separator: " ") + (spatial.isEmpty ? "" : (temporal.isEmpty ? "| " : " | ") + spatial.joined(separator: " "))
            return "\(name)[\(body)]"
        }.joined(separator: " ")
    }
}
