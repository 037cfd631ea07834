/// What the cost model's order-independent facts (``TilingFacts``) are for one spatial assignment,
/// whatever the temporal factors: instances, partitions, compute cycles, and the transfer groups of
/// each fan-out axis (of each joint fan-out, both axes together) that do not depend on loop strides.
struct AssignmentFacts {
    /// `spatialBelow[level * dims + d]`: product of dim `d`'s spatial factors at and inside the level.
    var spatialBelow: [Int]
    var instances: [Int]
    /// `partition[level * tensors + t]` (the level's share of the whole tensor).
    var partition: [Int]
    /// `usedWords[level * tensors + t]`: a lower bound on the distinct words of that partition
    /// (``TensorProjection/usedWordsLowerBound(extents:row:)``), which one instance must receive.
    var usedWords: [Int]
    var computeCycles = 1
    var utilizedPEs = 1
    /// `slotGroups[slot * tensors + t]`: transfers per parent read of the slot's loops (multicast or
    /// reduction groups); −1 when they depend on the loops' strides (overlapping projections).
    var slotGroups: [Int]

    init(levels: Int, tensors: Int, dims: Int, slots: Int) {
        spatialBelow = Array(repeating: 1, count: levels * dims)
        instances = Array(repeating: 1, count: levels)
        partition = Array(repeating: 0, count: levels * tensors)
        usedWords = Array(repeating: 0, count: levels * tensors)
        slotGroups = Array(repeating: 1, count: slots * tensors)
    }
}

/// The order-independent facts of the current tiling, computed from the factors directly: the same
/// numbers ``EvaluationContext``'s `facts` derives from a loop nest (checked by `verifying`).
extension TilingSearch {
    /// Sets `assignment` for the spatial factors in `spatial`; `remaining[d]`: dim `d`'s product of
    /// temporal factors.
    mutating func prepareAssignment(remaining: [Int]) {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        let slots = mapspace.spatialSlots
        for level in 0..<levels {
            var instances = 1
            for d in 0..<dims { assignment.spatialBelow[level * dims + d] = 1 }
            for (s, slot) in slots.enumerated() {
                if slot.level >= level {
                    for d in 0..<dims { assignment.spatialBelow[level * dims + d] *= spatial[s][d] }
                } else {
                    for d in 0..<dims { instances *= spatial[s][d] }
                }
            }
            assignment.instances[level] = instances
            facts.instances[level] = instances
        }
        assignment.computeCycles = remaining.reduce(1, *)
        assignment.utilizedPEs = spatial.reduce(1) { $0 * $1.reduce(1, *) }
        facts.computeCycles = assignment.computeCycles
        facts.utilizedPEs = assignment.utilizedPEs
        for level in 0..<levels {
            for d in 0..<dims { extentsScratch[d] = remaining[d] * assignment.spatialBelow[level * dims + d] }
            for t in 0..<tensors {
                assignment.partition[level * tensors + t] = projections[t].tileSize(extents: extentsScratch, row: 0)
                assignment.usedWords[level * tensors + t] = projections[t].usedWordsLowerBound(extents: extentsScratch, row: 0)
            }
        }
        for i in stridedValue.indices { stridedValue[i] = -1 } // a new assignment: new spatial factors
        for (s, slot) in slots.enumerated() {
            // A joint fan-out's groups count all its slots together and sit on its first slot (the
            // y slot when it has both); its other slot counts 1, so products over slots stay right.
            let lead = !context.jointSharing[slot.level + 1] || s == 0 || slots[s - 1].level != slot.level
            let last = lead ? fanoutSlotEnd(s) : s
            for t in 0..<tensors {
                guard lead else { assignment.slotGroups[s * tensors + t] = 1; continue }
                let projection = projections[t]
                let shares = roles[t] == .outputs ? context.reduction[slot.level + 1] : context.multicast[slot.level + 1]
                var all = 1, relevantProduct = 1, relevantCount = 0
                for u in s...last {
                    for d in 0..<dims where spatial[u][d] > 1 {
                        all *= spatial[u][d]
                        if projection.relevant[d] { relevantProduct *= spatial[u][d]; relevantCount += 1 }
                    }
                }
                var groups = shares ? relevantProduct : all
                if shares && relevantCount > 1 {
                    // The groups are the product of the relevant factors, whatever the strides, when
                    // every index of the tensor depends on at most one dim among these loops.
                    // Proof: the loops of one dim in one fan-out nest (a slot's stride for the dim is
                    // the inner extent times the factors of the dim's later slots, so it is at least
                    // the next slot's stride times that slot's factor), so the dim's offset
                    // `stride_y·i_y + stride_x·i_x` is a mixed-radix number, distinct for each of the
                    // f_y·f_x iterations, and an index `c·offset` (c ≠ 0) is too. Each relevant dim
                    // reaches some index that depends on it alone, so the tuple of indices tells
                    // every relevant iteration apart: product of the relevant factors distinct
                    // offsets (`TileAnalysis.distinctOffsets`, which counts them from the strides).
                    // An index that mixes two dims (a sliding window) can repeat offsets: −1.
                    for k in 0..<projection.rank {
                        var indexDims: UInt64 = 0
                        for u in s...last {
                            for d in 0..<dims where spatial[u][d] > 1 && projection.coefficient(k, d) != 0 { indexDims |= 1 << UInt64(d) }
                        }
                        if indexDims.nonzeroBitCount > 1 { groups = -1; break }
                    }
                }
                assignment.slotGroups[s * tensors + t] = groups
            }
        }
    }

