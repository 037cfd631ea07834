import Dispatch

/// Counts that say what the search covered.
public struct SearchStatistics: Hashable, Sendable {
    public var mapspaceSize: Mapspace.Size
    /// Spatial assignments (per fan-out axis, one loop per dim in canonical order) that were searched.
    public var spatialAssignments = 0
    /// Spatial loop orderings skipped as symmetric (they cost the same as the canonical one).
    public var prunedSymmetricSpatial = 0.0
    /// Spatial assignments below `min_utilization`.
    public var prunedUtilization = 0
    /// Spatial assignments whose lower bound (fixed compute cycles, compulsory traffic) exceeds the
    /// optimum of the most promising assignment.
    public var prunedByBound = 0
    /// Partial tilings whose tile overflowed a level, each cutting off every larger tile of the same dims.
    public var prunedCapacity = 0
    /// Complete tilings (factors and keep choices) searched.
    public var tilings = 0
    /// Loop orders skipped because an equivalent order (same reuse for every tensor) was evaluated.
    public var prunedEquivalentOrders = 0.0
    /// Full cost-model evaluations.
    public var evaluated = 0

    mutating func add(_ o: SearchStatistics) {
        spatialAssignments += o.spatialAssignments
        prunedSymmetricSpatial += o.prunedSymmetricSpatial
        prunedUtilization += o.prunedUtilization
        prunedByBound += o.prunedByBound
        prunedCapacity += o.prunedCapacity
        tilings += o.tilings
        prunedEquivalentOrders += o.prunedEquivalentOrders
        evaluated += o.evaluated
    }
}

/// The best mapping found, with what the search covered.
public struct SearchResult: Sendable {
    public var mapping: Mapping
    public var evaluation: Evaluation
    public var statistics: SearchStatistics
    /// Whether the result is the proven optimum of the mapspace (false for random search).
    public var provenOptimal: Bool
}

/// Why a search found nothing.
public struct MapperError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Exact search of a ``Mapspace``: every tiling that fits is visited; loop orders are reduced to one
/// per reuse-equivalence class, and the best order of each level is chosen level by level, which is
/// exact because energy is a sum of terms each depending on one level's order (``LoopOrders``).
/// When the energy-best orders leave a level bandwidth-bound, every combination of the remaining
/// orders is evaluated. Parallel over fixed shares of the spatial assignments; the result does not
/// depend on `threads`.
public struct Mapper: Sendable {
    public let mapspace: Mapspace
    public let objective: Objective
    public let threads: Int

    public init(mapspace: Mapspace, objective: Objective = .edp, threads: Int = 1) {
        self.mapspace = mapspace
        self.objective = objective
        self.threads = max(1, threads)
    }

    /// Runs the search.
    public func search() throws(MapperError) -> SearchResult {
        let assignments = spatialAssignments()
        var stats = SearchStatistics(mapspaceSize: mapspace.size)
        stats.prunedUtilization = assignments.pruned
        stats.prunedSymmetricSpatial = assignments.symmetric
        let items = assignments.list
        stats.spatialAssignments = items.count
        guard !items.isEmpty else { throw MapperError(message: emptyReason(spatial: true)) }
        let context = EvaluationContext(einsum: mapspace.einsum, architecture: mapspace.architecture)
        // Branch and bound over spatial assignments, deterministic for any thread count: search the
        // assignment with the lowest bound first; its optimum prunes every assignment whose bound exceeds it.
        let bounder = SpatialBound(mapspace: mapspace)
        let bounds = items.map { bounder.bound($0, objective: objective) ?? 0 }
        let first = bounds.indices.min { (bounds[$0], $0) < (bounds[$1], $1) } ?? 0 // invariant: items non-empty
        let seed = searchInParallel([items[first]], context: context)
        stats.add(seed.stats)
        var rest = items
        if let incumbent = seed.best {
            let limit = incumbent.objective * (1 + 1e-9)
            let kept = items.indices.filter { $0 != first && bounds[$0] <= limit }
            stats.prunedByBound = items.count - 1 - kept.count
            rest = kept.map { items[$0] }
        } else {
            rest.remove(at: first)
        }
        let others = searchInParallel(rest, context: context)
        stats.add(others.stats)
        var best = seed.best
        if let candidate = others.best, best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked
        guard let best else { throw MapperError(message: emptyReason(spatial: false)) }
        return SearchResult(mapping: best.mapping, evaluation: context.evaluate(best.mapping), statistics: stats, provenOptimal: true)
    }

    /// Every share of a tiling search (spatial assignments × ``partsPerAssignment``), handed out
    /// dynamically to the threads. The best candidate and the summed statistics do not depend on
    /// how many threads there are or which thread ran which share.
    static let partsPerAssignment = 2

    func searchInParallel(_ assignments: [[[Int]]], context: EvaluationContext) -> (best: Candidate?, stats: SearchStatistics) {
        let parts = Self.partsPerAssignment
        let shares = assignments.count * parts
        var stats = SearchStatistics(mapspaceSize: .zero)
        guard shares > 0 else { return (nil, stats) }
        let threadCount = max(1, min(threads, shares))
        let box = ResultBox(count: threadCount)
        let queue = DispatchQueue(label: "dfsim.mapper.shares")
        nonisolated(unsafe) var next = 0
        DispatchQueue.concurrentPerform(iterations: threadCount) { worker in
            var search = TilingSearch(mapspace: mapspace, context: context, objective: objective)
            while true {
                let share = queue.sync { () -> Int in
                    defer { next += 1 }
                    return next
                }
                guard share < shares else { break }
                search.run(spatial: assignments[share / parts], part: share % parts, of: parts)
            }
            box.store(worker, search.best, search.stats)
        }
        var best: Candidate?
        for worker in 0..<threadCount {
            let (candidate, s) = box.load(worker)
            stats.add(s)
            if let candidate, best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked
        }
        return (best, stats)
    }

