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
/// **Tensors the buffer bypasses.** A tensor `t` the level does not keep, kept first at an inner
/// level `c'` (so `c'` is filled straight from the top level, `t` in no level between), whose
/// indices are plain (one dim each, no dim in two indices: no sliding window, and its distinct
/// words at any extents are the product of its dims' extents), is read from the top level `R`
/// times, `R ≥ used_t(e) × Π_{d ∉ S ∪ {d*}} L_d × L_{d*}` — the same collapsed order. Proof: `R`
/// is `c'`'s fetches per instance times its transfer groups, and the fetches are `c'`'s tile times
/// the product of the loops above `c'` (those inside the level, `G`, and those above it, `L`) down
/// to the innermost relevant one `ℓ`. If `ℓ` is in `G`, every loop above the level and every
/// relevant loop of `G` multiply, and the tile times the groups times the relevant loops of `G`
/// counts at least the distinct words of `e` (the instances' and iterations' tiles cover them):
/// `R ≥ used_t(e) × Π_all L_d`, at least the collapsed bound. Otherwise `G` has no relevant loop,
/// the tile and groups cover `e`'s words, and the loops above the level down to `ℓ` are those of
/// the collapsed bound. The term `coefficient × R` (the top level's read energy, or its update
/// energy for outputs) enters the dynamic program like the kept tensors' increments; the buffer's
/// capacity does not hold these tensors, they only share its tile shape. When `t` has a loop of
/// its dims above `c'` (its partition does not fit there) and `e` covers all its dims, that loop
/// is in `G`, so `R ≥ used_t(e) × Π_all L_d`: a second variant of the table per such tensor. And
/// when a temporal loop of `G` (a loop of the level itself or of a level between it and `c'`) is
/// relevant to `t`, `ℓ` is in `G` whatever `e` and the order above: `R ≥ used_t(e) × Π_all L_d`
/// for every shape, a third variant, where the tensor leaves the dynamic program
/// (``CellState``). The lookup subtracts the tensor's compulsory term
/// (``TilingSearch/refetchTerms(_:from:)``).
///
/// **Leading exact dims.** A level whose factors are chosen dim by dim (dims `0..<k` chosen) has
/// its tile exact in those dims and a multiple of the inner tile in the others: tables that take
/// the least over multiples only in dims `k...` bound those partial tilings
/// (``TilingSearch/tableValue(_:from:chosenDims:variant:)``), kept when small.
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
    /// `least[(variant * prefixCount + k) * shapes + shape]` (shape: mixed-radix index of its
    /// divisors): the least energy increment over every shape that equals `shape` in dims `0..<k`
    /// and is a multiple of it in the others; `+∞` where none fits the level. Variant: the
    /// ``CellState`` of each bypassed tensor (``innerCells``), base 3.
    let least: [Double]
    let shapes: Int
    /// Tables per variant: `dims + 1` (every `k`), or 1 (only `k = 0`, when they would be large).
    let prefixCount: Int
    /// The bypassed tensors counted in `least`: the level that keeps each first, the tensor, and
    /// the energy of one read (or update, for outputs) of the top level.
    let innerCells: [(level: Int, tensor: Int, coefficient: Double)]

    /// What is known of a bypassed tensor's keeper (``innerCells``) when the table is read: one
    /// digit of a variant (base 3, cell `k` at `3^k`), each state's entries at least the previous one's.
    enum CellState: Int {
        /// Nothing: the collapsed order's bound.
        case unknown = 0
        /// The keeper cannot hold the tensor's partition, so a loop of its dims lies above it.
        case exceedsKeeper = 1
        /// A temporal loop inside the table's level is relevant to the tensor: its innermost
        /// relevant loop above the keeper is inside the level, and every loop above multiplies.
        case refetchesUnderEveryLoop = 2
    }

    /// The variants of tables counting `cells` bypassed tensors.
    static func variantCount(cells: Int) -> Int {
        (0..<cells).reduce(1) { product, _ in product * 3 }
    }

    /// Cell `k`'s state in `variant`.
    @inline(__always) static func state(of k: Int, in variant: Int) -> CellState {
        var digits = variant
        for _ in 0..<k { digits /= 3 }
        return CellState(rawValue: digits % 3) ?? .unknown
    }

    /// `variant` with cell `k`'s state raised to `state` (kept when already as high).
    @inline(__always) static func raising(_ variant: Int, cell k: Int, to state: CellState) -> Int {
        let current = Self.state(of: k, in: variant)
        guard current.rawValue < state.rawValue else { return variant }
        var unit = 1
        for _ in 0..<k { unit *= 3 }
        return variant + (state.rawValue - current.rawValue) * unit
    }

    /// The largest table built (shapes); beyond it the bound is left out.
    static let maximumShapes = 1 << 20
    /// The most bypassed tensors counted (each doubles the variants).
    static let maximumInnerCells = 2
    /// The most entries of all tables together with leading exact dims; beyond it only `k = 0`.
    static let maximumPrefixEntries = 1 << 22

    /// The entry for the shape `extents` (each a divisor of its dim's bound) in `variant`, exact
    /// in its first `exactDims` dims when those tables are kept (else in none: a weaker bound).
    @inline(__always) func value(extents: UnsafePointer<Int>, variant: Int = 0, exactDims: Int = 0) -> Double {
        var index = 0
        for d in divisors.indices { index += offset(dim: d, extent: extents[d]) }
        return value(shape: index, variant: variant, exactDims: exactDims)
    }

    /// The entry of the shape with mixed-radix index `shape` (the sum of its dims' ``offset(dim:extent:)``).
    @inline(__always) func value(shape: Int, variant: Int, exactDims: Int) -> Double {
        least[(variant * prefixCount + (prefixCount > 1 ? exactDims : 0)) * shapes + shape]
    }

    /// Dim `d`'s part of a shape's mixed-radix index at extent `extent` (a divisor of its bound).
    @inline(__always) func offset(dim d: Int, extent: Int) -> Int {
        divisors[d].withUnsafeBufferPointer { list in
            var lo = 0, hi = list.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid] < extent { lo = mid + 1 } else { hi = mid }
            }
            return lo * strides[d]
        }
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
    /// The least refetch increment of every completion of the fixed levels `from..<levels` over
    /// ``partialBound(from:)``'s energy (0 when no table applies or its level is fixed; `+∞` when
    /// no tile of the table's level that contains the fixed tiles fits). Needs
    /// ``partialBound(from:)`` just before (its `boundRaw`).
    mutating func refetchIncrement(from: Int) -> Double {
        guard let table = refetchTable, table.level < from else { return 0 }
        let terms = refetchTerms(table, from: from)
        return max(0, tableValue(table, from: from, chosenDims: 0, variant: terms.variant) - terms.offset)
    }

    /// The variant of the table that applies to the fixed levels `from..<levels`, and what to
    /// subtract from its entry.
    ///
    /// Proof. The entry `T` bounds the sum, over its cells, of each kept cell's energy increase
    /// over its compulsory fetches plus each bypassed tensor's term `coefficient × R`. With `R₀`
    /// the bypassed tensor's compulsory reads (its used words at its keeper × its transfer groups,
    /// both exact for plain indices), its energy rises over its compulsory fetches by at least
    /// `coefficient × (R − R₀)`, so `T − Σ coefficient × R₀` bounds the sum of the increases. The
    /// partial bound already counts, for a fixed bypassed keeper, `X` above its compulsory fetches
    /// (the kept cells of the table's level, not fixed, count none); the increases are at least
    /// that sum and at least `X`, so the energy is at least the partial bound plus
    /// `max(0, T − Σ coefficient × R₀ − X)`. The variant: a fixed keeper whose tile is short of
    /// the tensor's partition has a loop of its dims above it; so does one whose partition alone
    /// exceeds its size (its tile would be the partition otherwise). A fixed level between the
    /// table's level and the keeper with a temporal loop of the tensor's dims puts it in the third
    /// state (``RefetchTable/CellState/refetchesUnderEveryLoop``), as does a chosen factor of the
    /// table's level itself (``tableBound(_:chosenDims:)``).
    mutating func refetchTerms(_ table: RefetchTable, from: Int) -> (variant: Int, offset: Double) {
        let tensors = tensorCount
        var variant = 0
        var offset = 0.0
        for (k, cell) in table.innerCells.enumerated() {
            let index = cell.level * tensors + cell.tensor
            let partition = assignment.partition[index]
            let refetches = cell.level >= from ? boundCapacity[index] < partition : sizes[cell.level].map { partition > $0 } ?? false
            if refetches { variant = RefetchTable.raising(variant, cell: k, to: .exceedsKeeper) }
            // A fixed level between the table's and the keeper with a temporal loop of its dims.
            for l in max(from, table.level + 1)..<max(from, cell.level) where temporalMask(l) & relevantMasks[cell.tensor] != 0 {
                variant = RefetchTable.raising(variant, cell: k, to: .refetchesUnderEveryLoop)
            }
            let used = Double(assignment.usedWords[index])
            let groups = Double(boundGroups(parent: 0, child: cell.level, tensor: cell.tensor, from: from))
            offset += cell.coefficient * used * groups * Double(assignment.instances[0])
            if cell.level >= from && Double(boundRaw[index]) > used {
                offset += cellEnergy(cell.level, tensor: cell.tensor, from: from, fetches: Double(boundRaw[index]))
                    - cellEnergy(cell.level, tensor: cell.tensor, from: from, fetches: used)
            }
        }
        return (variant, offset)
    }

    /// The table's entry for the tile of its level that the fixed levels `from..<levels` give and,
    /// while the table's level is being filled, its factors of dims `0..<chosenDims` (in
    /// `temporal`): exact in those dims, the least over multiples in the others. Needs
    /// ``prepareFixedLevels(from:)``.
    mutating func tableValue(_ table: RefetchTable, from: Int, chosenDims: Int, variant: Int) -> Double {
        let dims = dimCount, c = table.level
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: dims) { extents in
            for d in 0..<dims {
                let fixed = from < levelCount ? temporalBelow[from * dims + d] : 1
                extents[d] = fixed * assignment.spatialBelow[c * dims + d] * (d < chosenDims ? temporal[c * dims + d] : 1)
            }
            return table.value(extents: UnsafePointer(extents.baseAddress!), variant: variant, exactDims: chosenDims) // invariant: dims > 0
        }
    }

    /// Whether the refetch table rules out every completion of the table's level with its dims
    /// `0..<chosenDims` chosen (the others still free): its tile is exact in those dims and a
    /// multiple of the inner tile in the others, so the table's entry exact in those dims bounds
    /// the increment over the bound of the inner levels' tiling (``tableBase``, which covers every
    /// completion of that tiling, this partial one included).
    mutating func exceedsByTable(_ level: Int, chosenDims: Int) -> Bool {
        guard tableBase != nil else { return false }
        let limit = pruningLimit(level)
        guard limit < .infinity, let bound = tableBound(level, chosenDims: chosenDims) else { return false }
        return exceeds(bound, limit)
    }

    /// The bound ``exceedsByTable(_:chosenDims:)`` compares: the table's level `level` with its
    /// dims `0..<chosenDims` chosen (in `temporal`), over ``tableBase``; `nil` without one.
    mutating func tableBound(_ level: Int, chosenDims: Int) -> (energyPJ: Double, cycles: Int)? {
        guard let base = tableBase, refetchTable != nil else { return nil }
        let value = tableEntry(level, chosenDims: chosenDims) - base.offset
        return (max(base.sharp, base.energy + max(0, value)), base.cycles)
    }

    /// ``tableVariant(_:chosenDims:)``'s entry for the partial tile of the table's level (before
    /// ``tableBase``'s offset), split on each bypassed tensor's branches.
    mutating func tableEntry(_ level: Int, chosenDims: Int) -> Double {
        guard let table = refetchTable else { return 0 }
        let dims = dimCount
        var shape = tableSuffix[chosenDims]
        for d in 0..<chosenDims {
            shape += table.offset(dim: d, extent: temporalBelow[(level + 1) * dims + d] * assignment.spatialBelow[level * dims + d]
                                      * temporal[level * dims + d])
        }
        let variant = tableVariant(level, chosenDims: chosenDims)
        let entry = table.value(shape: shape, variant: variant, exactDims: chosenDims)
        return splitTableValue(table, chosenDims: chosenDims, variant: variant, plain: entry)
    }

    /// ``tableBase``'s variant, raised to the third state for each bypassed tensor with a chosen
    /// factor > 1 of the table's level in its dims.
    mutating func tableVariant(_ level: Int, chosenDims: Int) -> Int {
        guard let base = tableBase else { return 0 }
        return raisedByChosenFactors(base.variant, level: level, chosenDims: chosenDims, keepersInsideOnly: false)
    }

    /// `variant` with every bypassed tensor that has a chosen factor > 1 of `level` (dims
    /// `0..<chosenDims`) in its dims raised to the third state; with `keepersInsideOnly`, only
    /// those whose keeper lies inside `level` (a loop between the table's level and the keeper).
    @inline(__always) mutating func raisedByChosenFactors(_ variant: Int, level: Int, chosenDims: Int, keepersInsideOnly: Bool) -> Int {
        guard let table = refetchTable else { return variant }
        var chosenMask: UInt64 = 0
        for d in 0..<chosenDims where temporal[level * dimCount + d] > 1 { chosenMask |= 1 << UInt64(d) }
        guard chosenMask != 0 else { return variant }
        var raised = variant
        for (k, cell) in table.innerCells.enumerated()
        where (!keepersInsideOnly || cell.level > level) && relevantMasks[cell.tensor] & chosenMask != 0 {
            raised = RefetchTable.raising(raised, cell: k, to: .refetchesUnderEveryLoop)
        }
        return raised
    }

    /// Keeps `base` for the table's level, entered from `level` (its inner neighbour), with the
    /// index of the inner tile in each suffix of dims.
    mutating func setTableBase(_ base: (energy: Double, sharp: Double, cycles: Int, variant: Int, offset: Double), level: Int) {
        guard let table = refetchTable else { return }
        let dims = dimCount, c = table.level
        if tableSuffix.count != dims + 1 { tableSuffix = Array(repeating: 0, count: dims + 1) }
        tableSuffix[dims] = 0
        for d in stride(from: dims - 1, through: 0, by: -1) {
            tableSuffix[d] = tableSuffix[d + 1] + table.offset(dim: d, extent: temporalBelow[level * dims + d] * assignment.spatialBelow[c * dims + d])
        }
        tableBase = base
    }
}

extension TilingSearch {
    /// The dims with a temporal factor > 1 at `level`.
    @inline(__always) mutating func temporalMask(_ level: Int) -> UInt64 {
        var mask: UInt64 = 0
        for d in 0..<dimCount where temporal[level * dimCount + d] > 1 { mask |= 1 << UInt64(d) }
        return mask
    }
}
