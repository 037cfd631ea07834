/// One worker's depth-first search over the temporal tilings of one spatial assignment.
///
/// Levels are filled innermost first, dims in order, factors ascending: a tile only grows with its
/// factors, so the first factor that overflows a level cuts off all larger ones.
struct TilingSearch {
    let mapspace: Mapspace
    let context: EvaluationContext
    let objective: Objective
    /// Whether the bounds compute cycles beyond the compute cycles (a valid bound on their own):
    /// not for the energy objective, which does not count them.
    let boundsCycles: Bool
    var best: Candidate?
    var stats: SearchStatistics
    let relevantMasks: [UInt64]
    let slidingMasks: [UInt64]
    /// The order classes of a level per set of dims with a factor > 1 there (key `level << 32 | mask`).
    var orderCache: [Int: OrderClasses] = [:]
    /// Spatial factors of the current assignment, `[slot][dim]`.
    var spatial: [[Int]] = []
    /// `temporal[level * dims + d]`: the current temporal factors (1 for dims not chosen yet).
    var temporal: [Int]
    var keep: [[TensorRole]?]
    /// `keepFlags[level * tensors + t]` for the current keep choices.
    var keepFlags: [Bool]
    var remaining: [Int] = []
    let levelCount: Int
    let dimCount: Int
    let tensorCount: Int
    /// The index (in its level's order classes) of the best order of each level found for the
    /// current tiling of that level and the levels inside it, reused by later completions of the
    /// same inner tiling (see `evaluateTiling`); −1 until found.
    var cachedOrder: [Int]
    /// `autoAbove[l]`: some level outside `l` has an open keep choice, so `l`'s best order may
    /// depend on it and is chosen only once the tiling is complete.
    let autoAbove: [Bool]
    /// The current tiling's order classes per level, and the class chosen for each level.
    var levelClasses: [OrderClasses]
    /// Per level: how many order classes `levelClasses` holds, and where their signatures start in
    /// `signatureTable` (per class: each tensor's trailing mask, then the innermost dim).
    var classCount: [Int]
    var signatureBase: [Int]
    /// The signatures of every order class in `orderCache`, appended as classes are first met.
    var signatureTable: [UInt64] = []
    var choice: [Int]
    var indices: [Int]
    /// Bandwidth-bound tilings (``prepareOrderFronts()``): per level the order classes worth
    /// combining, `orderFront[frontStart[l]..<frontStart[l + 1]]`; the current combination; scratch.
    var orderFront: [Int] = []
    var frontStart: [Int]
    var combination: [Int]
    var fetchScratch: [Int] = []
    /// The exact cost of the current tiling under any choice of orders.
    var evaluator: OrderCostEvaluator
    let projections: [TensorProjection]
    let roles: [TensorRole]
    /// `fixedKeep[level * tensors + t]`: the architecture's keep policy, resolved once.
    private let fixedKeep: [Bool]
    let sizes: [Int?]
    /// `temporalPin[level * dims + d]`, `temporalAllowed[level * dims + d]` (flattened from the mapspace).
    private let temporalPin: [Int]
    private let temporalAllowed: [Bool]
    private let keepChoiceCount: [Int]
    /// Per level: the dims mask whose order classes `levelClasses` holds (−1: none yet).
    var classesMask: [Int]
    /// `below[level * dims + d]`: extent of dim `d` over the loops inside the level's temporal loops
    /// (its spatial loops and the inner levels), set when the search enters the level.
    private var below: [Int]
    var extentsScratch: [Int]
    var divisorCache: [Int: [Int]] = [:]
    /// Per tensor: ``largestGrowth(level:mask:from:)`` of the level being bounded (−1: not yet).
    var growthScratch: [Int]
    /// Per dim: the tile growth ``jointRefetchGroup(level:)`` is at.
    var growthFactor: [Int]
    /// Scratch of ``sharpened(_:from:)``: per level, the groups' least rate increments, the current
    /// group's least and current alternative's increments, and the baseline rates.
    var groupRead: [Double], groupWrite: [Double], leastRead: [Double], leastWrite: [Double]
    var choiceRead: [Double], choiceWrite: [Double], baseRead: [Double], baseWrite: [Double]
    var groupEnergy = 0.0, leastEnergy = 0.0, choiceEnergy = 0.0
    /// Per assignment and per tiling: the order-independent facts (see `TilingSearch+Facts`).
    var assignment: AssignmentFacts
    var facts: TilingFacts
    /// `inner[level * dims + d]`: the extents of each level's tile for the current tiling.
    var inner: [Int]
    var entriesScratch: [LoopNest.Entry] = []
    /// Bit set of ``stridedGroups(slot:tensor:)``'s distinct-offset count, reused across calls.
    var offsetBits: [UInt64] = []
    /// ``stridedGroups(slot:tensor:)`` of the current assignment per (slot, tensor), and the tile
    /// extents below the fan-out it was computed for (`[(slot * tensors + t) * dims + d]`); −1: none.
    var stridedValue: [Int]
    var stridedExtents: [Int]
    /// When set, every tiling's facts and every evaluation are checked against the full model and
    /// differences recorded in `mismatches` (tests only).
    var verifying = false
    var mismatches: [String] = []
    /// The order class currently set in the evaluator for each level (for `verifying`).
    var selected: [Int]
    /// Subtrees whose lower bound exceeds this objective are pruned, whatever this search has found
    /// (the best of earlier, finished phases: the same for every share, so shares stay disjoint).
    var threshold = Double.infinity
    /// Whether partial tilings are bounded (off only in tests that compare against the unpruned search).
    var bounding = true
    /// The capacity bound of the outermost buffer (``RefetchTable``), shared by every assignment.
    var refetchTable: RefetchTable? { didSet { tableLevel = refetchTable?.level ?? -1 } }
    /// The table's level (−1: no table).
    private(set) var tableLevel = -1
    /// Per dim `k`: the mixed-radix index of the inner tile in dims `k...` (``exceedsByTable(_:chosenDims:)``).
    var tableSuffix: [Int] = []
    /// While the table's level is filled: the bounds of the tiling of the levels inside it (energy
    /// without the table, the sharpest energy, cycles) and the table's variant and offset
    /// (``refetchTerms(_:from:)``), for ``exceedsByTable(_:chosenDims:)``; `nil`: none.
    var tableBase: (energy: Double, sharp: Double, cycles: Int, variant: Int, offset: Double)?
    /// While the table's inner neighbour is filled: the same bounds for the levels inside it, and
    /// the extents of the table level's tile those levels give (``innerTableBound(_:)``); `nil`: none.
    var innerTableBase: (energy: Double, sharp: Double, cycles: Int, variant: Int, offset: Double)?
    var innerTableExtents: [Int]
    /// Per dim: its part of the shape index (the chosen factor's for chosen dims); then per dim
    /// the sum of the inner tile's parts from it on (``innerTableBound(_:chosenDims:)``).
    var innerTableOffsets: [Int]
    /// Asked every ``SearchControl/checkInterval`` partial tilings whether to stop; receives progress.
    var control: SearchControl?
    /// Keep searching past a stop request until some mapping is found (the first batch).
    var mustFind = false
    /// Searching inside an aspiration pass: also stop at its deadline (``SearchControl/passShouldStop``).
    var inAspirationPass = false
    /// Set when `control` stopped this share before its end; the search then unwinds.
    var stopped = false
    /// Partial tilings since the last look at `control`, and the evaluations already reported to it.
    var sinceCheck = 0
    var evaluatedReported = 0
    /// Scratch of ``partialBound(from:)``: per level the loop mask, loop product and the product of
    /// the loops outside it; per (level, tensor) the fetch bound; per level the access rates.
    var boundMask: [UInt64]
    var boundProduct: [Int]
    var boundOuter: [Int]
    var boundRaw: [Int]
    /// Per (level, tensor) of a fixed level: its anchor level (−1: none fixed), tile words and
    /// whether its anchor's innermost loop can slide its window (``jointOrderEnergy(from:)``).
    var boundAnchor: [Int]
    var boundCapacity: [Int]
    var boundSlides: [Bool]
    var boundReadRate: [Double]
    var boundWriteRate: [Double]
    /// Shares of one assignment split the partial tilings of this level (complete from it inward):
    /// the `i`-th belongs to part `i % parts`, with its whole subtree. Above it, pruning uses only
    /// `threshold`, so every part meets the same partial tilings in the same order.
    let splitLevel: Int
    /// Dominance between configs of inner levels (``dominated(_:limit:)``), for the energy objective
    /// with fixed keep policies and separable transfer groups: on for the current assignment.
    var dominanceActive = false
    var dominanceHeads: [Int: Int] = [:]
    var dominanceNext: [Int] = []
    var dominanceLevel: [Int] = []
    var dominanceTiles: [Int] = []
    var dominanceCosts: [Double] = []
    var dominanceScratch: [Double]
    var dominanceCell: [(anchor: Int, t: Int, level: Int, coefficient: Double, capacity: Int, slides: Bool)]
    /// ``prepareFixedLevels(from:)``'s rows are up to date for the levels from this one inward:
    /// a change of a level's factors makes it and every level outside it stale.
    var preparedFrom = 0
    /// Per level and dim: the product of the temporal factors from the level inward.
    var temporalBelow: [Int]
    /// Per level: the product of every temporal factor from the level inward.
    var productBelow: [Int]
    /// Each spatial slot's level (the slots' other fields are not needed in the hot loops).
    let slotLevel: [Int]
    /// ``preparePairGroups()``: whether the current assignment's groups are all products, and the table.
    var separableGroups = false
    var pairGroups: [Int]
    /// Every tensor's index terms in one array (``PackedTerms``), for tile sizes without copies.
    let packedTerms: [Int]
    /// Network energy per MAC for the operands the MACs receive, when no keep choice is open (else nil).
    let fixedPerMACTransfer: Double?

