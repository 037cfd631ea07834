/// Turning the current tiling and order choice into a mapping, and keeping the best.
extension TilingSearch {
    /// The current tiling with order class `choice[level]` at each level.
    func mapping(choice: [Int]) -> Mapping {
        var levels: [LevelMapping] = []
        levels.reserveCapacity(levelCount)
        for level in 0..<levelCount {
            let loops = levelClasses[level].orders[choice[level]].map { Loop(dim: $0, factor: temporal[level * dimCount + $0]) }
            var spatialLoops: [SpatialLoop] = []
            spatialLoops.reserveCapacity(dimCount)
            for (s, slot) in mapspace.spatialSlots.enumerated() where slot.level == level {
                for d in 0..<dimCount where spatial[s][d] > 1 {
                    spatialLoops.append(SpatialLoop(dim: d, factor: spatial[s][d], axis: slot.axis))
                }
            }
            levels.append(LevelMapping(temporal: loops, spatial: spatialLoops, keep: keep[level]))
        }
        return Mapping(levels: levels)
    }

    /// Whether the current tiling with orders `a` and cost `costA` beats orders `b` with cost `costB`
    /// (``Candidate/isBetter(than:)``; mappings are built only to break exact ties).
    mutating func isBetter(_ costA: (energyPJ: Double, cycles: Int, computeCycles: Int), _ a: [Int],
                  than costB: (energyPJ: Double, cycles: Int, computeCycles: Int), _ b: [Int]) -> Bool {
        if let decided = Candidate.costOrder(costA, costB, objective: objective) { return decided }
        // Same tiling: the encodings first differ in the first level whose orders differ.
        for level in 0..<levelCount where a[level] != b[level] {
            let orders = levelClasses[level].orders
            return orders[a[level]].lexicographicallyPrecedes(orders[b[level]])
        }
        return false
    }

    /// Keeps the current tiling with orders `choice` if it beats the best mapping so far.
    mutating func consider(_ choice: [Int], _ cost: (energyPJ: Double, cycles: Int, computeCycles: Int)) {
        if let best {
            let decided = Candidate.costOrder(cost, (best.energyPJ, best.cycles, best.computeCycles), objective: objective)
            if decided == false { return }
            let candidate = Candidate(mapping: mapping(choice: choice), cost: cost, objective: objective)
            if decided == true || candidate.isBetter(than: best) { self.best = candidate }
        } else {
            best = Candidate(mapping: mapping(choice: choice), cost: cost, objective: objective)
        }
    }
}
