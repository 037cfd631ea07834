extension Mapping {
    /// The mapping as a readable loop nest, like Timeloop's `map.txt`: each level with the tile of
    /// every tensor it keeps, then its temporal loops and the spatial loops of the fan-out below.
    ///
    /// ```
    /// DRAM [ W:864 I:151875 O:401408 ]
    /// | for p in [0:8)
    /// shared_glb [ I:9831 O:6272 ]
    /// |   for p in [0:14)
    /// |     for q in [0:14) (spatial x)
    /// ```
    public func loopNest(for einsum: Einsum, on architecture: Architecture) -> String {
        let nest = LoopNest(mapping: self, architecture: architecture, dimCount: einsum.dims.count)
        var lines: [String] = []
        var depth = 0
        for (index, level) in architecture.levels.enumerated() where index < levels.count {
            let extents = nest.extents(ofLevel: index)
            let tiles = einsum.tensors.filter { keeps(level: index, tensor: $0, in: architecture) }
                .map { "\($0.name):\($0.tileSize(extents: extents))" }
            let instances = nest.spatialProduct(before: nest.levelStart[index])
            lines.append("\(level.name)\(instances > 1 ? " ×\(instances)" : "") [ \(tiles.joined(separator: " ")) ]")
            let mapped = levels[index]
            for loop in mapped.temporal {
                lines.append("|" + String(repeating: "  ", count: depth) + " for \(einsum.dims[loop.dim].name) in [0:\(loop.factor))")
                depth += 1
            }
            for loop in mapped.spatial.sorted(by: { ($0.axis == .y ? 0 : 1) < ($1.axis == .y ? 0 : 1) }) {
                lines.append("|" + String(repeating: "  ", count: depth)
                             + " for \(einsum.dims[loop.dim].name) in [0:\(loop.factor)) (spatial \(loop.axis.rawValue))")
                depth += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The mapping on one line, outermost level first: `DRAM[p8 q2 m4] GLB[p14 q4 | q14x c3y s3y] …`.
    public func oneLine(for einsum: Einsum, on architecture: Architecture) -> String {
        var parts: [String] = []
        for (index, level) in levels.enumerated() where !level.temporal.isEmpty || !level.spatial.isEmpty {
            var text = level.temporal.map { "\(einsum.dims[$0.dim].name)\($0.factor)" }.joined(separator: " ")
            if !level.spatial.isEmpty {
                text += (text.isEmpty ? "" : " ") + "| "
                    + level.spatial.map { "\(einsum.dims[$0.dim].name)\($0.factor)\($0.axis.rawValue)" }.joined(separator: " ")
            }
            parts.append("\(architecture.levels[index].name)[\(text)]")
        }
        return parts.joined(separator: " ")
    }
}