    init(mapspace: Mapspace, context: EvaluationContext, objective: Objective) {
        self.mapspace = mapspace
        self.context = context
        self.objective = objective
        boundsCycles = objective != .energy
        stats = SearchStatistics(mapspaceSize: .zero)
        let levels = mapspace.architecture.levels.count, dims = mapspace.einsum.dims.count, tensors = mapspace.einsum.tensors.count
        levelCount = levels
        dimCount = dims
        tensorCount = tensors
        relevantMasks = mapspace.einsum.tensors.map { tensor in
            (0..<dims).reduce(UInt64(0)) { tensor.isRelevant(dim: $1) ? $0 | (1 << UInt64($1)) : $0 }
        }
        slidingMasks = mapspace.einsum.tensors.map { tensor in
            tensor.indices.filter { $0.terms.count > 1 }.flatMap(\.terms)
                .reduce(UInt64(0)) { $0 | (1 << UInt64($1.dim)) }
        }
        temporal = Array(repeating: 1, count: levels * dims)
        keep = Array(repeating: nil, count: levels)
        cachedOrder = Array(repeating: -1, count: levels)
        levelClasses = Array(repeating: OrderClasses(orders: [[]], signatureBase: 0, permutations: 1), count: levels)
        classCount = Array(repeating: 1, count: levels)
        signatureBase = Array(repeating: 0, count: levels)
        choice = Array(repeating: 0, count: levels)
        indices = choice
        selected = choice
        combination = choice
        frontStart = Array(repeating: 0, count: levels + 1)
        evaluator = OrderCostEvaluator(context: context)
        projections = mapspace.einsum.tensors.map { TensorProjection($0, dimCount: dims) }
        sizes = mapspace.architecture.levels.map(\.sizeWords)
        roles = mapspace.einsum.tensors.map(\.role)
        fixedKeep = mapspace.architecture.levels.enumerated().flatMap { index, level in
            mapspace.einsum.tensors.map { index == 0 || level.keep.keeps($0) }
        }
        keepFlags = fixedKeep
        temporalPin = mapspace.temporalPin.flatMap { $0 }
        temporalAllowed = mapspace.temporalAllowed.flatMap { $0 }
        keepChoiceCount = mapspace.keepChoices.map(\.count)
        classesMask = Array(repeating: -1, count: levels)
        below = Array(repeating: 1, count: levels * dims)
        extentsScratch = Array(repeating: 1, count: dims)
        innerTableExtents = Array(repeating: 1, count: dims)
        innerTableOffsets = Array(repeating: 0, count: 2 * dims + 1)
        autoAbove = (0..<levels).map { l in (0..<l).contains { mapspace.keepChoices[$0].count > 1 } }
        assignment = AssignmentFacts(levels: levels, tensors: tensors, dims: dims, slots: mapspace.spatialSlots.count)
        facts = TilingFacts(capacity: Array(repeating: 0, count: levels * tensors), partition: Array(repeating: 0, count: levels * tensors),
                            groups: Array(repeating: 1, count: (levels + 1) * tensors), instances: Array(repeating: 1, count: levels),
                            keep: fixedKeep, computeCycles: 1, utilizedPEs: 1)
        inner = Array(repeating: 1, count: levels * dims)
        boundMask = Array(repeating: 0, count: levels)
        boundProduct = Array(repeating: 1, count: levels)
        boundOuter = Array(repeating: 1, count: levels)
        boundRaw = Array(repeating: 0, count: levels * tensors)
        boundAnchor = Array(repeating: -1, count: levels * tensors)
        growthScratch = Array(repeating: -1, count: tensors)
        stridedValue = Array(repeating: -1, count: mapspace.spatialSlots.count * tensors)
        stridedExtents = Array(repeating: 0, count: mapspace.spatialSlots.count * tensors * dims)
        growthFactor = Array(repeating: 1, count: dims)
        groupRead = Array(repeating: 0, count: levels)
        (groupWrite, leastRead, leastWrite, choiceRead, choiceWrite, baseRead, baseWrite) = (groupRead, groupRead, groupRead, groupRead, groupRead, groupRead, groupRead)
        boundCapacity = Array(repeating: 0, count: levels * tensors)
        boundSlides = Array(repeating: false, count: levels * tensors)
        boundReadRate = Array(repeating: 0, count: levels)
        boundWriteRate = Array(repeating: 0, count: levels)
        splitLevel = max(0, levels - 2)
        packedTerms = PackedTerms.pack(projections)
        slotLevel = mapspace.spatialSlots.map(\.level)
        temporalBelow = Array(repeating: 1, count: levels * dims)
        productBelow = Array(repeating: 1, count: levels)
        preparedFrom = levels
        pairGroups = Array(repeating: 1, count: levels * (levels + 1) * tensors)
        dominanceScratch = Array(repeating: 0, count: tensors + 1)
        dominanceCell = Array(repeating: (0, 0, 0, 0, 0, false), count: levels * tensors)
        fixedPerMACTransfer = mapspace.keepChoices.allSatisfy { $0.count == 1 }
            ? context.network.perMAC(order: context.listingOrder, roles: mapspace.einsum.tensors.map(\.role), keep: fixedKeep) : nil
    }

