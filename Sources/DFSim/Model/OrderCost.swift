/// What the cost model needs of one level's loop order: for each tensor, which of the level's loops
/// sit inside the innermost loop relevant to it, and which loop is innermost.
///
/// Built from an order of a level's loops with factor > 1 (outermost first, one loop per dim).
public struct LevelOrderSignature: Hashable, Sendable {
    /// `trailing[t]`: bit `d` set when dim `d`'s loop lies inside tensor `t`'s innermost relevant loop.
    public let trailing: [UInt64]
    /// The innermost loop's dim (−1 for a level without loops).
    public let innermost: Int

    /// The signature of `order` (dims, outermost first) for tensors with the given relevant-dim masks.
    public init(order: [Int], relevantMasks: [UInt64]) {
        trailing = relevantMasks.map { mask in
            var trailing: UInt64 = 0
            for d in order.reversed() {
                if mask & (1 << UInt64(d)) != 0 { break }
                trailing |= 1 << UInt64(d)
            }
            return trailing
        }
        innermost = order.last ?? -1
    }
}

/// The exact cost of one tiling under any choice of per-level loop orders, without rebuilding the
/// loop nest: the order-dependent part of the model in closed form.
///
/// Over the temporal loops above a child level, a tensor's tile is refetched whole at every step of
/// every loop from the outermost to its innermost relevant loop (`TileAnalysis.rawFillsPerInstance`),
/// which telescopes to `capacity × Π factors up to and including that loop`; when that loop is also
/// the innermost loop above the child, its own steps fetch only the sliding-window remainder. The
/// innermost relevant loop lies in the innermost level above the child with a relevant factor
/// (the child's *anchor*, fixed by the tiling), so each child's fills depend on one level's order
/// only, through its ``LevelOrderSignature``. Each ``cost()`` recomputes every level's reads, fills
/// and updates and sums energy and cycles exactly as ``EvaluationContext/evaluate(_:)`` does.
///
/// Mappings must have at most one temporal loop per dim per level.
public struct OrderCostEvaluator: Sendable {
    /// One (level, tensor) the level keeps, with what its counts need of the tiling.
    struct Cell {
        var level: Int
        /// The next inner level keeping the tensor (index into `cells`), −1 for the compute.
        var child: Int
        /// Child transfers per parent instance per child delta × the level's instances.
        var readMultiplier: Int
        var instances: Int
        var partition: Int
        var isOutput: Bool
        var capacity: Int
        /// `anchor * tensors + t` (−1: no relevant loop above the level, the tile is fetched once).
        var anchorKey: Int
        /// capacity × the product of the factors outside the anchor.
        var scaled: Int
        /// Index of the cell's row in `slideRaw` when no temporal loop lies between the anchor and
        /// the level (the anchor's innermost loop, when relevant, slides the window), else −1.
        var slideBase: Int
        /// Network energy per word filled into the level or drained from it (`NetworkTransfers`).
        var fillTransfer = 0.0
    }

    let context: EvaluationContext
    let levelCount: Int, tensorCount: Int, dimCount: Int
    let relevantMasks: [UInt64]
    /// `limited[level]`: the level has some bandwidth limit (else its cycles are the compute cycles).
    let limited: [Bool]

    // Per tiling (see `reset`).
    var computeCycles = 0
    /// Network energy per MAC for the operands the MACs receive across fan-outs.
    var perMACTransfer = 0.0
    /// Kept cells, level by level, tensors in listing order: the first `keptCount` entries.
    var cells: [Cell]
    var keptCount = 0
    /// `levelEnd[level]`: end of the level's cells in `cells`.
    var levelEnd: [Int]
    /// `factor[level * dims + d]`: the level's temporal factor of dim `d`.
    var factor: [Int]
    var levelMask: [UInt64]
    var levelProduct: [Int]
    /// Product of every temporal factor of the levels outside the level.
    var outerProduct: [Int]
    /// Per `level * tensors + t`: the cell's index in `cells` (scratch).
    var cellIndex: [Int]
    /// Per `slideBase + d`: raw fills per instance when `d` is the anchor's innermost loop and relevant.
    var slideRaw: [Int]