    /// Spatial factors per slot (`[slot][dim]`), canonical (one loop per dim per axis).
    func spatialAssignments() -> (list: [[[Int]]], pruned: Int, symmetric: Double) {
        let ms = mapspace
        let dimCount = ms.einsum.dims.count
        var list: [[[Int]]] = []
        var pruned = 0
        var symmetric = 0.0
        var current = [[Int]](repeating: [Int](repeating: 1, count: dimCount), count: ms.spatialSlots.count)
        var remaining = ms.einsum.dims.map(\.bound)
        let totalPEs = Double(ms.architecture.totalPEs)
        func finish() {
            // Pinned spatial products per level.
            for (level, pins) in ms.spatialPin.enumerated() {
                for (d, pin) in pins.enumerated() where pin > 1 {
                    let product = ms.spatialSlots.indices.filter { ms.spatialSlots[$0].level == level }
                        .reduce(1) { $0 * current[$1][d] }
                    if product != pin { return }
                }
            }
            let used = current.reduce(1) { $0 * $1.reduce(1, *) }
            if Double(used) < ms.minUtilization * totalPEs - 1e-9 { pruned += 1; return }
            list.append(current)
            for slotFactors in current {
                let loops = slotFactors.filter { $0 > 1 }.count
                symmetric += Mapspace.factorial(loops) - 1
            }
        }
        func recurse(slot: Int, dim: Int, used: Int) {
            if slot == ms.spatialSlots.count { finish(); return }
            if dim == dimCount { recurse(slot: slot + 1, dim: 0, used: 1); return }
            let s = ms.spatialSlots[slot]
            recurse(slot: slot, dim: dim + 1, used: used)
            guard s.allowed[dim], ms.spatialPin[s.level][dim] != 1 else { return }
            for f in Mapspace.divisors(remaining[dim]) where f > 1 {
                if used * f > s.size { break }
                current[slot][dim] = f
                remaining[dim] /= f
                recurse(slot: slot, dim: dim + 1, used: used * f)
                remaining[dim] *= f
                current[slot][dim] = 1
            }
        }
        recurse(slot: 0, dim: 0, used: 1)
        return (list, pruned, symmetric)
    }

    func emptyReason(spatial: Bool) -> String {
        if spatial && mapspace.minUtilization > 0 {
            return "the mapspace is empty: no spatial assignment reaches min_utilization \(mapspace.minUtilization)"
                + " (at most \(bestSpatialUse()) of \(mapspace.architecture.totalPEs) PEs can be used under the spatial constraints)"
        }
        let ms = mapspace
        let names = ms.einsum.dimNames
        // A dim that no temporal level may take and no spatial slot can absorb.
        for (d, dim) in ms.einsum.dims.enumerated() where dim.bound > 1 {
            let temporal = ms.architecture.levels.indices.contains { ms.temporalAllowed[$0][d] && ms.temporalPin[$0][d] != 1 }
            let spatialRoom = ms.spatialSlots.filter { $0.allowed[d] }.reduce(1) { $0 * $1.size }
            if !temporal && spatialRoom < dim.bound {
                return "the mapspace is empty: dim '\(dim.name)' (\(dim.bound)) is excluded from every level by 'only' or pinned factors, and the fan-outs allowed for it hold \(spatialRoom)"
            }
        }
        // A level that cannot hold even its smallest tiles (pinned factors only).
        for (index, level) in ms.architecture.levels.enumerated() {
            guard let size = level.sizeWords else { continue }
            var extents = [Int](repeating: 1, count: names.count)
            for l in index..<ms.architecture.levels.count {
                for d in names.indices where ms.temporalPin[l][d] > 1 { extents[d] *= ms.temporalPin[l][d] }
            }
            let kept = ms.einsum.tensors.filter { index == 0 || level.keep.keeps($0) }
            let words = kept.reduce(0) { $0 + $1.tileSize(extents: extents) }
            if words > size {
                return "the mapspace is empty: level '\(level.name)' holds \(size) words, but its smallest tiles (pinned factors only) need \(words)"
            }
        }
        return "the mapspace is empty: no tiling fits every level's capacity under the pinned factors and 'only' constraints"
            + " (check the innermost levels' sizes and the constraints that force loops onto them)"
    }

    /// The most PEs any spatial assignment can use under the constraints (ignoring min_utilization).
    func bestSpatialUse() -> Int {
        var relaxed = mapspace
        relaxed.minUtilization = 0
        let list = Mapper(mapspace: relaxed).spatialAssignments().list
        return list.map { $0.reduce(1) { $0 * $1.reduce(1, *) } }.max() ?? 0
    }
}

/// Per-thread results, written at distinct indices only.
private final class ResultBox: @unchecked Sendable {
    private var candidates: [Candidate?]
    private var stats: [SearchStatistics]
    init(count: Int) {
        candidates = Array(repeating: nil, count: count)
        stats = Array(repeating: SearchStatistics(mapspaceSize: .zero), count: count)
    }
    func store(_ i: Int, _ c: Candidate?, _ s: SearchStatistics) {
        candidates[i] = c
        stats[i] = s
    }
    func load(_ i: Int) -> (Candidate?, SearchStatistics) { (candidates[i], stats[i]) }
}
