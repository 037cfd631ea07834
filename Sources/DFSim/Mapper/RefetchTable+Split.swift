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
        guard table.prefixCount > 1, !table.innerCells.isEmpty else { return plain }
        let chosenMask: UInt64 = (UInt64(1) << UInt64(chosenDims)) - 1 // chosenDims ≤ dims < 64
        var open = 0 // bit k: bypassed tensor k can still branch
        for k in table.innerCells.indices
        where RefetchTable.state(of: k, in: variant) != .refetchesUnderEveryLoop && relevantMasks[table.innerCells[k].tensor] & ~chosenMask != 0 {
            open |= 1 << k
        }
        guard open != 0 else { return plain }
        var least = Double.infinity
        for branch in 0..<(1 << table.innerCells.count) where branch & ~open == 0 {
            // Bit k of `branch`: tensor k keeps its state, its dims exact; an open one not in it is raised.
            var branchVariant = variant
            var exact = chosenMask
            for k in table.innerCells.indices where open & (1 << k) != 0 {
                if branch & (1 << k) != 0 {
                    exact |= relevantMasks[table.innerCells[k].tensor]
                } else {
                    branchVariant = RefetchTable.raising(branchVariant, cell: k, to: .refetchesUnderEveryLoop)
                }
            }
            least = min(least, branchValue(table, exact: exact, chosenDims: chosenDims, variant: branchVariant))
            if least <= plain { return plain }
        }
        return least
    }

    /// The least entry of `variant` over the shapes equal to the level's partial tile in the dims
    /// of `exact` and a multiple of it in the others (its chosen dims `0..<chosenDims` in `exact`).
    private mutating func branchValue(_ table: RefetchTable, exact: UInt64, chosenDims: Int, variant: Int) -> Double {
        let dims = dimCount, c = table.level
        let prefix = 64 - exact.leadingZeroBitCount // the smallest prefix table covering `exact`
        var lookups = 1
        for d in 0..<prefix where exact & (1 << UInt64(d)) == 0 {
            lookups *= table.divisors[d].count
            if lookups > Self.maximumSplitLookups {
                return tableValue(table, from: c + 1, chosenDims: chosenDims, variant: variant)
            }
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * dims) { scratch in
            // Per dim: the divisor index of the partial tile's extent, and the one enumerated.
            for d in 0..<dims {
                let extent = temporalBelow[(c + 1) * dims + d] * assignment.spatialBelow[c * dims + d] * (d < chosenDims ? temporal[c * dims + d] : 1)
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