    // Per order (see `setOrder`).
    /// Per `level * tensors + t`: the product of the level's factors up to its innermost loop relevant to `t`.
    var prefix: [Int]
    /// Per `level * tensors + t`: the level's innermost dim when that loop is relevant to `t`, else −1.
    var slideDim: [Int]

    /// An evaluator for mappings of `context`'s einsum and architecture; call ``reset(tiling:)``.
    public init(context: EvaluationContext) {
        self.context = context
        levelCount = context.readEnergy.count
        tensorCount = context.roles.count
        dimCount = context.projections.first?.dimCount ?? 0
        relevantMasks = context.projections.map { p in
            (0..<p.dimCount).reduce(UInt64(0)) { p.relevant[$1] ? $0 | (1 << UInt64($1)) : $0 }
        }
        limited = context.bandwidths.map { $0.shared != nil || $0.read != nil || $0.write != nil }
        let cellCount = levelCount * tensorCount
        levelEnd = [Int](repeating: 0, count: levelCount)
        factor = [Int](repeating: 1, count: levelCount * dimCount)
        levelMask = [UInt64](repeating: 0, count: levelCount)
        levelProduct = [Int](repeating: 1, count: levelCount)
        outerProduct = [Int](repeating: 1, count: levelCount)
        cellIndex = [Int](repeating: -1, count: (levelCount + 1) * tensorCount)
        prefix = [Int](repeating: 1, count: cellCount)
        slideDim = [Int](repeating: -1, count: cellCount)
        cells = Array(repeating: Cell(level: 0, child: -1, readMultiplier: 0, instances: 1, partition: 0, isOutput: false,
                                      capacity: 0, anchorKey: -1, scaled: 0, slideBase: -1), count: cellCount)
        slideRaw = Array(repeating: 0, count: cellCount * dimCount)
    }

    /// The signature of a level's order of loops (dims, outermost first; factor-1 loops left out).
    public func signature(_ order: [Int]) -> LevelOrderSignature {
        LevelOrderSignature(order: order, relevantMasks: relevantMasks)
    }

    /// Takes the tiling (factors, spatial loops, keep choices) of `mapping` and its loop orders;
    /// the orders can then be changed level by level (``setOrder(level:_:)``).
    public mutating func reset(tiling mapping: Mapping) {
        resetFactors(mapping)
        for level in 0..<levelCount {
            setOrder(level: level, signature(mapping.levels[level].temporal.filter { $0.factor > 1 }.map(\.dim)))
        }
    }

    /// Takes the tiling of `mapping` but not its orders: every level's order must be set next.
    mutating func resetFactors(_ mapping: Mapping) {
        let nest = LoopNest(mapping: mapping, levelCount: levelCount, dimCount: dimCount)
        var factors = [Int](repeating: 1, count: levelCount * dimCount)
        for level in 0..<levelCount {
            let end = level + 1 < levelCount ? nest.levelStart[level + 1] : nest.count
            for j in nest.levelStart[level]..<end where nest.loops[j].kind == .temporal {
                factors[level * dimCount + nest.loops[j].dim] *= nest.loops[j].factor
            }
        }
        reset(factors: factors, inner: nest.inner, facts: context.facts(mapping, nest: nest))
    }

