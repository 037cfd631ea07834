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
    /// Spatial assignments skipped because they swap the x and y loops of a 2-D fan-out of another
    /// assignment (``Mapper/withoutAxisTwins(_:)``): every tiling costs the same under both.
    public var prunedAxisTwins = 0
    /// Full cost-model evaluations.
    public var evaluated = 0
    /// Partial tilings (inner levels fixed) whose lower bound exceeds the best objective known,
    /// each cutting off every completion of its outer levels.
    public var prunedPartial = 0
    /// Partial tilings of inner levels dominated by an earlier one that hands the same tile outward
    /// and costs no more in any term (energy objective), each cutting off all its completions.
    public var prunedDominated = 0

    mutating func add(_ o: SearchStatistics) {
        spatialAssignments += o.spatialAssignments
        prunedSymmetricSpatial += o.prunedSymmetricSpatial
        prunedUtilization += o.prunedUtilization
        prunedByBound += o.prunedByBound
        prunedCapacity += o.prunedCapacity
        tilings += o.tilings
        prunedEquivalentOrders += o.prunedEquivalentOrders
        evaluated += o.evaluated
        prunedPartial += o.prunedPartial
        prunedAxisTwins += o.prunedAxisTwins
        prunedDominated += o.prunedDominated
    }
}

/// The best mapping found, with what the search covered and how far from optimal it can be.
public struct SearchResult: Sendable {
    public var mapping: Mapping
    public var evaluation: Evaluation
    public var statistics: SearchStatistics
    /// Whether the result is the proven optimum of the mapspace: the search completed (false for
    /// random search and for a search stopped by a time limit or an interrupt).
    public var provenOptimal: Bool
    /// A proven lower bound on the objective of every mapping in the mapspace (`nil`: none, as for
    /// random search). Equal to the result's objective when `provenOptimal`.
    public var lowerBound: Double?
    /// The objective searched for.
    public var objective: Objective

    /// How far the result can be from the optimum: (objective − bound) / objective, in [0, 1];
    /// 0 when proven optimal, `nil` without a bound.
    public var gap: Double? {
        if provenOptimal { return 0 }
        guard let lowerBound else { return nil }
        let value = objective.value(evaluation)
        guard value > 0 else { return 0 }
        return min(1, max(0, (value - lowerBound) / value))
    }
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
    /// Stops the search early (deadline, interrupt) and receives live progress; `nil`: run to the end.
    public var control: SearchControl?
    /// Whether partial tilings are bounded (``TilingSearch/partialBound(from:)``); off only to
    /// compare against the unpruned search in tests.
    public var bounding = true
    /// The first aspiration step above the least assignment bound (``aspirationLimits(from:firstStep:)``);
    /// tests take small steps to make many passes fail.
    var aspirationStep = 0.02
    /// Tests: these limits instead of ``aspirationLimits(from:firstStep:)``'s.
    var aspirationLimitsOverride: [Double]?
    /// A mapping of this mapspace already known (the best of an earlier, stopped search of the
    /// same layer): the final pass is limited by its cost as soon as that is at most the next
    /// aspiration limit, and it is returned if the search stops before finding a better one. A
    /// search that completes returns what it would without it (``finalLimit(spare:fallback:)``).
    public var incumbent: Mapping?

    public init(mapspace: Mapspace, objective: Objective = .edp, threads: Int = 1, control: SearchControl? = nil) {
        self.mapspace = mapspace
        self.objective = objective
        self.threads = max(1, threads)
        self.control = control
    }