    /// Which share of an assignment's tilings this search covers: the subtrees of the partial
    /// tilings of `splitLevel` numbered `i` (in search order) with `i % parts == part`. Parts let
    /// one assignment spread over several threads; what is pruned inside the split level is counted
    /// by part 0 only, so statistics add up to the unsplit search.
    private var part = 0
    private var parts = 1
    private var tilingCounter = 0

    /// Searches every tiling (of this part) of the given spatial assignment (`[slot][dim]` factors).
    /// Pruning uses only what this share finds (and `threshold`), so a share's work never depends
    /// on which shares the same worker ran before; `best` keeps the best over all of them.
    mutating func run(spatial assignment: [[Int]], part: Int = 0, of parts: Int = 1) {
        self.part = part
        self.parts = parts
        tilingCounter = 0
        spatial = assignment
        remaining = mapspace.einsum.dims.map(\.bound)
        for slot in assignment { for d in 0..<dimCount { remaining[d] /= slot[d] } }
        for i in temporal.indices { temporal[i] = 1 }
        preparedFrom = levelCount
        prepareAssignment(remaining: remaining)
        preparePairGroups()
        resetDominance()
        dominanceActive = bounding && objective == .energy && mapspace.keepChoices.allSatisfy { $0.count == 1 }
            && self.assignment.slotGroups.allSatisfy { $0 >= 0 }
        let earlier = best
        best = nil
        stopped = false
        if let control, inAspirationPass ? control.passShouldStop : control.shouldStop, !mustFind || earlier != nil {
            stopped = true
        } else {
            chooseLevel(levelCount - 1)
        }
        if let earlier, best == nil || earlier.isBetter(than: best!) { best = earlier } // invariant: nil checked
    }

