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
        let innerCells: [(level: Int, tensor: Int, coefficient: Double)] = (0..<tensors).compactMap { t in
            guard !keepFlags[c * tensors + t], hasPlainIndices(t),
                  let keeper = ((c + 1)..<levels).first(where: { keepFlags[$0 * tensors + t] }) else { return nil }
            return (keeper, t, roles[t] == .outputs ? context.updateEnergy[0] : context.readEnergy[0])
        }.prefix(RefetchTable.maximumInnerCells).map { $0 }
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
        let innerRelevant = innerCells.map { relevantMasks[$0.tensor] }
        let variants = RefetchTable.variantCount(cells: innerCells.count)
        let subsets = 1 << innerCells.count
        var costs = [[Double]](repeating: [Double](repeating: .infinity, count: shapes), count: variants)
        var extents = [Int](repeating: 1, count: dims)
        var loops = [Int](repeating: 1, count: dims)
        var active: [Int] = []
        var best: [Double] = []
        var caps = [Int](repeating: 0, count: kept.count)
        var innerTerm = [Double](repeating: 0, count: innerCells.count)
        var totals = [Double](repeating: 0, count: subsets)
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
            for (k, cell) in innerCells.enumerated() {
                innerTerm[k] = Double(projections[cell.tensor].usedWordsLowerBound(extents: extents, row: 0)) * cell.coefficient
            }
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
            let all = suffixMask(states - 1)
            // One dynamic program per set of bypassed tensors left out of it (those known to
            // refetch under every loop above the level, added after).
            for excluded in 0..<subsets {
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
                        for k in innerCells.indices where excluded & (1 << k) == 0 && innerRelevant[k] & inSuffix == 0 && innerRelevant[k] & bit != 0 {
                            value += innerTerm[k] * allLoops / suffixLoops
                        }
                        let next = state | (1 << i)
                        best[next] = min(best[next], value)
                    }
                }
                var total = best[states - 1]
                for k in kept.indices where relevant[k] & all == 0 { total += increment(k, outside: 1) }
                totals[excluded] = total
            }
            for variant in 0..<variants {
                var excluded = 0
                for k in innerCells.indices where RefetchTable.state(of: k, in: variant) == .refetchesUnderEveryLoop { excluded |= 1 << k }
                var value = totals[excluded]
                for k in innerCells.indices {
                    switch RefetchTable.state(of: k, in: variant) {
                    case .refetchesUnderEveryLoop:
                        value += innerTerm[k] * allLoops
                    case .exceedsKeeper where innerRelevant[k] & all == 0:
                        // No loop of its dims above the level: the one above its keeper is inside
                        // the level, and every loop above the level multiplies.
                        value += innerTerm[k] * allLoops
                    case .exceedsKeeper, .unknown:
                        if innerRelevant[k] & all == 0 { value += innerTerm[k] }
                    }
                }
                costs[variant][index] = value
            }
        }
        // Least over multiples, one dim at a time from the last: after dim `d` the table is exact
        // in dims `0..<d`.
        let prefixes = shapes * variants * (dims + 1) <= RefetchTable.maximumPrefixEntries
        var tables: [Double] = []
        for variant in 0..<variants {
            var layers: [[Double]] = prefixes ? [costs[variant]] : []
            for d in stride(from: dims - 1, through: 0, by: -1) {
                let list = divisors[d]
                let stride = strides[d], count = list.count
                for index in 0..<shapes {
                    let i = (index / stride) % count
                    guard i + 1 < count else { continue }
                    let base = index - i * stride
                    var value = costs[variant][index]
                    for j in (i + 1)..<count where list[j] % list[i] == 0 { value = min(value, costs[variant][base + j * stride]) }
                    costs[variant][index] = value
                }
                if prefixes { layers.append(costs[variant]) }
            }
            // `layers[j]` is exact in `dims − j` dims: stored by the count of exact dims.
            for layer in prefixes ? layers.reversed() : [costs[variant]] { tables += layer }
        }
        return RefetchTable(level: c, divisors: divisors, strides: strides, least: tables, shapes: shapes,
                            prefixCount: prefixes ? dims + 1 : 1, innerCells: innerCells)
    }

    /// Whether every index of tensor `t` is one dim (any coefficient) and no dim is in two of them:
    /// then its distinct words at any extents are the product of its dims' extents.
    func hasPlainIndices(_ t: Int) -> Bool {
        let projection = projections[t]
        var seen: UInt64 = 0
        for k in 0..<projection.rank {
            let start = k == 0 ? 0 : projection.termEnd[k - 1]
            guard projection.termEnd[k] - start <= 1 else { return false }
            if projection.termEnd[k] > start {
                let bit = UInt64(1) << UInt64(projection.terms[start].dim)
                guard seen & bit == 0 else { return false }
                seen |= bit
            }
        }
        return true
    }
}