    /// Runs the search: to completion (the proven optimum), or until `control` asks it to stop
    /// (the best mapping so far, with a proven lower bound).
    public func search() throws(MapperError) -> SearchResult {
        let assignments = spatialAssignments()
        var stats = SearchStatistics(mapspaceSize: mapspace.size)
        stats.prunedUtilization = assignments.pruned
        stats.prunedSymmetricSpatial = assignments.symmetric
        let (items, twins) = withoutAxisTwins(assignments.list)
        stats.spatialAssignments = items.count
        stats.prunedAxisTwins = twins
        guard !items.isEmpty else { throw MapperError(message: emptyReason(spatial: true)) }
        let context = EvaluationContext(einsum: mapspace.einsum, architecture: mapspace.architecture)
        // Branch and bound over spatial assignments, deterministic for any thread count: the
        // assignments are searched by ascending bound in batches of fixed sizes (1, 4, 8, … 64);
        // the best mapping of the batches before prunes every assignment whose bound exceeds it,
        // and every subtree inside the next batch whose partial bound does (``TilingSearch``).
        // Until a mapping is found, an aspiration limit a little above the least bound stands in
        // for it (``aspirationLimits(from:firstStep:)``), so pruning bites from the first assignment on.
        let bounder = SpatialBound(mapspace: mapspace)
        let refetchTable = bounding ? RefetchTable.build(mapspace: mapspace, context: context, objective: objective, assignment: items[0]) : nil
        // Two valid bounds per assignment, the larger kept: the spatial bound, and the tiling
        // search's with no level fixed (refetches forced by capacities, the innermost loop), which
        // is sharper but costs more: computed in parallel, in chunks, until a stop is requested.
        var bounds = items.map { bounder.bound($0, objective: objective) ?? 0 }
        var start = 0
        while start < items.count && !(control?.shouldStop ?? false) {
            let end = min(items.count, start + 256)
            let values = assignmentBounds(Array(items[start..<end]), context: context, refetchTable: refetchTable)
            for i in start..<end { bounds[i] = max(bounds[i], values[i - start]) }
            start = end
        }
        var order = items.indices.sorted { (bounds[$0], $0) < (bounds[$1], $1) }
        var best: Candidate?
        var finished = [Bool](repeating: false, count: items.count)
        var stopped = false
        control?.setBound(bounds[order[0]])
        // A search that can be stopped needs a mapping to return even when the stop comes before
        // its first one (a huge layer can take minutes to reach it): a few random valid mappings,
        // drawn with a fixed seed, kept aside. Only a search stopped without a mapping of its own
        // returns it (with the proven bound), so complete searches return exactly what they did.
        let fallback: Candidate? = control == nil ? nil : (try? RandomSearch(mapspace: mapspace, objective: objective,
                                                                               budget: 16, seed: 1).search()).map { r in
            Candidate(mapping: r.mapping, cost: (r.evaluation.energyPJ, r.evaluation.cycles, r.evaluation.computeCycles),
                      objective: objective)
        }
        // Passes with rising aspiration limits (``aspirationLimits(from:firstStep:)``): a pass searches only what
        // could cost at most its limit; one that finds nothing proves every assignment it covered
        // costs more (their bounds rise to the limit) and the next, larger limit is tried. The
        // last pass is final: its limit is the cost of a mapping already known (``finalLimit``),
        // or none.
        var limits = bounding ? aspirationLimitsOverride ?? Self.aspirationLimits(from: bounds[order[0]], firstStep: aspirationStep) : []
        limits.append(.infinity)
        let last = limits.count - 1
        // A bounded run gives the passes half its time while they find nothing, then goes on to
        // the unlimited pass, which finds mappings to return.
        if let seconds = control?.secondsLeft { control?.setPassDeadline(secondsFromNow: seconds / 2) }
        var pass = 0
        var spare: Candidate? = incumbent.map { mapping in
            let e = context.evaluate(mapping)
            return Candidate(mapping: mapping, cost: (e.energyPJ, e.cycles, e.computeCycles), objective: objective)
        }
        // A known mapping within the first limit makes every aspiration pass useless.
        if let spare, last > 0, spare.objective <= limits[0] {
            limits[last] = spare.objective
            pass = last
        }
        while pass < limits.count && !stopped {
            let limit = limits[pass]
            let isFinal = pass == last
            for i in finished.indices { finished[i] = false }
            stats.prunedByBound = 0
            var position = 0
            var batchSize = 1
            var abandoned = false
            while position < order.count && !stopped {
                let threshold = min(best?.objective ?? .infinity, limit)
                if bounds[order[position]] > threshold * (1 + 1e-9) {
                    // Sorted by bound: every assignment left is ruled out.
                    stats.prunedByBound = order.count - position
                    for i in order[position...] { finished[i] = true }
                    break
                }
                var batch: [Int] = []
                while batch.count < batchSize && position < order.count && bounds[order[position]] <= threshold * (1 + 1e-9) {
                    batch.append(order[position])
                    position += 1
                }
                let outcome = searchInParallel(batch.map { items[$0] }, context: context, refetchTable: refetchTable, threshold: threshold,
                                               mustFind: best == nil && fallback == nil && isFinal,
                                               inAspirationPass: !isFinal)
                stats.add(outcome.stats)
                if let candidate = outcome.best {
                    // A mapping above the pass's limit (its bounds were below it) is no threshold:
                    // subtrees bounded above the limit were cut, and might hold a better one. It
                    // is kept aside, to return if the run stops before a mapping at most the limit.
                    if candidate.objective <= limit * (1 + 1e-9) {
                        if best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked
                    } else if spare == nil || candidate.isBetter(than: spare!) { // invariant: nil checked
                        spare = candidate
                    }
                }
                for (k, i) in batch.enumerated() {
                    // Searched to the end under `threshold`: covered by `best` once the pass has
                    // one (nothing in it beats `best`: `threshold` was `limit` ≥ `best` or `best`
                    // itself); until then, it has no mapping costing at most `limit` (every
                    // subtree pruned had a bound above it), so its bound rises to `limit`.
                    finished[i] = outcome.complete[k]
                    if outcome.complete[k] && best == nil { bounds[i] = max(bounds[i], limit) }
                }
                if outcome.complete.contains(false) {
                    // Stopped by the pass deadline alone: the unlimited pass starts over.
                    if !isFinal && !(control?.shouldStop ?? false) { abandoned = true; break }
                    stopped = true
                }
                batchSize = min(64, batchSize == 1 ? 4 : batchSize * 2)
                control?.setBound(min(best?.objective ?? .infinity, openBound(bounds, finished: best == nil ? nil : finished) ?? .infinity))
            }
            if abandoned {
                limits[last] = Self.finalLimit(spare: spare, fallback: fallback)
                pass = last
            } else if best != nil {
                break // the pass that found a mapping completed the search (or was stopped)
            } else if !stopped {
                // Every assignment's bound is now at least `limit`: searched ones were raised to
                // it, the others were above it. The next pass visits them by their new bounds.
                for i in bounds.indices { bounds[i] = max(bounds[i], limit) }
                order = items.indices.sorted { (bounds[$0], $0) < (bounds[$1], $1) }
                // A mapping known to cost at most the next limit ends the passes: the final pass
                // with its cost as the limit cannot fail.
                let known = Self.finalLimit(spare: spare, fallback: fallback)
                if pass + 1 < last && known <= limits[pass + 1] {
                    limits[last] = known
                    pass = last
                } else {
                    if pass + 1 == last { limits[last] = known }
                    pass += 1
                }
            } else if fallback == nil && spare == nil && !isFinal {
                stopped = false // nothing to return yet: go on to the final pass, which must find one
                pass = last
            }
        }
        control?.setPassDeadline(secondsFromNow: nil)
        let found = best != nil
        let kept = [spare, fallback].compactMap { $0 }.min { $0.isBetter(than: $1) }
        // A final pass limited by a known mapping finds one (that mapping, if nothing better).
        guard let best = best ?? (stopped || limits[last] < .infinity ? kept : nil) else {
            throw MapperError(message: emptyReason(spatial: false))
        }
        // What no finished assignment covers is bounded by its bound (by every bound when the
        // mapping is the fallback: then no assignment is covered).
        let open = openBound(bounds, finished: found ? finished : nil)
        let complete = open == nil
        let lowerBound = complete ? best.objective : min(best.objective, open ?? best.objective)
        return SearchResult(mapping: best.mapping, evaluation: context.evaluate(best.mapping), statistics: stats,
                            provenOptimal: complete, lowerBound: lowerBound, objective: objective)
    }