    /// The last slot whose loops are grouped with slot `s`'s: `s` itself, or for a fan-out that
    /// shares jointly (``FanoutSharing/joint``) the last slot of the same level.
    mutating func fanoutSlotEnd(_ s: Int) -> Int {
        let slots = mapspace.spatialSlots
        let level = slots[s].level
        guard context.jointSharing[level + 1] else { return s }
        var last = s
        while last + 1 < slots.count && slots[last + 1].level == level { last += 1 }
        return last
    }

    /// Sets `facts` and `inner` for the current temporal factors and keep choices.
    mutating func prepareTiling() {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        for d in 0..<dims { extentsScratch[d] = 1 }
        for level in stride(from: levels - 1, through: 0, by: -1) {
            for d in 0..<dims {
                extentsScratch[d] *= temporal[level * dims + d]
                inner[level * dims + d] = extentsScratch[d] * assignment.spatialBelow[level * dims + d]
            }
        }
        for level in 0..<levels {
            for t in 0..<tensors {
                let cell = level * tensors + t
                let kept = keepFlags[cell]
                facts.keep[cell] = kept
                facts.capacity[cell] = kept ? projections[t].tileSize(extents: inner, row: level) : 0
                facts.partition[cell] = kept ? assignment.partition[cell] : 0
            }
        }
        for i in facts.groups.indices { facts.groups[i] = 1 }
        let slots = mapspace.spatialSlots
        for t in 0..<tensors {
            var parent = 0
            for child in 1...levels where child == levels || keepFlags[child * tensors + t] {
                var groups = 1
                for s in slots.indices where slots[s].level >= parent && slots[s].level < child {
                    let g = assignment.slotGroups[s * tensors + t]
                    groups *= g >= 0 ? g : stridedGroups(slot: s, tensor: t)
                }
                facts.groups[child * tensors + t] = groups
                parent = child
            }
        }
    }

    /// Transfer groups of a slot whose loops overlap in the tensor's index space: the distinct
    /// offsets of its loops (with those of the fan-out's other slot when it shares jointly), which
    /// depend on their strides (the dim's extent inside each loop).
    mutating func stridedGroups(slot s: Int, tensor t: Int) -> Int {
        let slots = mapspace.spatialSlots
        let (dims, level) = (dimCount, slots[s].level)
        // They depend only on the tile below the fan-out (for a given assignment), and only on its
        // extents in the dims with a spatial factor in the group (the loops' strides), which stay
        // fixed while the levels outside it are searched: the last value is kept per (slot, tensor).
        let key = s * tensorCount + t
        let end = fanoutSlotEnd(s)
        if stridedValue[key] >= 0 {
            var same = true
            for d in 0..<dims where stridedExtents[key * dims + d] != inner[(level + 1) * dims + d] {
                var spread = false
                for u in s...end where spatial[u][d] > 1 { spread = true }
                if spread { same = false; break }
            }
            if same { return stridedValue[key] }
        }
        entriesScratch.removeAll(keepingCapacity: true)
        for u in s...end {
            for d in 0..<dims where spatial[u][d] > 1 {
                var stride = inner[(level + 1) * dims + d]
                for later in (u + 1)..<slots.count where slots[later].level == level { stride *= spatial[later][d] }
                entriesScratch.append(LoopNest.Entry(dim: d, factor: spatial[u][d], kind: slots[u].axis == .x ? .spatialX : .spatialY,
                                                     fanoutLevel: level + 1, stride: stride))
            }
        }
        let groups = TileAnalysis.distinctOffsets(loops: entriesScratch[...], projection: projections[t], bits: &offsetBits)
        stridedValue[key] = groups
        for d in 0..<dims { stridedExtents[key * dims + d] = inner[(level + 1) * dims + d] }
        return groups
    }
}