    /// Takes a tiling: `factors[level * dims + d]` (each level's temporal factor of each dim),
    /// `inner[level * dims + d]` (the extents of each level's tile, ``LoopNest``'s rows) and its
    /// order-independent `facts`. Every level's order must be set next.
    mutating func reset(factors: [Int], inner: [Int], facts: TilingFacts) {
        let (levels, tensors, dims) = (levelCount, tensorCount, dimCount)
        computeCycles = facts.computeCycles
        perMACTransfer = context.network.perMAC(order: context.listingOrder, roles: context.roles, keep: facts.keep)
        var outer = 1
        for level in 0..<levels {
            var mask: UInt64 = 0, product = 1
            for d in 0..<dims where factors[level * dims + d] > 1 {
                mask |= 1 << UInt64(d)
                product *= factors[level * dims + d]
            }
            levelMask[level] = mask
            levelProduct[level] = product
            outerProduct[level] = outer
            outer *= product
        }
        for i in factors.indices { factor[i] = factors[i] }
        // Cells level by level, tensors in listing order; each points at its child's cell.
        var count = 0
        for level in 0..<levels {
            for t in context.listingOrder where facts.keep[level * tensors + t] { cellIndex[level * tensors + t] = count; count += 1 }
        }
        keptCount = count
        var i = 0
        for level in 0..<levels {
            for t in context.listingOrder where facts.keep[level * tensors + t] {
                let key = level * tensors + t
                var child = level + 1
                while child < levels && !facts.keep[child * tensors + t] { child += 1 }
                let childKey = child * tensors + t // `levels * tensors + t` for the compute
                var cell = Cell(level: level, child: child < levels ? cellIndex[childKey] : -1,
                                readMultiplier: facts.groups[childKey] * facts.instances[level],
                                instances: facts.instances[level], partition: facts.partition[key],
                                isOutput: context.roles[t] == .outputs, capacity: facts.capacity[key],
                                anchorKey: -1, scaled: 0, slideBase: -1)
                cell.fillTransfer = context.network.perFill(level: level, t: t, tensors: tensors, keep: facts.keep)
                let relevant = relevantMasks[t]
                var a = level - 1
                while a >= 0 && levelMask[a] & relevant == 0 { a -= 1 }
                if level > 0 && a >= 0 {
                    cell.anchorKey = a * tensors + t
                    cell.scaled = cell.capacity * outerProduct[a]
                    var slides = true
                    for l in (a + 1)..<level where levelMask[l] != 0 { slides = false }
                    if slides {
                        cell.slideBase = i * dims
                        var dimsLeft = levelMask[a] & relevant
                        while dimsLeft != 0 {
                            let d = dimsLeft.trailingZeroBitCount
                            dimsLeft &= dimsLeft - 1
                            let f = factor[a * dims + d]
                            let delta = TileAnalysis.slidingDelta(dim: d, stride: inner[a * dims + d] / f, inner: inner, level: level,
                                                                  projection: context.projections[t], capacity: cell.capacity)
                            slideRaw[cell.slideBase + d] = outerProduct[a] * (levelProduct[a] / f) * (cell.capacity + (f - 1) * delta)
                        }
                    }
                }
                cells[i] = cell
                i += 1
            }
            levelEnd[level] = i
        }
    }

    /// Sets the loop order of `level` (an order of the dims whose factor at that level is > 1).
    public mutating func setOrder(level: Int, _ signature: LevelOrderSignature) {
        setOrder(level: level, table: signature.trailing + [UInt64(bitPattern: Int64(signature.innermost))], at: 0)
    }

    /// Sets the loop order of `level` from a signature stored at `table[offset...]`: each tensor's
    /// trailing mask, then the innermost dim (`UInt64(bitPattern:)`).
    mutating func setOrder(level: Int, table: [UInt64], at offset: Int) {
        let (tensors, dims) = (tensorCount, dimCount)
        let (mask, product) = (levelMask[level], levelProduct[level])
        let innermost = Int(Int64(bitPattern: table[offset + tensors]))
        factor.withUnsafeBufferPointer { factor in
        table.withUnsafeBufferPointer { table in
        prefix.withUnsafeMutableBufferPointer { prefix in
        slideDim.withUnsafeMutableBufferPointer { slideDim in
            for t in 0..<tensors {
                var trailingProduct = 1
                var rest = table[offset + t] & mask
                while rest != 0 {
                    trailingProduct *= factor[level * dims + rest.trailingZeroBitCount]
                    rest &= rest - 1
                }
                prefix[level * tensors + t] = product / trailingProduct
                slideDim[level * tensors + t] = innermost >= 0 && trailingProduct == 1 ? innermost : -1
            }
        }
        }
        }
        }
    }