    /// The limit of the final pass: the cost of the best mapping known so far (one found above an
    /// aspiration pass's limit, or the fallback), or none. Exact for the same reason as the
    /// aspiration passes (``aspirationLimits(from:firstStep:)``): the limit is at least the
    /// optimum, so no subtree holding the optimum (or a tie) is pruned.
    static func finalLimit(spare: Candidate?, fallback: Candidate?) -> Double {
        min(spare?.objective ?? .infinity, fallback?.objective ?? .infinity)
    }

    /// The least bound of the assignments not covered by the best mapping: those not `finished`,
    /// or all of them when there is no covering mapping (`finished` nil); nil when none is open.
    func openBound(_ bounds: [Double], finished: [Bool]?) -> Double? {
        guard let finished else { return bounds.min() }
        return bounds.indices.filter { !finished[$0] }.map { bounds[$0] }.min()
    }

    /// The aspiration limits of the passes before the unlimited one, from the least assignment
    /// bound `root`: `firstStep` above it, then each step twice the last, up to 75 % above it
    /// (2 %, 6 %, 15 %, 33 %, 75 % for the default 0.02).
    ///
    /// Why it stays exact: a pass with limit `T` prunes every subtree whose bound exceeds
    /// `min(T, best)`. If the optimum costs at most `T`, no subtree holding it or a tie is pruned,
    /// so the pass ends with the same optimum (and tie-break) as an unlimited search. If the pass
    /// finds nothing, every mapping costs more than `T`: a valid lower bound, and the next pass
    /// starts over with a larger limit. The last pass has none. The passes only decide how early
    /// the search holds a threshold close to the optimum (a low threshold prunes from the first
    /// assignment on), and the result does not depend on them.
    static func aspirationLimits(from root: Double, firstStep: Double = 0.02) -> [Double] {
        guard root > 0, root.isFinite, firstStep > 0 else { return [] }
        var limits: [Double] = []
        var limit = root, step = firstStep
        while step <= 0.32 + 1e-12 {
            limit *= 1 + step
            limits.append(limit)
            step *= 2
        }
        return limits
    }

