/// A capacity bound coupling every tensor a buffer keeps: the least extra energy of refetching
/// into level `level` that any tile shape fitting the level, with any order of the loops above
/// it, must pay (a data-movement lower bound per buffer size, in the spirit of Orojenesis).
///
/// ``TilingSearch/partialBound(from:)`` lets each (level, tensor) cell take its own least fetches:
/// for a level that is not fixed yet, its partition's distinct words (as if every tensor fit whole
/// and every loop above reused it). A buffer that cannot hold the whole layer cannot do that for
/// all its tensors at once: its tile shape `e` (extents per dim, everything inside its temporal
/// loops) must fit its capacity, and the loops above it (`L_d = bound_d / e_d`) refetch the tiles.
///
/// **The fetch bound.** Level `c`'s fetches of tensor `t` per instance are its tile `cap_t(e)` times
/// the product of every temporal loop above `c` from the outermost down to the innermost loop
/// relevant to `t` (that loop fetching only the sliding remainder when it slides,
/// ``OrderCostEvaluator``), so at least `cap_t(e) ×` the product of the loops strictly outside that
/// innermost relevant loop `ℓ`, times `ℓ`'s own factor unless `t` slides along its dim. Collapse the
/// loops above `c` to one per dim, ordering dims by where each dim's innermost loop stands: for
/// every tensor, the innermost relevant dim `d*` of the collapsed order is the dim of `ℓ`, every dim
/// before `d*` has all its loops outside `ℓ` (its `L_d` multiplies in whole), and `d*`'s other loops
/// are outside `ℓ` too. So with `S` the dims after `d*` (the tensor's reuse suffix), fetches are
/// at least `cap_t(e) × Π_{d ∉ S ∪ {d*}} L_d × (t slides along d* ? 1 : L_{d*})`, and at least the
/// partition's distinct words. Every order of the real loops is covered by some dim order.
///
/// **The minimum over orders** is a dynamic program over reuse suffixes: dims are added innermost
/// first; adding `d` to suffix `S` closes each tensor still open (no relevant dim in `S`) that `d`
/// is relevant to, at the fetches above. 2^k states for k dims with `L_d > 1`.
///
/// **The minimum over shapes.** The cost (energy over the per-cell bound) of each shape that fits,
/// `+∞` where none does, then the least over every multiple of each shape (a transform per dim over
/// the divisor lattice): a partial tiling with the levels inside `c` fixed needs `e` to be a
/// multiple of their tile `E`, so `least[E]` bounds every completion. Energy terms are
/// non-decreasing in fetches and non-negative, so the increment over the per-cell bound is a lower
/// bound on the true increment.
///
/// Built only for a level with no fan-out above it (one instance, the same partitions for every
/// spatial assignment), with fixed keep policies and a capacity; the table is then the same for
/// every assignment. Checked by `RefetchTableTests` against enumeration and against mappings.
struct RefetchTable: Sendable {
    /// The level whose fills are bounded.
    let level: Int
    /// Per dim: the sorted divisors of its bound, and where a dim's index counts in `least`.
    let divisors: [[Int]]
    let strides: [Int]
    /// Per shape (mixed-radix index of its divisors): the least energy increment over every
    /// multiple of the shape; `+∞` where no multiple fits the level.
    let least: [Double]

    /// The largest table built (shapes); beyond it the bound is left out.
    static let maximumShapes = 1 << 20

    /// The entry for the shape `extents` (each a divisor of its dim's bound).
    @inline(__always) func value(extents: UnsafePointer<Int>) -> Double {
        var index = 0
        for d in divisors.indices {
            let list = divisors[d], target = extents[d]
            var lo = 0, hi = list.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            index += lo * strides[d]
        }
        return least[index]
    }
}

extension RefetchTable {
    /// The table of `mapspace`'s outermost buffer when it qualifies; `assignment` is any spatial
    /// assignment (with no fan-out above the level, the table is the same for all of them).
    static func build(mapspace: Mapspace, context: EvaluationContext, objective: Objective, assignment: [[Int]]) -> RefetchTable? {
        var search = TilingSearch(mapspace: mapspace, context: context, objective: objective)
        search.spatial = assignment
        var left = mapspace.einsum.dims.map(\.bound)
        for slot in assignment { for d in left.indices { left[d] /= slot[d] } }
        search.prepareAssignment(remaining: left)
        return search.buildRefetchTable()
    }
}

