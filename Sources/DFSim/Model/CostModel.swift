/// The analytical cost model: Timeloop's nest analysis for perfectly factorized mappings, in
/// closed form (no walk over iterations).
///
/// Rules (Parashar et al., "Timeloop", ISPASS 2019; the conventions of `shared/reference`):
/// - A level's tile is the box spanned by every loop at and below it, halos included.
/// - Fills: the first tile, then at every step of a temporal loop above the level the part of the
///   tile that was not in the previous tile. Timeloop keeps a partial (sliding-window) overlap only
///   across the innermost loop above the level; when an outer loop advances, the tile is fetched
///   whole unless no loop that changed index is relevant to the tensor (then nothing is fetched).
///   A step that moves the tile along more than one tensor dim fetches it whole.
/// - Multicast and spatial reduction: children of a fan-out whose deltas are exactly equal share
///   one parent read (or one update). A 2-D fan-out is grouped axis by axis.
/// - Outputs: first-read elision; `reads = updates − partition` per instance, and the first fill of
///   each partial sum is not a fill.
/// - Cycles: `max(compute cycles, each level's accesses per instance / bandwidth)`.
public enum CostModel {
    /// Evaluates `mapping` of `einsum` on `architecture`. The mapping must be valid
    /// (see ``Mapping/validate(for:on:)``).
    ///
    /// - Complexity: O(loops² × tensors) plus the enumeration of fan-outs whose spatial loops
    ///   overlap in a tensor's index space (diagonal multicast).
    public static func evaluate(_ einsum: Einsum, on architecture: Architecture, mapping: Mapping) -> Evaluation {
        let nest = LoopNest(mapping: mapping, architecture: architecture, dimCount: einsum.dims.count)
        let levelCount = architecture.levels.count
        let computeCycles = nest.temporalProduct
        let utilizedPEs = nest.spatialProduct(before: nest.count)
        let totalPEs = architecture.totalPEs
        let macs = einsum.macs

        var stats = [[TensorLevelStats?]](repeating: [TensorLevelStats?](repeating: nil, count: einsum.tensors.count),
                                          count: levelCount)
        for (t, tensor) in einsum.tensors.enumerated() {
            let projection = TensorProjection(tensor, dimCount: einsum.dims.count)
            let keepers = (0..<levelCount).filter { mapping.keeps(level: $0, tensor: tensor, in: architecture) }
            var capacity = [Int](repeating: 0, count: levelCount)
            var rawFills = [Int](repeating: 0, count: levelCount)
            var partition = [Int](repeating: 0, count: levelCount)
            var instances = [Int](repeating: 0, count: levelCount)
            var reads = [Int](repeating: 0, count: levelCount)
            var fills = [Int](repeating: 0, count: levelCount)
            var updates = [Int](repeating: 0, count: levelCount)
            for level in keepers {
                let start = nest.levelStart[level]
                let extents = nest.extents(from: start)
                let spans = projection.spans(extents: extents)
                let cap = spans.reduce(1, *)
                capacity[level] = cap
                rawFills[level] = TileAnalysis.rawFillsPerInstance(nest: nest, start: start, projection: projection,
                                                                  spans: spans, capacity: cap)
                var partExtents = extents
                for j in 0..<start where nest.kinds[j] == .temporal { partExtents[nest.dims[j]] *= nest.factors[j] }
                partition[level] = projection.spans(extents: partExtents).reduce(1, *)
                instances[level] = nest.spatialProduct(before: start)
            }
            for (i, parent) in keepers.enumerated() {
                let child: Int? = i + 1 < keepers.count ? keepers[i + 1] : nil
                let childStart = child.map { nest.levelStart[$0] } ?? nest.count
                let childRaw = child.map { rawFills[$0] } ?? computeCycles
                let groups = TileAnalysis.transferGroups(nest: nest, from: nest.levelStart[parent], to: childStart,
                                                        projection: projection, architecture: architecture,
                                                        isOutput: tensor.role == .outputs)
                let total = childRaw * groups * instances[parent]
                if tensor.role == .outputs {
                    updates[parent] += total
                    if let child { fills[child] = (childRaw - partition[child]) * instances[child] }
                } else {
                    reads[parent] += total
                    if let child { fills[child] = childRaw * instances[child] }
                }
            }
            if tensor.role == .outputs {
                for level in keepers { reads[level] = updates[level] - partition[level] * instances[level] }
            }
            for level in keepers {
                let spec = architecture.levels[level]
                let energy = Double(reads[level]) * spec.readEnergy + Double(fills[level]) * spec.writeEnergy
                    + Double(updates[level]) * spec.updateEnergy
                let served = Double(reads[level] + (tensor.role == .outputs ? updates[level] : 0))
                var brought = Double(fills[level])
                if tensor.role == .outputs || level == keepers.first {
                    brought += Double(partition[level] * instances[level])
                }
                stats[level][t] = TensorLevelStats(
                    role: tensor.role, tensor: tensor.name, utilizedCapacity: capacity[level],
                    instances: instances[level], partitionSize: partition[level], reads: reads[level],
                    fills: fills[level], updates: updates[level], energyPJ: energy,
                    reuseFactor: brought > 0 ? served / brought : 0)
            }
        }

        var levels: [LevelStats] = []
        var cycles = computeCycles
        var dramWords = 0
        for (index, spec) in architecture.levels.enumerated() {
            let tensors = TensorRole.timeloopOrder.compactMap { role in
                stats[index].compactMap { $0 }.first { $0.role == role }
            }
            let instances = nest.spatialProduct(before: nest.levelStart[index])
            let (levelCycles, throttling) = TileAnalysis.bandwidthCycles(
                tensors: tensors, instances: instances, computeCycles: computeCycles, bandwidth: spec.bandwidth)
            cycles = max(cycles, levelCycles)
            if index == 0 { dramWords = tensors.reduce(0) { $0 + $1.reads + $1.fills + $1.updates } }
            levels.append(LevelStats(name: spec.name, instances: instances, tensors: tensors,
                                     energyPJ: tensors.reduce(0) { $0 + $1.energyPJ },
                                     cycles: levelCycles, bandwidthThrottling: throttling))
        }
        let computeEnergy = Double(macs) * architecture.compute.energyPerMAC
        let energy = levels.reduce(computeEnergy) { $0 + $1.energyPJ }
        let dramBytes = Double(dramWords) * Double(architecture.levels.first?.wordBits ?? 16) / 8
        return Evaluation(
            macs: macs, energyPJ: energy, cycles: cycles, computeCycles: computeCycles,
            utilization: Double(macs) / (Double(totalPEs) * Double(max(cycles, 1))),
            spatialUtilization: Double(utilizedPEs) / Double(totalPEs),
            utilizedPEs: utilizedPEs, totalPEs: totalPEs, computeEnergyPJ: computeEnergy, levels: levels,
            dramArithmeticIntensity: dramBytes > 0 ? Double(macs) / dramBytes : 0)
    }
}
