/// A lower bound on every completion of a partial tiling (branch and bound inside one spatial
/// assignment).
///
/// The search fixes levels innermost first. Once the temporal factors (and keep choices) of levels
/// `from..<levels` are fixed, the factors left for the outer levels are `remaining`, and every count
/// of the cost model is bounded from below, tensor by tensor, along its chain of keeping levels:
///
/// - A fixed level `k` keeping tensor `t` fetches, per instance, `raw = capacity × (product of every
///   loop factor above k from the outermost down to the innermost loop relevant to t)`, except that
///   a relevant innermost loop directly above `k` fetches only the sliding remainder
///   (``OrderCostEvaluator``). If that innermost relevant loop (the *anchor* level `a`) lies in a
///   fixed level, everything outside `a` multiplies in whole: its product is the layer's temporal
///   product divided by the fixed levels' products from `a` inward, so `raw ≥ capacity ×
///   outer(a) × (a's relevant factors)` (the order of `a` can at best put every irrelevant loop
///   inside), or the sliding form `outer(a) × product(a)/f × (capacity + (f − 1)·δ)` where it can
///   apply: the minimum of the two is a bound whatever `a`'s order is.
/// - If no fixed level between `from` and `k` has a loop relevant to `t`, every relevant factor
///   above `k` is still free, and all of them are inside the product: `raw ≥ capacity ×
///   Π remaining[d]` over the relevant dims that cannot slide (a sliding loop may fetch less than
///   its factor's share), and `raw ≥ the distinct words of the instance's partition`, which every
///   instance must receive at least once (``TensorProjection/usedWordsLowerBound(extents:row:)``).
/// - A level that is not fixed yet fetches at least its partition's distinct words.
///
/// Reads of a level are its child's fetches × the child's transfer groups × the level's instances
/// (outputs: minus one partition, as in the model), fills are its own fetches × instances (outputs:
/// minus the partition), updates are the reads plus the partition. Each is non-decreasing in the
/// fetches, every energy per access is non-negative, and cycles are non-decreasing in the access
/// rates (``TileAnalysis/bandwidthCycles``), so energy and cycles computed from these bounds are
/// bounds of every completion, and so is the objective (a product of non-negative bounds for EDP).
/// Transfer groups of a fan-out whose loops overlap in a tensor's index space depend on the tile
/// below it; where that tile is not fixed yet, its largest relevant spatial factor bounds them
/// (varying that loop alone reaches that many distinct offsets). A fan-out that shares jointly
/// (``FanoutSharing/joint``) is one group of loops over both axes, never a product of per-axis
/// groups (which would over-count diagonal sharing and so be no bound).
///
/// `Tests/DFSimTests/PartialBoundTests.swift` checks the bound against every completion of random
/// partial tilings, and the optimality tests check the pruned search against plain enumeration.
extension TilingSearch {
    /// Lower bounds on the energy (pJ) and cycles of every mapping that completes the current
    /// tiling of levels `from..<levels` (their factors in `temporal`, their keep choices set, the
    /// factors left for the outer levels in `remaining`); `nil` while an outer level still has an
    /// open keep choice (its chain of keepers is not known).
    mutating func partialBound(from: Int) -> (energyPJ: Double, cycles: Int)? {
        if from > 0 && (from < levelCount ? autoAbove[from] : mapspace.keepChoices.contains { $0.count > 1 }) { return nil }
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        let computeCycles = assignment.computeCycles
        prepareFixedLevels(from: from)
        // Fetches per instance, a lower bound for each kept (level, tensor).
        for t in 0..<tensors {
            let relevant = relevantMasks[t]
            for level in 1..<levels where keepFlags[level * tensors + t] {
                let cell = level * tensors + t
                let used = assignment.usedWords[cell]
                boundAnchor[cell] = -1
                guard level >= from else { boundRaw[cell] = used; continue }
                let capacity = packedTerms.withUnsafeBufferPointer { packed in
                    inner.withUnsafeBufferPointer { inner in
                        PackedTerms.tileSize(packed, tensor: t, extents: inner.baseAddress! + level * dims) // invariant: non-empty
                    }
                }
                var anchor = level - 1
                while anchor >= from && boundMask[anchor] & relevant == 0 { anchor -= 1 }
                if anchor >= from {
                    var relevantProduct = 1
                    var dimsLeft = boundMask[anchor] & relevant
                    while dimsLeft != 0 {
                        relevantProduct *= temporal[anchor * dims + dimsLeft.trailingZeroBitCount]
                        dimsLeft &= dimsLeft - 1
                    }
                    var raw = capacity * boundOuter[anchor] * relevantProduct
                    var slides = true
                    for l in (anchor + 1)..<level where boundMask[l] != 0 { slides = false }
                    boundAnchor[cell] = anchor
                    boundCapacity[cell] = capacity
                    boundSlides[cell] = slides
                    if slides && slidingMasks[t] & boundMask[anchor] & relevant != 0 {
                        let projection = projections[t]
                        dimsLeft = boundMask[anchor] & relevant
                        while dimsLeft != 0 {
                            let d = dimsLeft.trailingZeroBitCount
                            dimsLeft &= dimsLeft - 1
                            let f = temporal[anchor * dims + d]
                            let delta = TileAnalysis.slidingDelta(dim: d, stride: inner[anchor * dims + d] / f, inner: inner, level: level,
                                                                  projection: projection, capacity: capacity)
                            raw = min(raw, boundOuter[anchor] * (boundProduct[anchor] / f) * (capacity + (f - 1) * delta))
                        }
                    }
                    boundRaw[cell] = raw
                } else {
                    var free = capacity
                    for d in 0..<dims where relevant & (1 << UInt64(d)) != 0 && slidingMasks[t] & (1 << UInt64(d)) == 0 {
                        free *= remaining[d]
                    }
                    boundRaw[cell] = max(used, free)
                    var slides = true
                    for l in from..<level where boundMask[l] != 0 { slides = false }
                    boundAnchor[cell] = -2 // anchored in a level not fixed yet
                    boundCapacity[cell] = capacity
                    boundSlides[cell] = slides
                }
            }
        }
        // Energy and cycles from those fetches, tensor by tensor along its keepers.
        let perMACTransfer = fixedPerMACTransfer ?? context.network.perMAC(order: context.listingOrder, roles: roles, keep: keepFlags)
        var energy = Double(context.macs) * context.energyPerMAC + Double(context.macs) * perMACTransfer
        for i in boundReadRate.indices { boundReadRate[i] = 0; boundWriteRate[i] = 0 }
        let cc = Double(computeCycles)
        for t in 0..<tensors {
            let isOutput = roles[t] == .outputs
            var parent = 0
            while parent < levels {
                var child = parent + 1
                while child < levels && !keepFlags[child * tensors + t] { child += 1 }
                let childRaw = child == levels ? computeCycles : boundRaw[child * tensors + t]
                let total = Double(childRaw) * Double(boundGroups(parent: parent, child: child, tensor: t, from: from))
                    * Double(assignment.instances[parent])
                let cell = parent * tensors + t
                let partition = Double(assignment.partition[cell]) * Double(assignment.instances[parent])
                let raw = parent == 0 ? 0 : Double(boundRaw[cell]) * Double(assignment.instances[parent])
                let reads = isOutput ? max(0, total - partition) : total
                let updates = isOutput ? total : 0
                let fills = parent == 0 ? 0 : (isOutput ? max(0, raw - partition) : raw)
                energy += reads * context.readEnergy[parent] + fills * context.writeEnergy[parent] + updates * context.updateEnergy[parent]
                let perFill = context.network.perFill(level: parent, t: t, tensors: tensors, keep: keepFlags)
                if perFill != 0 { energy += (isOutput ? 2 * fills + partition : fills) * perFill }
                // As the model: per-instance counts in whole words (exact multiples when not bounds).
                // Only a bandwidth-limited level's rates bound the cycles, and only when the
                // objective counts cycles (``boundsCycles``).
                if boundsCycles && evaluator.limited[parent] {
                    let instances = Double(assignment.instances[parent])
                    boundReadRate[parent] += (reads / instances).rounded(.down) / cc
                    boundWriteRate[parent] += ((fills + updates) / instances).rounded(.down) / cc
                }
                parent = child
            }
        }
        var cycles = computeCycles
        for level in 0..<levels where boundsCycles && evaluator.limited[level] {
            let c = TileAnalysis.bandwidthCycles(readRate: boundReadRate[level], writeRate: boundWriteRate[level],
                                                 computeCycles: computeCycles, bandwidth: context.bandwidths[level]).cycles
            // One cycle of slack: the model sums the same rates in another order, and rounding
            // can put its ceiling one below ours.
            cycles = max(cycles, c - 1)
        }
        return (energy, cycles)
    }

