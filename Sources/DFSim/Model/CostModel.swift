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
    /// (see ``Mapping/validate(for:on:)``). To evaluate many mappings of one layer, build an
    /// ``EvaluationContext`` once and call its ``EvaluationContext/evaluate(_:)``.
    public static func evaluate(_ einsum: Einsum, on architecture: Architecture, mapping: Mapping) -> Evaluation {
        EvaluationContext(einsum: einsum, architecture: architecture).evaluate(mapping)
    }
}

/// What the cost model needs of one einsum on one architecture, computed once: tensor
/// projections and which level keeps which tensor.
public struct EvaluationContext: Sendable {
    public let einsum: Einsum
    public let architecture: Architecture
    let projections: [TensorProjection]
    /// `fixedKeep[level * tensorCount + t]` for levels whose `keep` is not `auto`.
    let fixedKeep: [Bool]
    let autoKeep: [Bool]
    /// Tensor indices in Timeloop's listing order (weights, inputs, outputs).
    let listingOrder: [Int]

    public init(einsum: Einsum, architecture: Architecture) {
        self.einsum = einsum
        self.architecture = architecture
        projections = einsum.tensors.map { TensorProjection($0, dimCount: einsum.dims.count) }
        var fixed: [Bool] = []
        var auto: [Bool] = []
        for (index, level) in architecture.levels.enumerated() {
            if case .auto = level.keep { auto.append(index > 0) } else { auto.append(false) }
            for tensor in einsum.tensors { fixed.append(index == 0 || level.keep.keeps(tensor)) }
        }
        fixedKeep = fixed
        autoKeep = auto
        listingOrder = TensorRole.timeloopOrder.compactMap { role in einsum.tensors.firstIndex { $0.role == role } }
    }

    @inline(__always) func keeps(_ level: Int, _ t: Int, _ mapping: Mapping) -> Bool {
        if autoKeep[level], let chosen = mapping.levels[level].keep { return chosen.contains(einsum.tensors[t].role) }
        return fixedKeep[level * einsum.tensors.count + t]
    }