extension TilingSearch {
    /// The refetch table of the outermost buffer below the top level when it qualifies (see
    /// ``RefetchTable``); call after ``prepareAssignment(remaining:)`` for any assignment.
    mutating func buildRefetchTable() -> RefetchTable? {
        let c = 1
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        guard levels >= 2, let size = sizes[c], !slotLevel.contains(where: { $0 < c }),
              mapspace.keepChoices[0].count == 1, mapspace.keepChoices[c].count == 1 else { return nil }
        let kept = (0..<tensors).filter { keepFlags[c * tensors + $0] }
        guard !kept.isEmpty else { return nil }
        let bounds = mapspace.einsum.dims.map(\.bound)
        let divisors = bounds.map { Mapspace.divisors($0) }
        var strides = [Int](repeating: 1, count: dims)
        var shapes = 1
        for d in 0..<dims {
            strides[d] = shapes
            let (product, overflow) = shapes.multipliedReportingOverflow(by: divisors[d].count)
            guard !overflow, product <= RefetchTable.maximumShapes else { return nil }
            shapes = product
        }
        // Per tensor: the increment of its cells' energy over the per-cell bound at given fetches.
        let used = kept.map { assignment.usedWords[c * tensors + $0] }
        let baseline = kept.indices.map { cellEnergy(c, tensor: kept[$0], from: levels, fetches: Double(used[$0])) }
        let relevant = kept.map { relevantMasks[$0] }
        let sliding = kept.map { slidingMasks[$0] }
        var cost = [Double](repeating: .infinity, count: shapes)
        var extents = [Int](repeating: 1, count: dims)
        var loops = [Int](repeating: 1, count: dims)
        var active: [Int] = []
        var best: [Double] = []
        var caps = [Int](repeating: 0, count: kept.count)
        for index in 0..<shapes {
            var rest = index
            for d in 0..<dims {
                extents[d] = divisors[d][rest % divisors[d].count]
                rest /= divisors[d].count
                loops[d] = bounds[d] / extents[d]
            }
            var words = 0
            for (k, t) in kept.enumerated() {
                caps[k] = projections[t].tileSize(extents: extents, row: 0)
                words += caps[k]
            }
            guard words <= size else { continue }
            active = (0..<dims).filter { loops[$0] > 1 }
            let states = 1 << active.count
            if best.count < states { best = [Double](repeating: 0, count: states) }
            var allLoops = 1.0
            for d in active { allLoops *= Double(loops[d]) }
            // Tensor k's increment when it closes with suffix `suffix` (dims mask) and dim `d`.
            func increment(_ k: Int, outside: Double) -> Double {
                let fetches = max(Double(used[k]), Double(caps[k]) * outside)
                return max(0, cellEnergy(c, tensor: kept[k], from: levels, fetches: fetches) - baseline[k])
            }
            func suffixMask(_ state: Int) -> UInt64 {
                var mask: UInt64 = 0
                for (i, d) in active.enumerated() where state & (1 << i) != 0 { mask |= 1 << UInt64(d) }
                return mask
            }
            best[0] = 0
            for state in 1..<states { best[state] = .infinity }
            for state in 0..<states where best[state] < .infinity {
                let inSuffix = suffixMask(state)
                var suffixLoops = 1.0
                for (i, d) in active.enumerated() where state & (1 << i) != 0 { suffixLoops *= Double(loops[d]) }
                for (i, d) in active.enumerated() where state & (1 << i) == 0 {
                    let bit = UInt64(1) << UInt64(d)
                    var value = best[state]
                    for k in kept.indices where relevant[k] & inSuffix == 0 && relevant[k] & bit != 0 {
                        let own = sliding[k] & bit != 0 ? 1.0 : Double(loops[d])
                        value += increment(k, outside: allLoops / suffixLoops / Double(loops[d]) * own)
                    }
                    let next = state | (1 << i)
                    best[next] = min(best[next], value)
                }
            }
            var total = best[states - 1]
            let all = suffixMask(states - 1)
            for k in kept.indices where relevant[k] & all == 0 { total += increment(k, outside: 1) }
            cost[index] = total
        }
        // Least over multiples, one dim at a time.
        for d in 0..<dims {
            let list = divisors[d]
            let stride = strides[d], count = list.count
            for index in 0..<shapes {
                let i = (index / stride) % count
                guard i + 1 < count else { continue }
                let base = index - i * stride
                var value = cost[index]
                for j in (i + 1)..<count where list[j] % list[i] == 0 { value = min(value, cost[base + j * stride]) }
                cost[index] = value
            }
        }
        return RefetchTable(level: c, divisors: divisors, strides: strides, least: cost)
    }

    /// The least refetch increment of every completion of the fixed levels `from..<levels` (0 when
    /// no table applies or its level is fixed; `+∞` when no tile of the table's level that contains
    /// the fixed tiles fits). Needs ``prepareFixedLevels(from:)``.
    mutating func refetchIncrement(from: Int) -> Double {
        guard let table = refetchTable, table.level < from else { return 0 }
        let dims = dimCount, c = table.level
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: dims) { extents in
            for d in 0..<dims {
                let fixed = from < levelCount ? temporalBelow[from * dims + d] : 1
                extents[d] = fixed * assignment.spatialBelow[c * dims + d]
            }
            return table.value(extents: UnsafePointer(extents.baseAddress!)) // invariant: dims > 0
        }
    }
}