    /// The energy of the terms driven by the fetches of (level `c`, tensor `t`), as
    /// ``partialBound(from:)`` counts them: `c`'s fills and their network words, and the reads and
    /// updates of its parent keeper.
    mutating func cellEnergy(_ c: Int, tensor t: Int, from: Int, fetches: Double) -> Double {
        let tensors = tensorCount
        var parent = c - 1
        while parent > 0 && !keepFlags[parent * tensors + t] { parent -= 1 }
        let isOutput = roles[t] == .outputs
        let parentInstances = Double(assignment.instances[parent])
        let total = fetches * Double(boundGroups(parent: parent, child: c, tensor: t, from: from)) * parentInstances
        let parentPartition = Double(assignment.partition[parent * tensors + t]) * parentInstances
        var energy = (isOutput ? max(0, total - parentPartition) : total) * context.readEnergy[parent]
            + (isOutput ? total : 0) * context.updateEnergy[parent]
        let instances = Double(assignment.instances[c])
        let raw = fetches * instances
        let fills = isOutput ? max(0, raw - Double(assignment.partition[c * tensors + t]) * instances) : raw
        energy += fills * context.writeEnergy[c]
        let perFill = context.network.perFill(level: c, t: t, tensors: tensors, keep: keepFlags)
        if perFill != 0 { energy += (isOutput ? 2 * fills : fills) * perFill }
        return energy
    }

