/// One worker's depth-first search over the temporal tilings of one spatial assignment.
///
/// Levels are filled innermost first, dims in order, factors ascending: a tile only grows with its
/// factors, so the first factor that overflows a level cuts off all larger ones.
struct TilingSearch {
    let mapspace: Mapspace
    let context: EvaluationContext
    let objective: Objective
    private(set) var best: Candidate?
    private(set) var stats: SearchStatistics
    private let relevantMasks: [UInt64]
    private let slidingMasks: [UInt64]
    private var orderCache: [Int: (orders: [[Int]], permutations: Int)] = [:]
    private var spatial: [[Int]] = []
    private var temporal: [[Int]]
    private var keep: [[TensorRole]?]
    private var remaining: [Int] = []
    private let levelCount: Int
    private let dimCount: Int
    /// The best order of each level found for the current tiling of that level and the levels inside
    /// it, reused by later completions of the same inner tiling (see `evaluateTiling`); `nil` until found.
    private var cachedOrder: [[Int]?]
    /// `autoAbove[l]`: some level outside `l` has an open keep choice, so `l`'s best order may
    /// depend on it and is chosen only once the tiling is complete.
    private let autoAbove: [Bool]
    private let projections: [TensorProjection]
    private let roles: [TensorRole]
    /// `fixedKeep[level * tensors + t]`: the architecture's keep policy, resolved once.
    private let fixedKeep: [Bool]
    private let sizes: [Int?]
    private var extentsScratch: [Int]
    private var divisorCache: [Int: [Int]] = [:]
    /// The mapping evaluated during the order passes; its spatial loops are set once per assignment.
    private var scratch = Mapping(levels: [])

    init(mapspace: Mapspace, context: EvaluationContext, objective: Objective) {
        self.mapspace = mapspace
        self.context = context
        self.objective = objective
        stats = SearchStatistics(mapspaceSize: .zero)
        levelCount = mapspace.architecture.levels.count
        dimCount = mapspace.einsum.dims.count
        relevantMasks = mapspace.einsum.tensors.map { tensor in
            (0..<mapspace.einsum.dims.count).reduce(UInt64(0)) { tensor.isRelevant(dim: $1) ? $0 | (1 << UInt64($1)) : $0 }
        }
        slidingMasks = mapspace.einsum.tensors.map { tensor in
            tensor.indices.filter { $0.terms.count > 1 }.flatMap(\.terms)
                .reduce(UInt64(0)) { $0 | (1 << UInt64($1.dim)) }
        }
        temporal = Array(repeating: Array(repeating: 1, count: mapspace.einsum.dims.count), count: mapspace.architecture.levels.count)
        keep = Array(repeating: nil, count: mapspace.architecture.levels.count)
        cachedOrder = Array(repeating: nil, count: mapspace.architecture.levels.count)
        projections = mapspace.einsum.tensors.map { TensorProjection($0, dimCount: mapspace.einsum.dims.count) }
        sizes = mapspace.architecture.levels.map(\.sizeWords)
        roles = mapspace.einsum.tensors.map(\.role)
        fixedKeep = mapspace.architecture.levels.flatMap { level in mapspace.einsum.tensors.map { level.keep.keeps($0) } }
        extentsScratch = Array(repeating: 1, count: mapspace.einsum.dims.count)
        autoAbove = (0..<mapspace.architecture.levels.count).map { l in (0..<l).contains { mapspace.keepChoices[$0].count > 1 } }
    }

    /// Which share of the complete tilings this search evaluates: tiling number `i` (in search
    /// order) belongs to part `i % parts`. Parts let one assignment spread over several threads;
    /// capacity pruning is counted by part 0 only, so statistics add up to the unsplit search.
    private var part = 0
    private var parts = 1
    private var tilingCounter = 0

