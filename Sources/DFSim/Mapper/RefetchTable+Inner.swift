/// The refetch table read for the partial tilings of the level just inside the table's level.
///
/// Proof. Let `c` be the table's level and `L = c + 1` its inner neighbour, the levels inside `L`
/// fixed and `L`'s dims `0..<j` chosen (its other factors still 1 in `temporal`). ``enter(_:)``
/// bounded the fixed levels by `B + max(0, T(E) − X)` and by the sharpening `S`, valid for every
/// completion of `L`, `c` and the levels outside (``refetchTerms(_:from:)``): `T(E)` is the least
/// entry over the tile shapes of `c` that are multiples of `E`, the tile the fixed levels give,
/// and every completion's tile of `c` is one of them. That tile is in fact a multiple of `L`'s
/// tile (the loops of `L` and `c` multiply it), which only grows as `L`'s dims are chosen: a
/// multiple of `E'`, the partial tile with `L`'s chosen factors. So `T(E')`, the least over the
/// multiples of `E'` (a subset of those of `E`), bounds every completion too, and
/// `max(S, B + max(0, T(E') − X))` bounds every completion of the partial tiling. The variant may
/// be raised as well: a chosen factor > 1 of `L` in a dim relevant to a bypassed tensor whose
/// keeper lies inside `L` is a temporal loop between the table's level and the keeper, so the
/// tensor refetches under every loop above (``RefetchTable/CellState/refetchesUnderEveryLoop``).
/// Only the table with no exact dims applies to the entry itself: `c`'s tile is exact in none of
/// them. It is split on each bypassed tensor's branches as at the table's level
/// (``splitTableValue(_:chosenDims:variant:plain:)``): every completion either gives `c` a
/// temporal factor > 1 in a dim relevant to the tensor (the third state) or none, and then `c`'s
/// tile equals `L`'s tile in those dims, exact where `L`'s factors are chosen
/// (``innerSplitTableValue(_:chosenDims:variant:plain:)``).
extension TilingSearch {
    /// Keeps `base` (the bounds of the levels from `level` inward, ``enter(_:)``) for the partial
    /// tilings of `level − 1`, the table's inner neighbour, with the extents of the tile of the
    /// table's level those fixed levels give. Needs ``prepareFixedLevels(from:)`` for `level`.
    mutating func setInnerTableBase(_ base: (energy: Double, sharp: Double, cycles: Int, variant: Int, offset: Double), level: Int) {
        guard let table = refetchTable else { return }
        let dims = dimCount, c = table.level
        innerTableOffsets[2 * dims] = 0
        for d in stride(from: dims - 1, through: 0, by: -1) {
            let fixed = level < levelCount ? temporalBelow[level * dims + d] : 1
            innerTableExtents[d] = fixed * assignment.spatialBelow[c * dims + d]
            innerTableOffsets[d] = table.offset(dim: d, extent: innerTableExtents[d])
            innerTableOffsets[dims + d] = innerTableOffsets[dims + d + 1] + innerTableOffsets[d]
        }
        innerTableBase = base
    }

    /// The bound of the partial tiling of `level` (the table's inner neighbour) with its factors
    /// of dims `0..<chosenDims` in `temporal` (the others 1), over ``innerTableBase``; `nil`
    /// without one. Reads each chosen dim's part of the shape index from ``innerTableOffsets``,
    /// set by ``noteInnerTableFactor(_:dim:)`` as each dim's factor is placed.
    mutating func innerTableBound(_ level: Int, chosenDims: Int) -> (energyPJ: Double, cycles: Int)? {
        guard let base = innerTableBase, refetchTable != nil else { return nil }
        let entry = innerTableEntry(level, chosenDims: chosenDims)
        return (max(base.sharp, base.energy + max(0, entry - base.offset)), base.cycles)
    }

    /// The table's entry ``innerTableBound(_:chosenDims:)`` reads (before the offset), split on
    /// each bypassed tensor's branches (``innerSplitTableValue(_:chosenDims:variant:plain:)``).
    mutating func innerTableEntry(_ level: Int, chosenDims: Int) -> Double {
        guard let table = refetchTable else { return 0 }
        let variant = innerTableVariant(level, chosenDims: chosenDims)
        let plain = table.value(shape: innerTableShape(chosenDims: chosenDims), variant: variant, exactDims: 0)
        return innerSplitTableValue(table, chosenDims: chosenDims, variant: variant, plain: plain)
    }

    /// The shape index of the inner neighbour's partial tile with dims `0..<chosenDims` chosen:
    /// their parts as placed (``noteInnerTableFactor(_:dim:)``), the inner tile's for the others.
    @inline(__always) mutating func innerTableShape(chosenDims: Int) -> Int {
        var shape = innerTableOffsets[dimCount + chosenDims]
        for d in 0..<chosenDims { shape += innerTableOffsets[d] }
        return shape
    }

    /// ``innerTableBase``'s variant, raised by the chosen factors of `level` (dims `0..<chosenDims`).
    mutating func innerTableVariant(_ level: Int, chosenDims: Int) -> Int {
        guard let base = innerTableBase else { return 0 }
        return raisedByChosenFactors(base.variant, level: level, chosenDims: chosenDims, keepersInsideOnly: true)
    }

    /// Records dim `d`'s factor at `level` (in `temporal`) in ``innerTableOffsets``.
    @inline(__always) mutating func noteInnerTableFactor(_ level: Int, dim d: Int) {
        guard let table = refetchTable else { return }
        innerTableOffsets[d] = table.offset(dim: d, extent: innerTableExtents[d] * temporal[level * dimCount + d])
    }

    /// Whether ``innerTableBound(_:chosenDims:)`` rules out every completion of `level`'s partial
    /// tiling, its dim `chosenDims − 1` just placed (every dim before it placed by earlier calls:
    /// dims are chosen in order, and a dim whose factor is not free keeps its inner tile's part).
    mutating func exceedsByInnerTable(_ level: Int, chosenDims: Int) -> Bool {
        guard innerTableBase != nil else { return false }
        noteInnerTableFactor(level, dim: chosenDims - 1)
        let limit = pruningLimit(level)
        guard limit < .infinity, let bound = innerTableBound(level, chosenDims: chosenDims) else { return false }
        return exceeds(bound, limit)
    }

    /// The bound the search gives the table's inner neighbour with its dims `0..<chosenDims`
    /// chosen as in `mapping` and the levels inside it fixed as in `mapping`
    /// (``innerTableBound(_:)``): for tests, which check it against `mapping`'s own cost. `nil`
    /// without a table or a level inside its inner neighbour.
    mutating func innerTableBound(of mapping: Mapping, chosenDims: Int) -> (energyPJ: Double, cycles: Int)? {
        guard let table = refetchTable, table.level + 2 < levelCount else { return nil }
        let from = table.level + 2
        guard let sharp = partialBound(of: mapping, from: from),
              let plain = partialBound(of: mapping, from: from, sharpen: false) else { return nil }
        let terms = refetchTerms(table, from: from)
        let entry = tableValue(table, from: from, chosenDims: 0, variant: terms.variant)
        setInnerTableBase((plain.energyPJ, max(sharp.energyPJ, plain.energyPJ + max(0, entry - terms.offset)), sharp.cycles,
                           terms.variant, terms.offset), level: from)
        let level = table.level + 1
        for d in chosenDims..<dimCount { temporal[level * dimCount + d] = 1 }
        for d in 0..<chosenDims { noteInnerTableFactor(level, dim: d) } // as the search places them
        return innerTableBound(level, chosenDims: chosenDims)
    }
}