    mutating func setKeep(_ level: Int, _ choice: [TensorRole]?) {
        keep[level] = choice
        for t in 0..<tensorCount {
            keepFlags[level * tensorCount + t] = level == 0 || (choice.map { $0.contains(roles[t]) } ?? fixedKeep[level * tensorCount + t])
        }
    }

    private mutating func chooseLevel(_ level: Int) {
        let dims = dimCount
        // Extents inside this level's temporal loops: the inner levels are fixed from here on.
        for d in 0..<dims {
            var e = assignment.spatialBelow[level * dims + d]
            for l in (level + 1)..<levelCount { e *= temporal[l * dims + d] }
            below[level * dims + d] = e
        }
        if level == 0 {
            for d in 0..<dims where !temporalFits(d, remaining[d]) { return }
            for d in 0..<dims { temporal[d] = remaining[d] }
            preparedFrom = max(preparedFrom, 1)
            setClasses(0)
            for choice in mapspace.keepChoices[0] {
                if keepChoiceCount[0] > 1 { setKeep(0, choice) }
                if fits(0) {
                    if enter(0) {
                        evaluateTiling()
                    }
                } else if counts(0) {
                    stats.prunedCapacity += 1
                }
            }
            for d in 0..<dims { temporal[d] = 1 }
            preparedFrom = max(preparedFrom, 1)
            return
        }
        if keepChoiceCount[level] == 1 { // a fixed policy: `keepFlags` holds it from the start
            chooseDim(level, 0)
            return
        }
        for choice in mapspace.keepChoices[level] where !stopped {
            setKeep(level, choice)
            chooseDim(level, 0)
        }
    }