    /// Searches every tiling (of this part) of the given spatial assignment (`[slot][dim]` factors).
    mutating func run(spatial assignment: [[Int]], part: Int = 0, of parts: Int = 1) {
        self.part = part
        self.parts = parts
        tilingCounter = 0
        spatial = assignment
        remaining = mapspace.einsum.dims.map(\.bound)
        for slot in assignment { for d in 0..<dimCount { remaining[d] /= slot[d] } }
        for l in 0..<levelCount { for d in 0..<dimCount { temporal[l][d] = 1 } }
        scratch = mapping(orders: Array(repeating: [], count: levelCount))
        chooseLevel(levelCount - 1)
    }

    private mutating func chooseLevel(_ level: Int) {
        if level == 0 {
            for d in 0..<dimCount where !mapspace.temporalFits(0, d, remaining[d]) { return }
            for d in 0..<dimCount { temporal[0][d] = remaining[d] }
            for choice in mapspace.keepChoices[0] {
                keep[0] = choice
                if fits(0) {
                    tilingCounter += 1
                    if (tilingCounter - 1) % parts == part { evaluateTiling() }
                } else if part == 0 {
                    stats.prunedCapacity += 1
                }
            }
            for d in 0..<dimCount { temporal[0][d] = 1 }
            return
        }
        for choice in mapspace.keepChoices[level] {
            keep[level] = choice
            chooseDim(level, 0)
        }
    }

    private mutating func chooseDim(_ level: Int, _ d: Int) {
        if d == dimCount {
            // A level with no free dims never reached `place`: its tile (all inner loops) must still fit.
            guard fits(level) else { if part == 0 { stats.prunedCapacity += 1 }; return }
            cachedOrder[level] = nil // this level's tiling changed: its best order is found again
            chooseLevel(level - 1)
            cachedOrder[level] = nil
            return
        }
        let pin = mapspace.temporalPin[level][d]
        if pin > 0 {
            guard remaining[d] % pin == 0 else { return }
            place(level, d, pin)
            return
        }
        if !mapspace.temporalAllowed[level][d] {
            chooseDim(level, d + 1)
            return
        }
        let n = remaining[d]
        let divisors: [Int]
        if let cached = divisorCache[n] { divisors = cached } else {
            divisors = Mapspace.divisors(n)
            divisorCache[n] = divisors
        }
        for f in divisors {
            if !place(level, d, f) { break }
        }
    }

    /// Tries factor `f` for dim `d` at `level`; returns false when the tile overflows (so larger factors would too).
    @discardableResult
    private mutating func place(_ level: Int, _ d: Int, _ f: Int) -> Bool {
        temporal[level][d] = f
        remaining[d] /= f
        let ok = fits(level)
        if ok { chooseDim(level, d + 1) } else if part == 0 { stats.prunedCapacity += 1 }
        remaining[d] *= f
        temporal[level][d] = 1
        return ok
    }

    /// Whether the tiles the level keeps fit its capacity (dims not yet chosen count as 1).
    private mutating func fits(_ level: Int) -> Bool {
        guard let size = sizes[level] else { return true }
        for d in 0..<dimCount {
            var e = 1
            for l in level..<levelCount { e *= temporal[l][d] }
            extentsScratch[d] = e
        }
        for (s, slot) in mapspace.spatialSlots.enumerated() where slot.level >= level {
            for d in 0..<dimCount { extentsScratch[d] *= spatial[s][d] }
        }
        var used = 0
        for t in projections.indices where keeps(level, t) {
            used += projections[t].tileSize(extents: extentsScratch, row: 0)
            if used > size { return false }
        }
        return true
    }

    private func keeps(_ level: Int, _ t: Int) -> Bool {
        if level == 0 { return true }
        if let chosen = keep[level] { return chosen.contains(roles[t]) }
        return fixedKeep[level * roles.count + t]
    }

    private mutating func candidates(_ level: Int) -> (orders: [[Int]], permutations: Int) {
        var mask = 0
        for d in 0..<dimCount where temporal[level][d] > 1 { mask |= 1 << d }
        let key = level << 32 | mask
        if let cached = orderCache[key] { return cached }
        let dims = (0..<dimCount).filter { mask & (1 << $0) != 0 }
        let result = LoopOrders.canonical(dims: dims, prefix: mapspace.orderPrefix[level], relevantMasks: relevantMasks, slidingMasks: slidingMasks)
        orderCache[key] = result
        return result
    }