    /// Evaluates one valid mapping.
    ///
    /// - Complexity: O(loops × (levels + tensor rank) × tensors), plus an enumeration for fan-outs whose
    ///   spatial loops overlap in a tensor's index space (diagonal multicast).
    public func evaluate(_ mapping: Mapping) -> Evaluation {
        let nest = LoopNest(mapping: mapping, architecture: architecture, dimCount: einsum.dims.count)
        let levelCount = architecture.levels.count
        let tensorCount = einsum.tensors.count
        let computeCycles = nest.temporalProduct
        let utilizedPEs = nest.spatialProduct(before: nest.count)
        let totalPEs = architecture.totalPEs
        let macs = einsum.macs

        // Per (level, tensor): capacity, raw fills, partition, instances, reads, fills, updates.
        let cells = levelCount * tensorCount
        var table = [Int](repeating: 0, count: cells * 7)
        @inline(__always) func at(_ field: Int, _ level: Int, _ t: Int) -> Int { field * cells + level * tensorCount + t }
        let (capacityF, rawF, partitionF, instancesF, readsF, fillsF, updatesF) = (0, 1, 2, 3, 4, 5, 6)
        var levelInstances = [Int](repeating: 1, count: levelCount)
        for level in 0..<levelCount { levelInstances[level] = nest.spatialProduct(before: nest.levelStart[level]) }

        for t in 0..<tensorCount {
            let projection = projections[t]
            let isOutput = einsum.tensors[t].role == .outputs
            var parent = -1
            for level in 0...levelCount {
                let isCompute = level == levelCount
                if !isCompute && !keeps(level, t, mapping) { continue }
                let start = isCompute ? nest.count : nest.levelStart[level]
                var childRaw = computeCycles
                if !isCompute {
                    let capacity = projection.tileSize(extents: nest.inner, row: start)
                    table[at(capacityF, level, t)] = capacity
                    childRaw = TileAnalysis.rawFillsPerInstance(nest: nest, start: start, projection: projection, capacity: capacity)
                    table[at(rawF, level, t)] = childRaw
                    var partition = 1
                    for k in 0..<projection.rank {
                        var span = 1
                        for d in 0..<einsum.dims.count where projection.coefficient(k, d) != 0 {
                            let extent = nest.inner[start * nest.dimCount + d] * nest.outerTemporal[start * nest.dimCount + d]
                            span += abs(projection.coefficient(k, d)) * (extent - 1)
                        }
                        partition *= span
                    }
                    table[at(partitionF, level, t)] = partition
                    table[at(instancesF, level, t)] = levelInstances[level]
                }
                if parent >= 0 {
                    let groups = TileAnalysis.transferGroups(nest: nest, from: nest.levelStart[parent], to: start,
                                                            projection: projection, architecture: architecture,
                                                            isOutput: isOutput)
                    let total = childRaw * groups * levelInstances[parent]
                    if isOutput {
                        table[at(updatesF, parent, t)] += total
                        if !isCompute {
                            table[at(fillsF, level, t)] = (childRaw - table[at(partitionF, level, t)]) * levelInstances[level]
                        }
                    } else {
                        table[at(readsF, parent, t)] += total
                        if !isCompute { table[at(fillsF, level, t)] = childRaw * levelInstances[level] }
                    }
                }
                parent = level
            }
            if isOutput {
                for level in 0..<levelCount where keeps(level, t, mapping) {
                    table[at(readsF, level, t)] = table[at(updatesF, level, t)]
                        - table[at(partitionF, level, t)] * levelInstances[level]
                }
            }
        }

        var levels: [LevelStats] = []
        levels.reserveCapacity(levelCount)
        var cycles = computeCycles
        var dramWords = 0
        var totalEnergy = Double(macs) * architecture.compute.energyPerMAC
        for (level, spec) in architecture.levels.enumerated() {
            var tensors: [TensorLevelStats] = []
            tensors.reserveCapacity(tensorCount)
            var readRate = 0.0, writeRate = 0.0, levelEnergy = 0.0
            let instances = levelInstances[level]
            let cc = Double(computeCycles)
            for t in listingOrder where keeps(level, t, mapping) {
                let reads = table[at(readsF, level, t)], fills = table[at(fillsF, level, t)]
                let updates = table[at(updatesF, level, t)], partition = table[at(partitionF, level, t)]
                let energy = Double(reads) * spec.readEnergy + Double(fills) * spec.writeEnergy + Double(updates) * spec.updateEnergy
                let isOutput = einsum.tensors[t].role == .outputs
                let served = Double(reads + (isOutput ? updates : 0))
                let brought = Double(fills + (isOutput || level == 0 ? partition * instances : 0))
                readRate += Double(reads / instances) / cc
                writeRate += Double((fills + updates) / instances) / cc
                levelEnergy += energy
                if level == 0 { dramWords += reads + fills + updates }
                tensors.append(TensorLevelStats(
                    role: einsum.tensors[t].role, tensor: einsum.tensors[t].name,
                    utilizedCapacity: table[at(capacityF, level, t)], instances: instances, partitionSize: partition,
                    reads: reads, fills: fills, updates: updates, energyPJ: energy,
                    reuseFactor: brought > 0 ? served / brought : 0))
            }
            let (levelCycles, throttling) = tensors.isEmpty || computeCycles == 0
                ? (computeCycles, 1.0)
                : TileAnalysis.bandwidthCycles(readRate: readRate, writeRate: writeRate,
                                               computeCycles: computeCycles, bandwidth: spec.bandwidth)
            cycles = max(cycles, levelCycles)
            totalEnergy += levelEnergy
            levels.append(LevelStats(name: spec.name, instances: instances, tensors: tensors, energyPJ: levelEnergy,
                                     cycles: levelCycles, bandwidthThrottling: throttling))
        }
        let dramBytes = Double(dramWords) * Double(architecture.levels.first?.wordBits ?? 16) / 8
        return Evaluation(
            macs: macs, energyPJ: totalEnergy, cycles: cycles, computeCycles: computeCycles,
            utilization: Double(macs) / (Double(totalPEs) * Double(max(cycles, 1))),
            spatialUtilization: Double(utilizedPEs) / Double(totalPEs),
            utilizedPEs: utilizedPEs, totalPEs: totalPEs, computeEnergyPJ: Double(macs) * architecture.compute.energyPerMAC,
            levels: levels, dramArithmeticIntensity: dramBytes > 0 ? Double(macs) / dramBytes : 0)
    }
}