    /// For the fixed levels `from..<levels`: their tile extents (`inner`), loop masks and products,
    /// and the product of every loop outside each (`boundOuter`: the layer's temporal product over
    /// the products from the level inward).
    mutating func prepareFixedLevels(from: Int) {
        let (levels, dims) = (levelCount, dimCount)
        // Levels inside `preparedFrom` are unchanged since they were last prepared.
        for level in stride(from: min(preparedFrom, levels) - 1, through: from, by: -1) {
            var mask: UInt64 = 0, product = 1
            for d in 0..<dims {
                let f = temporal[level * dims + d]
                let extent = (level + 1 < levels ? temporalBelow[(level + 1) * dims + d] : 1) * f
                temporalBelow[level * dims + d] = extent
                inner[level * dims + d] = extent * assignment.spatialBelow[level * dims + d]
                if f > 1 { mask |= 1 << UInt64(d); product *= f }
            }
            boundMask[level] = mask
            boundProduct[level] = product
            productBelow[level] = product * (level + 1 < levels ? productBelow[level + 1] : 1)
            boundOuter[level] = assignment.computeCycles / productBelow[level]
        }
        preparedFrom = min(preparedFrom, from)
    }

    /// Transfers per parent read between a keeping level and its child for tensor `t` (the product
    /// of the fan-out axes between them), or a lower bound where an axis's groups depend on a tile
    /// that is not fixed yet (levels outside `from`).
    mutating func boundGroups(parent: Int, child: Int, tensor t: Int, from: Int) -> Int {
        if separableGroups { return pairGroups[(parent * (levelCount + 1) + child) * tensorCount + t] }
        var groups = 1
        for s in slotLevel.indices where slotLevel[s] >= parent && slotLevel[s] < child {
            let g = assignment.slotGroups[s * tensorCount + t]
            if g >= 0 {
                groups *= g
            } else if slotLevel[s] + 1 >= from {
                groups *= stridedGroups(slot: s, tensor: t)
            } else {
                // Any one relevant loop of the group varied alone reaches `factor` distinct offsets
                // (coefficient × stride × i, i < factor, with a nonzero coefficient and stride ≥ 1),
                // so the widest relevant factor bounds the distinct offsets of all of them together,
                // whatever the strides; for a joint fan-out the group spans both of its slots.
                var widest = 1
                for u in s...fanoutSlotEnd(s) {
                    for d in 0..<dimCount where relevantMasks[t] & (1 << UInt64(d)) != 0 { widest = max(widest, spatial[u][d]) }
                }
                groups *= widest
            }
        }
        return groups
    }

    /// When every axis's transfer groups are a product of factors (``AssignmentFacts/slotGroups``
    /// all known), the groups between every (parent, child) pair of levels for every tensor, once
    /// per assignment: `pairGroups[(parent * (levels + 1) + child) * tensors + t]`.
    mutating func preparePairGroups() {
        separableGroups = assignment.slotGroups.allSatisfy { $0 >= 0 }
        guard separableGroups else { return }
        let (levels, tensors) = (levelCount, tensorCount)
        for parent in 0..<levels {
            for child in (parent + 1)...levels {
                for t in 0..<tensors {
                    var groups = 1
                    for s in slotLevel.indices where slotLevel[s] >= parent && slotLevel[s] < child {
                        groups *= assignment.slotGroups[s * tensors + t]
                    }
                    pairGroups[(parent * (levels + 1) + child) * tensors + t] = groups
                }
            }
        }
    }

