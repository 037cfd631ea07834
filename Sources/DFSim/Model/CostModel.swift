/// The analytical cost model: Timeloop's nest analysis for perfectly factorized mappings, in
/// closed form (no walk over iterations).
///
/// Rules (Parashar et al., "Timeloop", ISPASS 2019; the conventions of the Timeloop cases in `Tests/Reference/cases`):
/// - A level's tile is the box spanned by every loop at and below it, halos included.
/// - Fills: the first tile, then at every step of a temporal loop above the level the part of the
///   tile that was not in the previous tile. Timeloop keeps a partial (sliding-window) overlap only
///   across the innermost loop above the level; when an outer loop advances, the tile is fetched
///   whole unless no loop that changed index is relevant to the tensor (then nothing is fetched).
///   A step that moves the tile along more than one tensor dim fetches it whole.
/// - Multicast and spatial reduction: children of a fan-out whose deltas are exactly equal share
///   one parent read (or one update). A 2-D fan-out is grouped axis by axis, or across both axes
///   when its sharing is joint (``FanoutSharing``).
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
    /// Role of each tensor (kept apart so the hot path copies no strings).
    let roles: [TensorRole]
    // Per-level figures, copied out of the architecture once (the hot path touches no StorageLevel).
    let readEnergy: [Double], writeEnergy: [Double], updateEnergy: [Double]
    let bandwidths: [Bandwidth]
    let multicast: [Bool], reduction: [Bool]
    /// Per level: whether its fan-out compares children across both axes (``FanoutSharing/joint``).
    let jointSharing: [Bool]
    let totalPEs: Int, macs: Int, energyPerMAC: Double, outermostWordBits: Int
    let network: NetworkTransfers

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
        roles = einsum.tensors.map(\.role)
        readEnergy = architecture.levels.map(\.readEnergy)
        writeEnergy = architecture.levels.map(\.writeEnergy)
        updateEnergy = architecture.levels.map(\.updateEnergy)
        bandwidths = architecture.levels.map(\.bandwidth)
        multicast = architecture.levels.map { $0.fanout?.multicast ?? true }
        reduction = architecture.levels.map { $0.fanout?.reduction ?? true }
        jointSharing = architecture.levels.map { $0.fanout?.sharing == .joint }
        totalPEs = architecture.totalPEs
        macs = einsum.macs
        energyPerMAC = architecture.compute.energyPerMAC
        outermostWordBits = architecture.levels.first?.wordBits ?? 16
        network = NetworkTransfers(architecture: architecture)
        listingOrder = TensorRole.timeloopOrder.compactMap { role in einsum.tensors.firstIndex { $0.role == role } }
    }

    @inline(__always) func keeps(_ level: Int, _ t: Int, _ mapping: Mapping) -> Bool {
        if autoKeep[level], let chosen = mapping.levels[level].keep { return chosen.contains(roles[t]) }
        return fixedKeep[level * roles.count + t]
    }

    /// Evaluates one valid mapping.
    ///
    /// - Complexity: O(loops × (levels + tensor rank) × tensors), plus an enumeration for fan-outs whose
    ///   spatial loops overlap in a tensor's index space (diagonal multicast).
    public func evaluate(_ mapping: Mapping) -> Evaluation {
        run(mapping, detailed: true, facts: nil).evaluation! // invariant: detailed runs build the evaluation
    }

    /// Energy (pJ), cycles and compute cycles only: what a search compares, without building the
    /// per-level statistics. Equal to the corresponding fields of ``evaluate(_:)``.
    public func cost(_ mapping: Mapping) -> (energyPJ: Double, cycles: Int, computeCycles: Int) {
        let r = run(mapping, detailed: false, facts: nil)
        return (r.energy, r.cycles, r.computeCycles)
    }

    /// The order-independent part of evaluating `mapping`: tile sizes, partitions, instances and
    /// multicast/reduction groups depend only on the factors, the spatial loops and the keep
    /// choices, not on the order of each level's temporal loops.
    public func facts(_ mapping: Mapping) -> TilingFacts {
        let levelCount = readEnergy.count
        let nest = LoopNest(mapping: mapping, levelCount: levelCount, dimCount: projections.first?.dimCount ?? 0)
        return facts(mapping, nest: nest)
    }

    /// ``cost(_:)`` for a mapping that differs from the one `facts` came from only in the order of
    /// temporal loops within levels (one loop per dim per level), reusing its order-independent part.
    public func cost(_ mapping: Mapping, facts: TilingFacts) -> (energyPJ: Double, cycles: Int, computeCycles: Int) {
        let r = run(mapping, detailed: false, facts: facts)
        return (r.energy, r.cycles, r.computeCycles)
    }

    func facts(_ mapping: Mapping, nest: LoopNest) -> TilingFacts {
        let levelCount = readEnergy.count
        let tensorCount = roles.count
        let cells = levelCount * tensorCount
        var f = TilingFacts(capacity: [Int](repeating: 0, count: cells), partition: [Int](repeating: 0, count: cells),
                            groups: [Int](repeating: 1, count: (levelCount + 1) * tensorCount),
                            instances: [Int](repeating: 1, count: levelCount), keep: fixedKeep,
                            computeCycles: nest.temporalProduct, utilizedPEs: nest.spatialProduct(before: nest.count))
        for level in 0..<levelCount where autoKeep[level] {
            for t in 0..<tensorCount { f.keep[level * tensorCount + t] = keeps(level, t, mapping) }
        }
        for level in 0..<levelCount { f.instances[level] = nest.spatialProduct(before: nest.levelStart[level]) }
        for t in 0..<tensorCount {
            let projection = projections[t]
            var parent = -1
            for level in 0...levelCount {
                let isCompute = level == levelCount
                if !isCompute && !f.keep[level * tensorCount + t] { continue }
                if !isCompute {
                    f.capacity[level * tensorCount + t] = projection.tileSize(extents: nest.inner, row: level)
                    var partition = 1
                    for k in 0..<projection.rank {
                        var span = 1
                        for d in 0..<nest.dimCount where projection.coefficient(k, d) != 0 {
                            let extent = nest.inner[level * nest.dimCount + d] * nest.outerTemporal[level * nest.dimCount + d]
                            span += abs(projection.coefficient(k, d)) * (extent - 1)
                        }
                        partition *= span
                    }
                    f.partition[level * tensorCount + t] = partition
                }
                if parent >= 0 {
                    f.groups[level * tensorCount + t] = TileAnalysis.transferGroups(
                        nest: nest, from: nest.levelStart[parent], to: isCompute ? nest.count : nest.levelStart[level],
                        projection: projection, shares: roles[t] == .outputs ? reduction : multicast, joint: jointSharing)
                }
                parent = level
            }
        }
        return f
    }

    private func run(_ mapping: Mapping, detailed: Bool,
                     facts given: TilingFacts?) -> (energy: Double, cycles: Int, computeCycles: Int, evaluation: Evaluation?) {
        let levelCount = readEnergy.count
        let nest = LoopNest(mapping: mapping, levelCount: levelCount, dimCount: projections.first?.dimCount ?? 0)
        let facts = given ?? self.facts(mapping, nest: nest)
        let tensorCount = roles.count
        let computeCycles = facts.computeCycles
        let utilizedPEs = facts.utilizedPEs
        let levelInstances = facts.instances
        let keepFlags = facts.keep

        // Per (level, tensor): reads, fills, updates.
        let cells = levelCount * tensorCount
        var table = [Int](repeating: 0, count: cells * 3)
        @inline(__always) func at(_ field: Int, _ level: Int, _ t: Int) -> Int { field * cells + level * tensorCount + t }
        let (readsF, fillsF, updatesF) = (0, 1, 2)
        @inline(__always) func partitionOf(_ level: Int, _ t: Int) -> Int { facts.partition[level * tensorCount + t] }

        for t in 0..<tensorCount {
            let projection = projections[t]
            let isOutput = roles[t] == .outputs
            var parent = -1
            for level in 0...levelCount {
                let isCompute = level == levelCount
                if !isCompute && !keepFlags[level * tensorCount + t] { continue }
                var childRaw = computeCycles
                if !isCompute {
                    childRaw = TileAnalysis.rawFillsPerInstance(nest: nest, level: level, projection: projection,
                                                               capacity: facts.capacity[level * tensorCount + t])
                }
                if parent >= 0 {
                    let total = childRaw * facts.groups[level * tensorCount + t] * levelInstances[parent]
                    if isOutput {
                        table[at(updatesF, parent, t)] += total
                        if !isCompute { table[at(fillsF, level, t)] = (childRaw - partitionOf(level, t)) * levelInstances[level] }
                    } else {
                        table[at(readsF, parent, t)] += total
                        if !isCompute { table[at(fillsF, level, t)] = childRaw * levelInstances[level] }
                    }
                }
                parent = level
            }
            if isOutput {
                for level in 0..<levelCount where keepFlags[level * tensorCount + t] {
                    table[at(readsF, level, t)] = table[at(updatesF, level, t)] - partitionOf(level, t) * levelInstances[level]
                }
            }
        }

        var levels: [LevelStats] = []
        if detailed { levels.reserveCapacity(levelCount) }
        var cycles = computeCycles
        var dramWords = 0
        var totalEnergy = Double(macs) * energyPerMAC
        var networkEnergy = 0.0
        for level in 0..<levelCount {
            var tensors: [TensorLevelStats] = []
            if detailed { tensors.reserveCapacity(tensorCount) }
            var kept = 0
            var readRate = 0.0, writeRate = 0.0, levelEnergy = 0.0
            let instances = levelInstances[level]
            let cc = Double(computeCycles)
            for t in listingOrder where keepFlags[level * tensorCount + t] {
                let reads = table[at(readsF, level, t)], fills = table[at(fillsF, level, t)]
                let updates = table[at(updatesF, level, t)], partition = partitionOf(level, t)
                let energy = Double(reads) * readEnergy[level] + Double(fills) * writeEnergy[level] + Double(updates) * updateEnergy[level]
                let isOutput = roles[t] == .outputs
                networkEnergy += Double(isOutput ? 2 * fills + partition * instances : fills)
                    * network.perFill(level: level, t: t, tensors: tensorCount, keep: keepFlags)
                let served = Double(reads + (isOutput ? updates : 0))
                let brought = Double(fills + (isOutput || level == 0 ? partition * instances : 0))
                readRate += Double(reads / instances) / cc
                writeRate += Double((fills + updates) / instances) / cc
                levelEnergy += energy
                if level == 0 { dramWords += reads + fills + updates }
                kept += 1
                guard detailed else { continue }
                tensors.append(TensorLevelStats(
                    role: roles[t], tensor: einsum.tensors[t].name,
                    utilizedCapacity: facts.capacity[level * tensorCount + t], instances: instances, partitionSize: partition,
                    reads: reads, fills: fills, updates: updates, energyPJ: energy,
                    reuseFactor: brought > 0 ? served / brought : 0))
            }
            let (levelCycles, throttling) = kept == 0 || computeCycles == 0
                ? (computeCycles, 1.0)
                : TileAnalysis.bandwidthCycles(readRate: readRate, writeRate: writeRate,
                                               computeCycles: computeCycles, bandwidth: bandwidths[level])
            cycles = max(cycles, levelCycles)
            totalEnergy += levelEnergy
            guard detailed else { continue }
            levels.append(LevelStats(name: architecture.levels[level].name, instances: instances, tensors: tensors, energyPJ: levelEnergy,
                                     cycles: levelCycles, bandwidthThrottling: throttling))
        }
        networkEnergy += Double(macs) * network.perMAC(order: listingOrder, roles: roles, keep: keepFlags)
        totalEnergy += networkEnergy
        guard detailed else { return (totalEnergy, cycles, computeCycles, nil) }
        let dramBytes = Double(dramWords) * Double(outermostWordBits) / 8
        return (totalEnergy, cycles, computeCycles, Evaluation(
            macs: macs, energyPJ: totalEnergy, cycles: cycles, computeCycles: computeCycles,
            utilization: Double(macs) / (Double(totalPEs) * Double(max(cycles, 1))),
            spatialUtilization: Double(utilizedPEs) / Double(totalPEs),
            utilizedPEs: utilizedPEs, totalPEs: totalPEs, computeEnergyPJ: Double(macs) * energyPerMAC,
            networkEnergyPJ: networkEnergy, levels: levels, dramArithmeticIntensity: dramBytes > 0 ? Double(macs) / dramBytes : 0))
    }
}

/// The order-independent part of one evaluation (see ``EvaluationContext/facts(_:)``).
public struct TilingFacts: Equatable, Sendable {
    /// Per `level * tensors + t`.
    var capacity: [Int]
    var partition: [Int]
    /// Per `child * tensors + t` (child = level, or the level count for the compute): transfers per
    /// child delta between the child and its parent.
    var groups: [Int]
    var instances: [Int]
    var keep: [Bool]
    var computeCycles: Int
    var utilizedPEs: Int
}
