/// Loop-order choice for one complete tiling.
extension TilingSearch {
    /// One counted evaluation: the exact energy and cycles of the current tiling with the orders
    /// currently set in the evaluator.
    private mutating func cost() -> (energyPJ: Double, cycles: Int, computeCycles: Int) {
        stats.evaluated += 1
        let c = evaluator.cost()
        if verifying {
            let full = context.evaluate(mapping(choice: selected))
            if full.energyPJ != c.energyPJ || full.cycles != c.cycles || full.computeCycles != c.computeCycles {
                mismatches.append("cost \(c) != \(full.energyPJ), \(full.cycles) for \(mapping(choice: selected))")
            }
        }
        return c
    }

    /// Sets order class `index` of `level` in the evaluator.
    mutating func select(_ level: Int, _ index: Int) {
        evaluator.setOrder(level: level, table: signatureTable, at: signatureBase[level] + index * (tensorCount + 1))
        selected[level] = index
    }

    /// Chooses loop orders for the current tiling and keeps the best mapping.
    mutating func evaluateTiling() {
        stats.tilings += 1
        var permutations = 1.0, classes = 1.0
        for level in 0..<levelCount {
            permutations *= Double(levelClasses[level].permutations)
            classes *= Double(classCount[level])
            choice[level] = max(cachedOrder[level], 0)
        }
        stats.prunedEquivalentOrders += permutations - classes
        // Tile sizes, partitions and multicast groups do not depend on loop order: computed once.
        prepareTiling()
        if verifying, context.facts(mapping(choice: choice)) != facts {
            mismatches.append("facts differ for \(mapping(choice: choice))")
        }
        evaluator.reset(factors: temporal, inner: inner, facts: facts)
        for level in 0..<levelCount { select(level, choice[level]) }
        var current = cost()
        // Energy is a sum of per-level terms: pick each level's best order with the others fixed.
        // Those terms are refetches of tiles below the level whose innermost relevant loop lies in
        // it, each multiplied by the product of all loop factors outside the level, the same for
        // every term: so a level's best order does not depend on the outer levels and is kept
        // (cachedOrder) for every other completion of the same inner tiling, unless an outer keep
        // choice is still open.
        for level in 0..<levelCount where cachedOrder[level] < 0 && classCount[level] > 1 {
            var bestHere = current
            var bestIndex = choice[level]
            for index in 1..<classCount[level] {
                select(level, index)
                let c = cost()
                if c.energyPJ < bestHere.energyPJ { bestHere = c; bestIndex = index }
            }
            choice[level] = bestIndex
            select(level, bestIndex)
            current = bestHere
        }
        for level in 1..<max(levelCount, 1) where cachedOrder[level] < 0 && !autoAbove[level] {
            cachedOrder[level] = choice[level]
        }
        if objective == .energy || current.cycles == current.computeCycles || classes == 1 {
            consider(choice, current)
            return
        }
        // Bandwidth-bound: orders trade energy for cycles; try every combination of the classes
        // that can win (``prepareOrderFronts()``).
        prepareOrderFronts()
        var best = current
        var bestChoice = choice
        for level in 0..<levelCount {
            indices[level] = frontStart[level]
            select(level, orderFront[indices[level]])
            combination[level] = orderFront[indices[level]]
        }
        while true {
            let c = cost()
            if isBetter(c, combination, than: best, bestChoice) { best = c; bestChoice = combination }
            var l = levelCount - 1
            while l >= 0 {
                indices[l] += 1
                if indices[l] < frontStart[l + 1] {
                    combination[l] = orderFront[indices[l]]
                    select(l, combination[l])
                    break
                }
                indices[l] = frontStart[l]
                combination[l] = orderFront[indices[l]]
                select(l, combination[l])
                l -= 1
            }
            if l < 0 { break }
        }
        consider(bestChoice, best)
    }

    /// Sets `orderFront[frontStart[l]..<frontStart[l + 1]]` to the order classes of each level `l`
    /// worth combining when the tiling is bandwidth-bound.
    ///
    /// Proof. A level's order changes only the fetches of the cells anchored in it (the innermost
    /// level above a cell with a loop relevant to its tensor; ``OrderCostEvaluator``). Energy is a
    /// sum of those fetches (and the reads, fills and updates they drive) with non-negative
    /// energies per access, and every level's cycles are non-decreasing in its access rates, so
    /// both are non-decreasing in every cell's fetches. If class `j` of a level fetches no more
    /// than class `i` in every anchored cell and its order precedes `i`'s lexicographically (the
    /// tie-break of equal costs), then in every combination of the other levels' orders `j` costs
    /// no more energy and no more cycles than `i`, and wins every tie: `i` is never the best and
    /// is left out. `OrderCostTests.orderFrontsKeepTheBestCombination` checks the fronts against
    /// every combination on bandwidth-bound tilings.
    mutating func prepareOrderFronts() {
        orderFront.removeAll(keepingCapacity: true)
        for level in 0..<levelCount {
            frontStart[level] = orderFront.count
            let count = classCount[level]
            if count == 1 { orderFront.append(0); continue }
            fetchScratch.removeAll(keepingCapacity: true)
            for index in 0..<count {
                select(level, index)
                evaluator.appendAnchoredFetches(level: level, to: &fetchScratch)
            }
            let width = fetchScratch.count / count
            let orders = levelClasses[level].orders
            for i in 0..<count {
                var dominated = false
                for j in 0..<count where j != i && orders[j].lexicographicallyPrecedes(orders[i]) {
                    var noWorse = true
                    for k in 0..<width where fetchScratch[j * width + k] > fetchScratch[i * width + k] { noWorse = false; break }
                    if noWorse { dominated = true; break }
                }
                if !dominated { orderFront.append(i) }
            }
        }
        frontStart[levelCount] = orderFront.count
    }
}

extension TilingSearch {
    /// For tests: the least objective over combinations of order classes of `mapping`'s tiling
    /// (one temporal loop per dim per level), over every combination or only the Pareto fronts of
    /// ``prepareOrderFronts()``, and how many combinations that was.
    mutating func bestOrderCombination(of mapping: Mapping, frontsOnly: Bool) -> (objective: Double, combinations: Int)? {
        guard partialBound(of: mapping, from: 0, sharpen: false) != nil else { return nil }
        prepareTiling()
        evaluator.reset(factors: temporal, inner: inner, facts: facts)
        if frontsOnly {
            prepareOrderFronts()
        } else {
            orderFront.removeAll()
            for level in 0..<levelCount {
                frontStart[level] = orderFront.count
                orderFront += 0..<classCount[level]
            }
            frontStart[levelCount] = orderFront.count
        }
        var best = Double.infinity, combinations = 0
        for level in 0..<levelCount { indices[level] = frontStart[level]; select(level, orderFront[indices[level]]) }
        while true {
            let c = evaluator.cost()
            best = min(best, objective.value(energyPJ: c.energyPJ, cycles: c.cycles))
            combinations += 1
            var l = levelCount - 1
            while l >= 0 {
                indices[l] += 1
                if indices[l] < frontStart[l + 1] { select(l, orderFront[indices[l]]); break }
                indices[l] = frontStart[l]
                select(l, orderFront[indices[l]])
                l -= 1
            }
            if l < 0 { break }
        }
        return (best, combinations)
    }
}
