/// Random sampling of a mapspace, for spaces too large even for the exact search: `budget` valid
/// mappings drawn with a seeded generator (the same seed gives the same result). The result is the
/// best sample, **not** a proven optimum.
public struct RandomSearch: Sendable {
    public let mapspace: Mapspace
    public let objective: Objective
    public let budget: Int
    public let seed: UInt64
    /// Stops sampling early (time limit, interrupt) and receives progress.
    public var control: SearchControl?

    /// `budget` is capped by the mapspace's size: drawing more samples than there are mappings
    /// cannot find anything new.
    public init(mapspace: Mapspace, objective: Objective = .edp, budget: Int, seed: UInt64, control: SearchControl? = nil) {
        self.mapspace = mapspace
        self.objective = objective
        let size = mapspace.size.total.rounded(.up)
        self.budget = size < Double(budget) ? max(1, Int(size)) : max(1, budget) // size < budget ≤ Int.max: Int(size) is exact
        self.seed = seed
        self.control = control
    }

    /// Draws until `budget` valid mappings were evaluated (or 50 × budget draws were tried).
    public func search() throws(MapperError) -> SearchResult {
        var generator = SplitMix64(seed: seed)
        let mapper = Mapper(mapspace: mapspace, objective: objective)
        let assignments = mapper.spatialAssignments().list
        guard !assignments.isEmpty else { throw MapperError(message: mapper.emptyReason(spatial: true)) }
        let context = EvaluationContext(einsum: mapspace.einsum, architecture: mapspace.architecture)
        let levelCount = mapspace.architecture.levels.count
        let dimCount = mapspace.einsum.dims.count
        var stats = SearchStatistics(mapspaceSize: mapspace.size)
        stats.spatialAssignments = assignments.count
        var best: Candidate?
        var draws = 0
        var divisorCache: [Int: [Int]] = [:]
        func divisors(_ n: Int) -> [Int] {
            if let cached = divisorCache[n] { return cached }
            let d = Mapspace.divisors(n)
            divisorCache[n] = d
            return d
        }
        var reported = 0
        let (most, overflow) = budget.multipliedReportingOverflow(by: 50)
        let maxDraws = overflow ? Int.max : most
        while stats.evaluated < budget && draws < maxDraws {
            draws += 1
            if let control, draws % 64 == 0 {
                control.addEvaluated(stats.evaluated - reported)
                reported = stats.evaluated
                if let best { control.offer(best: best.objective) }
                if control.shouldStop && best != nil { break }
            }
            let spatial = assignments[Int(generator.next() % UInt64(assignments.count))]
            var remaining = mapspace.einsum.dims.map(\.bound)
            for slot in spatial { for d in 0..<dimCount { remaining[d] /= slot[d] } }
            var temporal = [[Int]](repeating: [Int](repeating: 1, count: dimCount), count: levelCount)
            var feasible = true
            for level in stride(from: levelCount - 1, through: 0, by: -1) {
                for d in 0..<dimCount {
                    let options = level == 0 ? [remaining[d]]
                        : divisors(remaining[d]).filter { mapspace.temporalFits(level, d, $0) }
                    guard let f = options.isEmpty ? nil : options[Int(generator.next() % UInt64(options.count))],
                          mapspace.temporalFits(level, d, f) else { feasible = false; break }
                    temporal[level][d] = f
                }
                // Shrink the level's factors until its tile (and every inner one) fits: drawing
                // blindly would overflow most of the time on tight designs.
                while feasible && level > 0 && overflows(from: level, temporal: temporal, remaining: remaining, spatial: spatial) {
                    let shrinkable = (0..<dimCount).filter { d in
                        divisors(temporal[level][d]).contains { $0 < temporal[level][d] && mapspace.temporalFits(level, d, $0) }
                    }
                    guard !shrinkable.isEmpty else { feasible = false; break }
                    let d = shrinkable[Int(generator.next() % UInt64(shrinkable.count))]
                    let smaller = divisors(temporal[level][d]).filter { $0 < temporal[level][d] && mapspace.temporalFits(level, d, $0) }
                    temporal[level][d] = smaller[Int(generator.next() % UInt64(smaller.count))]
                }
                if !feasible { break }
                for d in 0..<dimCount { remaining[d] /= temporal[level][d] }
            }
            guard feasible else { continue }
            let levels = levelMappings(temporal: temporal, spatial: spatial, generator: &generator)
            let mapping = Mapping(levels: levels)
            guard mapping.validate(for: mapspace.einsum, on: mapspace.architecture).isEmpty else {
                stats.prunedCapacity += 1
                continue
            }
            stats.evaluated += 1
            let candidate = Candidate(mapping: mapping, cost: context.cost(mapping), objective: objective)
            if best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked first
        }
        guard let best else { throw MapperError(message: "random search drew \(draws) mappings and none was valid; try the exhaustive search or a larger budget") }
        return SearchResult(mapping: best.mapping, evaluation: context.evaluate(best.mapping), statistics: stats, provenOptimal: false, lowerBound: nil, objective: objective)
    }

    /// Whether the mapping with these factors at `level` and inward, the rest of every dim at the
    /// outermost level, breaks a capacity (or another per-level rule) at `level` or inside it.
    func overflows(from level: Int, temporal: [[Int]], remaining: [Int], spatial: [[Int]]) -> Bool {
        var factors = temporal
        for l in 1..<level { factors[l] = [Int](repeating: 1, count: factors[l].count) }
        factors[0] = remaining.indices.map { remaining[$0] / temporal[level][$0] }
        var generator = SplitMix64(seed: 0)
        let mapping = Mapping(levels: levelMappings(temporal: factors, spatial: spatial, generator: &generator, shuffle: false))
        let inner = Set(mapspace.architecture.levels[level...].map(\.name))
        return mapping.validate(for: mapspace.einsum, on: mapspace.architecture).contains { $0.level.map(inner.contains) ?? false }
    }

    /// Per level: its temporal loops in a random order (respecting `order` prefixes), its spatial
    /// loops, and a random keep choice (first choice when not shuffling).
    func levelMappings(temporal: [[Int]], spatial: [[Int]], generator: inout SplitMix64, shuffle: Bool = true) -> [LevelMapping] {
        let dimCount = mapspace.einsum.dims.count
        var levels: [LevelMapping] = []
        for level in 0..<temporal.count {
            var dims = (0..<dimCount).filter { temporal[level][$0] > 1 }
            if shuffle {
                for i in stride(from: dims.count - 1, to: 0, by: -1) { dims.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
            }
            let prefix = mapspace.orderPrefix[level].filter { dims.contains($0) }
            dims = prefix + dims.filter { !prefix.contains($0) }
            var spatialLoops: [SpatialLoop] = []
            for (s, slot) in mapspace.spatialSlots.enumerated() where slot.level == level {
                for d in 0..<dimCount where spatial[s][d] > 1 { spatialLoops.append(SpatialLoop(dim: d, factor: spatial[s][d], axis: slot.axis)) }
            }
            let choices = mapspace.keepChoices[level]
            levels.append(LevelMapping(temporal: dims.map { Loop(dim: $0, factor: temporal[level][$0]) }, spatial: spatialLoops,
                                       keep: choices[shuffle ? Int(generator.next() % UInt64(choices.count)) : 0]))
        }
        return levels
    }
}

/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a small seeded generator, so random search and property tests reproduce from their seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
