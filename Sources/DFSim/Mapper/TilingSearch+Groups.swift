/// Sharpening ``partialBound(from:)``: groups of cells whose fetches depend on one choice the
/// completion makes.
///
/// ``partialBound(from:)`` lets every (level, tensor) cell take its own least fetches. Some cells
/// share a choice: the cells anchored in one fixed level share that level's loop order, and the
/// cells that depend on the free levels share which loop is innermost
/// (``TilingSearch+FreeLevels``). For each such *group* and each alternative of its choice, the
/// group's cells get lower bounds on their fetches (never below `boundRaw`); the group then adds
/// the least increment over its alternatives — of the energy, and separately of each level's read
/// and write rates.
///
/// Proof. Every energy term of the model involves the fetches of one cell
/// (``cellEnergy(_:tensor:from:fetches:)``), and every level's read and write rates are sums of
/// per-cell terms (reads and updates of the parent, fills of the level; whole words per instance,
/// which only grow when split into per-cell floors). Groups are disjoint and their choices are made
/// independently by the completion, so for any completion each total is at least the baseline plus,
/// per group, the increment of the alternative it takes, hence at least the baseline plus the least
/// increments. Energy bounds add; cycles are non-decreasing in each rate (``TileAnalysis/
/// bandwidthCycles``), so the cycles of the least rates bound the cycles of every completion.
extension TilingSearch {
    /// The bound with every group's least increments (energy; cycles from the rates).
    mutating func sharpened(_ bound: (energyPJ: Double, cycles: Int), from: Int) -> (energyPJ: Double, cycles: Int) {
        let levels = levelCount
        for l in 0..<levels { groupRead[l] = 0; groupWrite[l] = 0 }
        groupEnergy = 0
        jointOrderGroups(from: from)
        if from >= 1 {
            innermostFreeLoopGroup(from: from)
            if from >= 2 { refetchGroups(from: from) }
            if from == levels { innermostLoopGroup() }
        }
        var cycles = bound.cycles
        let anyLimited = boundsCycles && evaluator.limited.contains(true)
        if anyLimited {
            baselineRates(from: from)
            let computeCycles = assignment.computeCycles
            for level in 0..<levels where evaluator.limited[level] {
                let c = TileAnalysis.bandwidthCycles(readRate: baseRead[level] + groupRead[level], writeRate: baseWrite[level] + groupWrite[level],
                                                     computeCycles: computeCycles, bandwidth: context.bandwidths[level]).cycles
                cycles = max(cycles, c - 1) // one cycle of slack for rounding, as in partialBound
            }
        }
        return (bound.energyPJ + groupEnergy, cycles)
    }

    // MARK: - Accumulating groups

    mutating func beginGroup() {
        leastEnergy = .infinity
        for l in 0..<levelCount { leastRead[l] = .infinity; leastWrite[l] = .infinity }
    }

    mutating func beginAlternative() {
        choiceEnergy = 0
        for l in 0..<levelCount { choiceRead[l] = 0; choiceWrite[l] = 0 }
    }

    /// Cell (`c`, `t`) fetches `raw` words per instance in this alternative (`boundRaw` at baseline).
    mutating func addCell(_ c: Int, _ t: Int, from: Int, fetches raw: Int) {
        let base = boundRaw[c * tensorCount + t]
        guard raw != base else { return }
        choiceEnergy += cellEnergy(c, tensor: t, from: from, fetches: Double(raw)) - cellEnergy(c, tensor: t, from: from, fetches: Double(base))
        guard boundsCycles else { return }
        let now = rateTerms(c, t, from: from, fetches: raw)
        let was = rateTerms(c, t, from: from, fetches: base)
        choiceRead[now.parent] += now.read - was.read
        choiceWrite[now.parent] += now.parentWrite - was.parentWrite
        choiceWrite[c] += now.write - was.write
    }

    mutating func endAlternative() {
        leastEnergy = min(leastEnergy, choiceEnergy)
        for l in 0..<levelCount { leastRead[l] = min(leastRead[l], choiceRead[l]); leastWrite[l] = min(leastWrite[l], choiceWrite[l]) }
    }

    mutating func endGroup() {
        guard leastEnergy < .infinity else { return }
        groupEnergy += max(0, leastEnergy)
        for l in 0..<levelCount { groupRead[l] += max(0, leastRead[l]); groupWrite[l] += max(0, leastWrite[l]) }
    }