    private func mapping(orders: [[Int]]) -> Mapping {
        var levels: [LevelMapping] = []
        levels.reserveCapacity(levelCount)
        for level in 0..<levelCount {
            let loops = orders[level].map { Loop(dim: $0, factor: temporal[level][$0]) }
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

    private mutating func consider(_ candidate: Candidate) {
        if best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked first
    }

    /// Energy and cycles of the current tiling with the given orders, evaluated on a scratch
    /// mapping that is updated in place (no mapping is built per evaluation).
    private mutating func cost(_ orders: [[Int]], _ facts: TilingFacts) -> (energyPJ: Double, cycles: Int, computeCycles: Int) {
        stats.evaluated += 1
        fillScratch(orders)
        return context.cost(scratch, facts: facts)
    }

    private mutating func fillScratch(_ orders: [[Int]]) {
        for level in 0..<levelCount {
            scratch.levels[level].temporal.removeAll(keepingCapacity: true)
            for d in orders[level] { scratch.levels[level].temporal.append(Loop(dim: d, factor: temporal[level][d])) }
            scratch.levels[level].keep = keep[level]
        }
    }

    private mutating func evaluate(_ orders: [[Int]], _ facts: TilingFacts) -> Candidate {
        let c = cost(orders, facts)
        return Candidate(mapping: mapping(orders: orders), cost: c, objective: objective)
    }

    /// Chooses loop orders for the current tiling and keeps the best mapping.
    private mutating func evaluateTiling() {
        stats.tilings += 1
        var options: [[[Int]]] = []
        var fullOptions: [[[Int]]] = []
        var permutations = 1.0, classes = 1.0
        for level in 0..<levelCount {
            let c = candidates(level)
            fullOptions.append(c.orders)
            options.append(cachedOrder[level].map { [$0] } ?? c.orders)

            permutations *= Double(c.permutations)
            classes *= Double(c.orders.count)
        }
        stats.prunedEquivalentOrders += permutations - classes
        var choice = options.map { $0[0] }
        // Tile sizes, partitions and multicast groups do not depend on loop order: computed once.
        fillScratch(choice)
        let facts = context.facts(scratch)
        var current = cost(choice, facts)
        // Energy is a sum of per-level terms: pick each level's best order with the others fixed.
        // Those terms are refetches of tiles below the level whose innermost relevant loop lies in
        // it, each multiplied by the product of all loop factors outside the level, the same for
        // every term: so a level's best order does not depend on the outer levels and is kept
        // (cachedOrder) for every other completion of the same inner tiling, unless an outer keep
        // choice is still open.
        for level in 0..<levelCount where options[level].count > 1 {
            var bestHere = current
            var bestOrder = choice[level]
            for order in options[level].dropFirst() {
                choice[level] = order
                let c = cost(choice, facts)
                if c.energyPJ < bestHere.energyPJ { bestHere = c; bestOrder = order }
            }
            choice[level] = bestOrder
            current = bestHere
        }
        for level in 1..<max(levelCount, 1) where cachedOrder[level] == nil && !autoAbove[level] {
            cachedOrder[level] = choice[level]
        }
        if objective == .energy || current.cycles == current.computeCycles || classes == 1 {
            let candidate = Candidate(mapping: mapping(orders: choice), cost: current, objective: objective)
            consider(candidate)
            return
        }
        // Bandwidth-bound: orders trade energy for cycles; try every combination.
        options = fullOptions
        var best = Candidate(mapping: mapping(orders: choice), cost: current, objective: objective)
        var indices = [Int](repeating: 0, count: levelCount)
        while true {
            let c = evaluate((0..<levelCount).map { options[$0][indices[$0]] }, facts)
            if c.isBetter(than: best) { best = c }
            var l = levelCount - 1
            while l >= 0 {
                indices[l] += 1
                if indices[l] < options[l].count { break }
                indices[l] = 0
                l -= 1
            }
            if l < 0 { break }
        }
        consider(best)
    }
}