    /// Energy (pJ), cycles and compute cycles of the tiling with the current orders: equal to the
    /// corresponding fields of ``EvaluationContext/evaluate(_:)`` of that mapping.
    public func cost() -> (energyPJ: Double, cycles: Int, computeCycles: Int) {
        let computeCycles = self.computeCycles
        let cc = Double(computeCycles)
        var cycles = computeCycles
        var totalEnergy = Double(context.macs) * context.energyPerMAC
        var networkEnergy = 0.0
        cells.withUnsafeBufferPointer { cells in
        prefix.withUnsafeBufferPointer { prefix in
        slideDim.withUnsafeBufferPointer { slideDim in
        slideRaw.withUnsafeBufferPointer { slideRaw in
        let keptCount = self.keptCount
        withUnsafeTemporaryAllocation(of: Int.self, capacity: keptCount) { raw in
            // Words one instance of each level fetches over the run (TileAnalysis.rawFillsPerInstance).
            for i in 0..<keptCount {
                let cell = cells[i]
                if cell.anchorKey < 0 {
                    raw[i] = cell.capacity
                } else if cell.slideBase >= 0, slideDim[cell.anchorKey] >= 0 {
                    raw[i] = slideRaw[cell.slideBase + slideDim[cell.anchorKey]]
                } else {
                    raw[i] = cell.scaled * prefix[cell.anchorKey]
                }
            }
            // Energy and cycles: the same arithmetic, in the same order, as the full evaluation.
            var start = 0
            for level in 0..<levelCount {
                let end = levelEnd[level]
                var readRate = 0.0, writeRate = 0.0, levelEnergy = 0.0
                let (readEnergy, writeEnergy, updateEnergy) = (context.readEnergy[level], context.writeEnergy[level], context.updateEnergy[level])
                let isLimited = limited[level]
                for i in start..<end {
                    let cell = cells[i]
                    let childRaw = cell.child < 0 ? computeCycles : raw[cell.child]
                    let total = childRaw * cell.readMultiplier
                    let reads: Int, fills: Int, updates: Int
                    if cell.isOutput {
                        (reads, updates) = (total - cell.partition * cell.instances, total)
                        fills = level == 0 ? 0 : (raw[i] - cell.partition) * cell.instances
                    } else {
                        (reads, updates) = (total, 0)
                        fills = level == 0 ? 0 : raw[i] * cell.instances
                    }
                    levelEnergy += Double(reads) * readEnergy + Double(fills) * writeEnergy + Double(updates) * updateEnergy
                    networkEnergy += Double(cell.isOutput ? 2 * fills + cell.partition * cell.instances : fills) * cell.fillTransfer
                    if isLimited {
                        readRate += Double(reads / cell.instances) / cc
                        writeRate += Double((fills + updates) / cell.instances) / cc
                    }
                }
                if isLimited && end > start && computeCycles > 0 {
                    let (levelCycles, _) = TileAnalysis.bandwidthCycles(readRate: readRate, writeRate: writeRate,
                                                                        computeCycles: computeCycles, bandwidth: context.bandwidths[level])
                    cycles = max(cycles, levelCycles)
                }
                totalEnergy += levelEnergy
                start = end
            }
        }
        }
        }
        }
        }
        networkEnergy += Double(context.macs) * perMACTransfer
        totalEnergy += networkEnergy
        return (totalEnergy, cycles, computeCycles)
    }
}

extension OrderCostEvaluator {
    /// Appends to `out` the words one instance fetches over the run (as in ``cost()``) for every
    /// kept cell whose anchor — the innermost level above it with a relevant loop — is `level`, in
    /// cell order: the only counts the level's order moves.
    func appendAnchoredFetches(level: Int, to out: inout [Int]) {
        let tensors = tensorCount
        for i in 0..<keptCount {
            let cell = cells[i]
            guard cell.anchorKey >= 0, cell.anchorKey / tensors == level else { continue }
            if cell.slideBase >= 0, slideDim[cell.anchorKey] >= 0 {
                out.append(slideRaw[cell.slideBase + slideDim[cell.anchorKey]])
            } else {
                out.append(cell.scaled * prefix[cell.anchorKey])
            }
        }
    }
}
