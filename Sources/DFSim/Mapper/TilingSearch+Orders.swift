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
    private mutating func select(_ level: Int, _ index: Int) {
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
        // Bandwidth-bound: orders trade energy for cycles; try every combination.
        var best = current
        var bestChoice = choice
        for level in 0..<levelCount {
            indices[level] = 0
            select(level, 0)
        }
        while true {
            let c = cost()
            if isBetter(c, indices, than: best, bestChoice) { best = c; bestChoice = indices }
            var l = levelCount - 1
            while l >= 0 {
                indices[l] += 1
                if indices[l] < classCount[l] {
                    select(l, indices[l])
                    break
                }
                indices[l] = 0
                select(l, 0)
                l -= 1
            }
            if l < 0 { break }
        }
        consider(bestChoice, best)
    }
}