    private mutating func chooseDim(_ level: Int, _ d: Int) {
        if d == dimCount {
            // A level with no free dims never reached `place`: its tile (all inner loops) must still fit.
            guard fits(level) else { if counts(level) { stats.prunedCapacity += 1 }; return }
            setClasses(level) // the bound takes the least energy over the level's order classes
            guard enter(level) else { return }
            cachedOrder[level] = -1 // this level's tiling changed: its best order is found again
            if dominanceActive && dominated(level, limit: pruningLimit(level)) {
                if counts(level) { stats.prunedDominated += 1 }
                return
            }
            chooseLevel(level - 1)
            cachedOrder[level] = -1
            return
        }
        let pin = temporalPin[level * dimCount + d]
        if pin > 0 {
            guard remaining[d] % pin == 0 else { return }
            place(level, d, pin)
            return
        }
        if !temporalAllowed[level * dimCount + d] {
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
            if !place(level, d, f) || stopped { break }
        }
    }

    /// Tries factor `f` for dim `d` at `level`; returns false when the tile overflows (so larger factors would too).
    @discardableResult
    private mutating func place(_ level: Int, _ d: Int, _ f: Int) -> Bool {
        temporal[level * dimCount + d] = f
        preparedFrom = max(preparedFrom, level + 1)
        remaining[d] /= f
        let ok = fits(level)
        if ok {
            if tableLevel == level && exceedsByTable(level, chosenDims: d + 1) {
                if counts(level) { stats.prunedPartial += 1 }
            } else if level == tableLevel + 1 && exceedsByInnerTable(level, chosenDims: d + 1) {
                if counts(level) { stats.prunedPartial += 1 }
            } else {
                chooseDim(level, d + 1)
            }
        } else if counts(level) { stats.prunedCapacity += 1 }
        remaining[d] *= f
        temporal[level * dimCount + d] = 1
        preparedFrom = max(preparedFrom, level + 1)
        return ok
    }

    /// Whether this share counts what is pruned at `level`: inside the split level every part meets
    /// the same partial tilings, so part 0 counts for all; outside it each part owns its subtrees.
    private mutating func counts(_ level: Int) -> Bool { level < splitLevel || part == 0 }

    /// The objective a subtree entered at `level` must beat: inside the split level only
    /// `threshold` (every part must prune alike), outside it also this share's best.
    mutating func pruningLimit(_ level: Int) -> Double {
        level < splitLevel ? min(threshold, best?.objective ?? .infinity) : threshold
    }

