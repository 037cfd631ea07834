/// The table's entry split on whether a bypassed tensor gets a temporal loop of its dims in the
/// buffer's own level.
///
/// Proof. Let the levels inside the table's level `c` be fixed, with its dims `0..<j` chosen, and
/// take a bypassed tensor `t` (``RefetchTable/innerCells``) not yet in the third state
/// (``RefetchTable/CellState/refetchesUnderEveryLoop``). Every completion of `c` either gives `c`
/// a temporal factor > 1 in some dim relevant to `t` — then `t` is in the third state — or gives
/// every such dim the factor 1, so `c`'s tile equals the inner tile in those dims: its shape is
/// then exact in `0..<j` and in `t`'s dims, a multiple of the inner tile in the others, and `t`
/// keeps its state. So the least over the two branches (over every choice of branch per tensor)
/// bounds every completion, and each branch is at least the entry that ignores it (a higher state,
/// fewer multiples). A branch whose exact dims are no prefix is read from the smallest prefix table
/// covering them, its other dims in that prefix enumerated over their multiples; a branch with too
/// many of those is read without its extra exact dims (a weaker, still valid entry).
extension TilingSearch {
    /// The most table lookups one branch may enumerate.
    static let maximumSplitLookups = 32

    /// The least of the table's entries over the branches of every bypassed tensor left in a lower
    /// state with unchosen dims of its own, for the table's level with dims `0..<chosenDims` chosen
    /// (in `temporal`), the levels inside it fixed and ``prepareFixedLevels(from:)`` done for them;
    /// `variant` already raised for the chosen factors, `plain` its entry exact in the chosen dims.
    /// Without prefix tables: `plain`.
    mutating func splitTableValue(_ table: RefetchTable, chosenDims: Int, variant: Int, plain: Double) -> Double {
        let chosenMask: UInt64 = (UInt64(1) << UInt64(chosenDims)) - 1 // chosenDims ≤ dims < 64
        return splitValue(table, exact: chosenMask, free: ~chosenMask, keeperExact: ~0, innerLevel: false, chosenDims: chosenDims,
                          variant: variant, plain: plain)
    }

    /// ``splitTableValue(_:chosenDims:variant:plain:)`` for a partial tiling of the table's inner
    /// neighbour (``innerTableBound(_:chosenDims:)``), its dims `0..<chosenDims` chosen: the table
    /// level's every factor is still free and its tile exact in no dim; in the branch where it has
    /// no loop of a bypassed tensor's dims its tile equals the inner neighbour's there, exact only
    /// in the chosen ones (a multiple of the partial tile in the others, as in every branch).
    mutating func innerSplitTableValue(_ table: RefetchTable, chosenDims: Int, variant: Int, plain: Double) -> Double {
        let chosenMask: UInt64 = (UInt64(1) << UInt64(chosenDims)) - 1 // chosenDims ≤ dims < 64
        return splitValue(table, exact: 0, free: ~0, keeperExact: chosenMask, innerLevel: true, chosenDims: chosenDims,
                          variant: variant, plain: plain)
    }

    /// The least over the branches: `exact` the dims the tile is exact in whatever the branch,
    /// `free` the dims where the table's level may still get a factor, `keeperExact` the dims of
    /// a branch's tensor the tile becomes exact in when the level has no loop of them.
    private mutating func splitValue(_ table: RefetchTable, exact base: UInt64, free: UInt64, keeperExact: UInt64, innerLevel: Bool,
                                     chosenDims: Int, variant: Int, plain: Double) -> Double {
        guard table.prefixCount > 1, !table.innerCells.isEmpty else { return plain }
        var open = 0 // bit k: bypassed tensor k can still branch
        for k in table.innerCells.indices
        where RefetchTable.state(of: k, in: variant) != .refetchesUnderEveryLoop && relevantMasks[table.innerCells[k].tensor] & free != 0 {
            open |= 1 << k
        }
        guard open != 0 else { return plain }
        var least = Double.infinity
        for branch in 0..<(1 << table.innerCells.count) where branch & ~open == 0 {
            // Bit k of `branch`: tensor k keeps its state, its dims exact; an open one not in it is raised.
            var branchVariant = variant
            var exact = base
            for k in table.innerCells.indices where open & (1 << k) != 0 {
                if branch & (1 << k) != 0 {
                    exact |= relevantMasks[table.innerCells[k].tensor] & keeperExact
                } else {
                    branchVariant = RefetchTable.raising(branchVariant, cell: k, to: .refetchesUnderEveryLoop)
                }
            }
            least = min(least, branchValue(table, exact: exact, innerLevel: innerLevel, chosenDims: chosenDims, variant: branchVariant, plain: plain))
            if least <= plain { return plain }
        }
        return least
    }

    /// The least entry of `variant` over the shapes equal to the level's partial tile in the dims
    /// of `exact` and a multiple of it in the others (its chosen dims `0..<chosenDims` in `exact`;
    /// with `innerLevel`, the partial tile of the inner neighbour, ``innerTableExtents``).
    private mutating func branchValue(_ table: RefetchTable, exact: UInt64, innerLevel: Bool, chosenDims: Int, variant: Int,
                                      plain: Double) -> Double {
        let dims = dimCount, c = table.level
        let prefix = 64 - exact.leadingZeroBitCount // the smallest prefix table covering `exact`
        var lookups = 1
        for d in 0..<prefix where exact & (1 << UInt64(d)) == 0 {
            lookups *= table.divisors[d].count
            if lookups > Self.maximumSplitLookups {
                guard innerLevel else { return tableValue(table, from: c + 1, chosenDims: chosenDims, variant: variant) }
                return max(plain, table.value(shape: innerTableShape(chosenDims: chosenDims), variant: variant, exactDims: 0)) // exact in no dim
            }
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * dims) { scratch in
            // Per dim: the divisor index of the partial tile's extent, and the one enumerated.
            for d in 0..<dims {
                let extent = innerLevel
                    ? innerTableExtents[d] * temporal[(c + 1) * dims + d]
                    : temporalBelow[(c + 1) * dims + d] * assignment.spatialBelow[c * dims + d] * (d < chosenDims ? temporal[c * dims + d] : 1)
                scratch[d] = table.offset(dim: d, extent: extent) / table.strides[d]
                scratch[dims + d] = scratch[d]
            }
            var least = Double.infinity
            while true {
                var shape = 0
                for d in 0..<dims { shape += scratch[dims + d] * table.strides[d] }
                least = min(least, table.value(shape: shape, variant: variant, exactDims: prefix))
                // Next multiple, odometer over the enumerated dims (not in `exact`, inside `prefix`).
                var d = 0
                while d < prefix {
                    if exact & (1 << UInt64(d)) == 0 {
                        let list = table.divisors[d], base = list[scratch[d]]
                        var next = scratch[dims + d] + 1
                        while next < list.count && list[next] % base != 0 { next += 1 }
                        if next < list.count { scratch[dims + d] = next; break }
                        scratch[dims + d] = scratch[d]
                    }
                    d += 1
                }
                if d == prefix { break }
            }
            return least
        }
    }
}