    /// ``TilingSearch/assignmentBound(_:)`` of each assignment (0 where there is none), computed
    /// on up to `threads` threads, each with its own search.
    func assignmentBounds(_ items: [[[Int]]], context: EvaluationContext, refetchTable: RefetchTable?) -> [Double] {
        guard !items.isEmpty else { return [] }
        let workers = max(1, min(threads, items.count))
        let box = BoundBox(count: items.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var search = TilingSearch(mapspace: mapspace, context: context, objective: objective)
            search.refetchTable = refetchTable
            for i in stride(from: worker, to: items.count, by: workers) {
                box.set(i, search.assignmentBound(items[i]).map { objective.value(energyPJ: $0.energyPJ, cycles: $0.cycles) } ?? 0)
            }
        }
        return box.values
    }

    /// Every share of a tiling search (spatial assignments × ``partsPerAssignment``), handed out
    /// dynamically to the threads. The best candidate and the summed statistics do not depend on
    /// how many threads there are or which thread ran which share. `complete[k]`: every share of
    /// assignment `k` ran to the end (not stopped by `control`).
    static let partsPerAssignment = 2

    func searchInParallel(_ assignments: [[[Int]]], context: EvaluationContext, refetchTable: RefetchTable?, threshold: Double, mustFind: Bool,
                          inAspirationPass: Bool = false)
        -> (best: Candidate?, stats: SearchStatistics, complete: [Bool]) {
        let parts = Self.partsPerAssignment
        let shares = assignments.count * parts
        var stats = SearchStatistics(mapspaceSize: .zero)
        guard shares > 0 else { return (nil, stats, []) }
        let threadCount = max(1, min(threads, shares))
        let box = ResultBox(count: threadCount, shares: shares)
        let queue = DispatchQueue(label: "dfsim.mapper.shares")
        nonisolated(unsafe) var next = 0
        DispatchQueue.concurrentPerform(iterations: threadCount) { worker in
            var search = TilingSearch(mapspace: mapspace, context: context, objective: objective)
            search.threshold = threshold
            search.refetchTable = refetchTable
            search.bounding = bounding
            search.control = control
            search.mustFind = mustFind
            search.inAspirationPass = inAspirationPass
            while true {
                let share = queue.sync { () -> Int in
                    defer { next += 1 }
                    return next
                }
                guard share < shares else { break }
                search.run(spatial: assignments[share / parts], part: share % parts, of: parts)
                box.setComplete(share, !search.stopped)
            }
            search.flushProgress()
            box.store(worker, search.best, search.stats)
        }
        var best: Candidate?
        for worker in 0..<threadCount {
            let (candidate, s) = box.load(worker)
            stats.add(s)
            if let candidate, best == nil || candidate.isBetter(than: best!) { best = candidate } // invariant: nil checked
        }
        let complete = assignments.indices.map { k in (0..<parts).allSatisfy { box.isComplete(k * parts + $0) } }
        return (best, stats, complete)
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
        // The outermost level holds every tensor whole.
        if let outer = ms.architecture.levels.first, let size = outer.sizeWords {
            let words = ms.einsum.tensors.map { ms.einsum.footprint(of: $0) }
            if words.reduce(0, +) > size {
                let parts = zip(ms.einsum.tensors, words).map { "\($0.role.rawValue) \($1)" }.joined(separator: ", ")
                return "the mapspace is empty: the outermost level '\(outer.name)' holds \(size) words, but the layer's tensors need \(words.reduce(0, +)) (\(parts))"
            }
        }
        // A level that cannot hold even its smallest tiles (pinned factors only).
        for (index, level) in ms.architecture.levels.enumerated() where index > 0 {
            guard let size = level.sizeWords else { continue }
            var extents = [Int](repeating: 1, count: names.count)
            for l in index..<ms.architecture.levels.count {
                for d in names.indices where ms.temporalPin[l][d] > 1 { extents[d] *= ms.temporalPin[l][d] }
            }
            let kept = ms.einsum.tensors.filter { level.keep.keeps($0) }
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

/// Assignment bounds, each written at its own index by one thread.
private final class BoundBox: @unchecked Sendable {
    private(set) var values: [Double]
    init(count: Int) { values = Array(repeating: 0, count: count) }
    func set(_ i: Int, _ value: Double) { values[i] = value }
}

/// Per-thread results and per-share completion, each written at distinct indices only.
private final class ResultBox: @unchecked Sendable {
    private var candidates: [Candidate?]
    private var stats: [SearchStatistics]
    private var complete: [Bool]
    init(count: Int, shares: Int) {
        candidates = Array(repeating: nil, count: count)
        stats = Array(repeating: SearchStatistics(mapspaceSize: .zero), count: count)
        complete = Array(repeating: false, count: shares)
    }
    func setComplete(_ share: Int, _ value: Bool) { complete[share] = value }
    func isComplete(_ share: Int) -> Bool { complete[share] }
    func store(_ i: Int, _ c: Candidate?, _ s: SearchStatistics) {
        candidates[i] = c
        stats[i] = s
    }
    func load(_ i: Int) -> (Candidate?, SearchStatistics) { (candidates[i], stats[i]) }
}