    /// Called when `level`'s tiling is complete and fits: whether to search its subtree (the
    /// completions of levels outside it). False when the subtree belongs to another part, or when
    /// its lower bound (``partialBound(from:)``) exceeds the best objective known.
    private mutating func enter(_ level: Int) -> Bool {
        if let control {
            sinceCheck += 1
            if sinceCheck >= control.checkInterval { checkStop() }
        }
        if stopped { return false }
        // Entered at level 1, the outermost level takes every remaining factor: its leaves are
        // bounded (more tightly, orders included) when entered themselves.
        if bounding && level != 1 {
            let limit = pruningLimit(level)
            // Inside the table's level, the bounds are also kept for its partial tilings.
            let keepsBase = level == tableLevel + 1 && tableLevel >= 0
            // Inside its inner neighbour, for that level's partial tilings (``innerTableBound(_:)``).
            let keepsInnerBase = level == tableLevel + 2 && tableLevel >= 0
            if keepsBase { tableBase = nil }
            if keepsInnerBase { innerTableBase = nil }
            // The per-cell bound first; its sharpening (``sharpened(_:from:)``) only for subtrees
            // it does not rule out.
            if limit < .infinity || keepsBase || keepsInnerBase, let bound = partialBound(from: level) {
                var ruledOut = exceeds(bound, limit)
                var refetch = 0.0
                var terms = (variant: 0, offset: 0.0)
                if !ruledOut {
                    if keepsBase, let table = refetchTable {
                        terms = refetchTerms(table, from: level)
                        let entry = tableValue(table, from: level, chosenDims: 0, variant: terms.variant)
                        refetch = max(0, splitTableValue(table, chosenDims: 0, variant: terms.variant, plain: entry) - terms.offset)
                    } else if keepsInnerBase, let table = refetchTable { // ``refetchIncrement(from:)``, its terms kept
                        terms = refetchTerms(table, from: level)
                        refetch = max(0, tableValue(table, from: level, chosenDims: 0, variant: terms.variant) - terms.offset)
                    } else {
                        refetch = refetchIncrement(from: level)
                    }
                    ruledOut = exceeds((bound.energyPJ + refetch, bound.cycles), limit)
                }
                if !ruledOut {
                    let sharp = sharpened(bound, from: level)
                    let energy = max(sharp.energyPJ, bound.energyPJ + refetch)
                    ruledOut = exceeds((energy, sharp.cycles), limit)
                    if keepsBase { setTableBase((bound.energyPJ, energy, sharp.cycles, terms.variant, terms.offset), level: level) }
                    if keepsInnerBase { setInnerTableBase((bound.energyPJ, energy, sharp.cycles, terms.variant, terms.offset), level: level) }
                }
                if ruledOut {
                    if counts(level) { stats.prunedPartial += 1 }
                    return false
                }
            }
        }
        if level == splitLevel {
            tilingCounter += 1
            return (tilingCounter - 1) % parts == part
        }
        return true
    }

    /// ``Mapspace/temporalFits(_:_:_:)`` at the outermost level.
    private mutating func temporalFits(_ d: Int, _ f: Int) -> Bool {
        let pin = temporalPin[d]
        if pin > 0 { return f == pin }
        return f == 1 || temporalAllowed[d]
    }

    /// Whether the tiles the level keeps fit its capacity (dims not yet chosen count as 1).
    ///
    /// `mutating` although it only reads, as every helper the search calls in its loops: from a
    /// mutating method, a call to a non-mutating one copies the whole search (2 KB) to pass it as
    /// `self`, which took 15 % of the search's time.
    private mutating func fits(_ level: Int) -> Bool {
        guard let size = sizes[level] else { return true }
        let (dims, tensors, base) = (dimCount, tensorCount, level * dimCount)
        return packedTerms.withUnsafeBufferPointer { packed in
            below.withUnsafeBufferPointer { below in
                temporal.withUnsafeBufferPointer { temporal in
                    keepFlags.withUnsafeBufferPointer { keep in
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: dims) { extents in
                            for d in 0..<dims { extents[d] = below[base + d] * temporal[base + d] }
                            var used = 0
                            for t in 0..<tensors where keep[level * tensors + t] {
                                used += PackedTerms.tileSize(packed, tensor: t, extents: UnsafePointer(extents.baseAddress!)) // invariant: dims > 0
                                if used > size { return false }
                            }
                            return true
                        }
                    }
                }
            }
        }
    }
}