    /// Whether a bound rules out the subtree: its objective exceeds `limit` beyond rounding (ties
    /// are kept, since the encoding breaks them).
    mutating func exceeds(_ bound: (energyPJ: Double, cycles: Int), _ limit: Double) -> Bool {
        objective.value(energyPJ: bound.energyPJ, cycles: bound.cycles) > limit * (1 + 1e-9)
    }
}

extension TilingSearch {
    /// The bound of `mapping`'s tiling of levels `from..<levels` (one temporal loop per dim per
    /// level, one spatial loop per dim per axis), as the search computes it: for tests, which check
    /// it against `mapping`'s own cost (one of the completions it covers).
    mutating func partialBound(of mapping: Mapping, from: Int, sharpen: Bool = true) -> (energyPJ: Double, cycles: Int)? {
        let slots = mapspace.spatialSlots
        spatial = slots.map { slot in
            (0..<dimCount).map { d in
                mapping.levels[slot.level].spatial.filter { $0.axis == slot.axis && $0.dim == d }.reduce(1) { $0 * $1.factor }
            }
        }
        var left = mapspace.einsum.dims.map(\.bound)
        for slot in spatial { for d in 0..<dimCount { left[d] /= slot[d] } }
        prepareAssignment(remaining: left)
        preparePairGroups()
        for level in 0..<levelCount {
            for d in 0..<dimCount {
                temporal[level * dimCount + d] = mapping.levels[level].temporal.filter { $0.dim == d }.reduce(1) { $0 * $1.factor }
            }
            if mapspace.keepChoices[level].count > 1 { setKeep(level, mapping.levels[level].keep) }
        }
        remaining = (0..<dimCount).map { d in (0..<from).reduce(1) { $0 * temporal[$1 * dimCount + d] } }
        preparedFrom = levelCount
        for level in 0..<levelCount { setClasses(level) }
        guard let bound = partialBound(from: from) else { return nil }
        guard sharpen else { return bound }
        let sharp = sharpened(bound, from: from)
        return (max(sharp.energyPJ, bound.energyPJ + refetchIncrement(from: from)), sharp.cycles)
    }
}

extension TilingSearch {
    /// The bound the search gives the refetch table's level with its dims `0..<chosenDims` chosen
    /// as in `mapping` and the levels inside it fixed as in `mapping`
    /// (``tableBound(_:chosenDims:)``, over the bounds ``enter(_:)`` keeps): for tests, which
    /// check it against `mapping`'s own cost. `nil` without a table or a level inside its level.
    mutating func tableBound(of mapping: Mapping, chosenDims: Int) -> (energyPJ: Double, cycles: Int)? {
        guard let table = refetchTable, table.level + 1 < levelCount,
              let sharp = partialBound(of: mapping, from: table.level + 1),
              let plain = partialBound(of: mapping, from: table.level + 1, sharpen: false) else { return nil }
        let terms = refetchTerms(table, from: table.level + 1)
        setTableBase((plain.energyPJ, sharp.energyPJ, sharp.cycles, terms.variant, terms.offset), level: table.level + 1)
        return tableBound(table.level, chosenDims: chosenDims)
    }
}

extension TilingSearch {
    /// A lower bound on every mapping with the spatial assignment `assignment` (`[slot][dim]`):
    /// ``partialBound(from:)`` with no level fixed, sharpened (``sharpened(_:from:)``: every level
    /// that cannot hold its partition must refetch). `nil` with open keep choices.
    mutating func assignmentBound(_ assignment: [[Int]]) -> (energyPJ: Double, cycles: Int)? {
        spatial = assignment
        var left = mapspace.einsum.dims.map(\.bound)
        for slot in assignment { for d in 0..<dimCount { left[d] /= slot[d] } }
        remaining = left
        for i in temporal.indices { temporal[i] = 1 }
        prepareAssignment(remaining: left)
        preparePairGroups()
        preparedFrom = levelCount
        guard let bound = partialBound(from: levelCount) else { return nil }
        let sharp = sharpened(bound, from: levelCount)
        return (max(sharp.energyPJ, bound.energyPJ + refetchIncrement(from: levelCount)), sharp.cycles)
    }
}