    /// Per-cell rate terms of cell (`c`, `t`) fetching `raw` (`c == levels`: the compute, `raw` its
    /// cycles): its parent's reads and updates and its own fills, in whole words per instance per
    /// compute cycle.
    mutating func rateTerms(_ c: Int, _ t: Int, from: Int, fetches raw: Int) -> (parent: Int, read: Double, parentWrite: Double, write: Double) {
        let tensors = tensorCount
        var parent = c - 1
        while parent > 0 && !keepFlags[parent * tensors + t] { parent -= 1 }
        let isOutput = roles[t] == .outputs
        let cc = Double(assignment.computeCycles)
        let parentInstances = Double(assignment.instances[parent])
        let total = Double(raw) * Double(boundGroups(parent: parent, child: c, tensor: t, from: from)) * parentInstances
        let parentPartition = Double(assignment.partition[parent * tensors + t]) * parentInstances
        let reads = isOutput ? max(0, total - parentPartition) : total
        let read = (reads / parentInstances).rounded(.down) / cc
        let parentWrite = isOutput ? (total / parentInstances).rounded(.down) / cc : 0
        guard c < levelCount else { return (parent, read, parentWrite, 0) }
        let instances = Double(assignment.instances[c])
        let all = Double(raw) * instances
        let fills = isOutput ? max(0, all - Double(assignment.partition[c * tensors + t]) * instances) : all
        return (parent, read, parentWrite, (fills / instances).rounded(.down) / cc)
    }

    /// The rates of every cell at its `boundRaw`, split into per-cell floors (`baseRead`, `baseWrite`).
    mutating func baselineRates(from: Int) {
        let (levels, tensors) = (levelCount, tensorCount)
        for l in 0..<levels { baseRead[l] = 0; baseWrite[l] = 0 }
        for t in 0..<tensors {
            for c in 1...levels where c == levels || keepFlags[c * tensors + t] {
                let raw = c == levels ? assignment.computeCycles : boundRaw[c * tensors + t]
                let terms = rateTerms(c, t, from: from, fetches: raw)
                baseRead[terms.parent] += terms.read
                baseWrite[terms.parent] += terms.parentWrite
                if c < levels { baseWrite[c] += terms.write }
            }
        }
    }

    // MARK: - The groups

    /// One group per fixed level `a` with several order classes: the cells anchored in it, one
    /// alternative per class (``OrderCostEvaluator``'s fetches for that order).
    mutating func jointOrderGroups(from: Int) {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        let width = tensors + 1
        for a in from..<levels where classCount[a] > 1 {
            // Only cells of two or more tensors compete for the level's innermost loops.
            var anchoredTensors: UInt64 = 0
            for c in (a + 1)..<levels {
                for t in 0..<tensors where keepFlags[c * tensors + t] && boundAnchor[c * tensors + t] == a { anchoredTensors |= 1 << UInt64(t) }
            }
            guard anchoredTensors != 0 else { continue }
            beginGroup()
            for index in 0..<classCount[a] {
                beginAlternative()
                let base = signatureBase[a] + index * width
                let innermost = Int(Int64(bitPattern: signatureTable[base + tensors]))
                for c in (a + 1)..<levels {
                    for t in 0..<tensors where keepFlags[c * tensors + t] && boundAnchor[c * tensors + t] == a {
                        let cell = c * tensors + t
                        var trailingProduct = 1
                        var rest = signatureTable[base + t] & boundMask[a]
                        while rest != 0 {
                            trailingProduct *= temporal[a * dims + rest.trailingZeroBitCount]
                            rest &= rest - 1
                        }
                        let capacity = boundCapacity[cell]
                        var raw = capacity * boundOuter[a] * (boundProduct[a] / trailingProduct)
                        if boundSlides[cell] && innermost >= 0 && trailingProduct == 1 {
                            let f = temporal[a * dims + innermost]
                            let delta = TileAnalysis.slidingDelta(dim: innermost, stride: inner[a * dims + innermost] / f, inner: inner,
                                                                  level: c, projection: projections[t], capacity: capacity)
                            raw = boundOuter[a] * (boundProduct[a] / f) * (capacity + (f - 1) * delta)
                        }
                        addCell(c, t, from: from, fetches: max(raw, boundRaw[cell]))
                    }
                }
                endAlternative()
            }
            endGroup()
        }
    }
}
