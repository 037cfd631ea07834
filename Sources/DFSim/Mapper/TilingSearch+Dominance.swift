/// Dominance between partial tilings (energy objective): two tilings of the levels `b..<levels`
/// that hand the same tile to the levels outside them, one of which costs less in every term that
/// depends on them, need only the cheaper one's completions searched.
///
/// Proof. Fix the levels `b..<levels` (a *config*) and let `inner[b]` be the tile they hold. Every
/// completion (factors and orders of the levels outside `b`) is then a completion of every config
/// with the same tile, and a config's energy under a completion splits into three parts:
/// - the cells of the outer levels (fills, reads, updates, network): they depend on the completion
///   and on the tile `inner[b]` only (partitions and groups are the assignment's), not on the config;
/// - each kept (level c ≥ b, tensor t) whose innermost relevant loop lies in a fixed level `a`:
///   its fetches are `capacity × outer(a) × prefix(a's order)` (or the sliding form), where
///   `outer(a)` is the layer's temporal product over the fixed levels' products from `a` inward, so
///   they do not depend on the completion; with the level orders chosen for least energy (as the
///   search does: each level's order moves only the cells anchored in it), their least sum `C` is
///   a number of the config;
/// - each kept (c, t) whose innermost relevant loop lies outside `b`: its fetches are
///   `capacity × M_t`, where `M_t ≥ 1` is the product of the completion's loops down to its
///   innermost loop relevant to `t`, the same for every such cell of `t`. Every count the cell
///   drives (its fills, its parent's reads and updates, network words) is linear in its fetches
///   with a non-negative energy per fetch `a_c`, so these cells cost `Σ_t α_t · M_t` with
///   `α_t = Σ a_c · capacity_c`.
/// Configs with a cell whose fetches could slide on the completion's innermost loop (no loop
/// between it and `b`, and a window dim left outside) are not compared. So if an earlier config
/// `A` has `C(A) ≤ C(B)` and `α_t(A) ≤ α_t(B)` for every tensor, every completion costs `B` at least
/// `(C(B) − C(A)) + Σ_t (α_t(B) − α_t(A))` more than the same completion of `A` (the best orders of
/// the outer levels for `B` are available to `A` too). When that margin exceeds 10⁻⁹ of the best
/// energy known, no completion of `B` can be the optimum or tie with it: `A`'s completions were
/// all searched before `B` (depth first) or ruled out by a bound. Only configs within one
/// spatial assignment and with fixed keep policies are compared, and only for the energy
/// objective (cycles would need their own dominance).
///
/// `MapperOptimalityRichTests` and `MapperOptimalityTests` check the search with this pruning
/// against a plain enumeration, and `dominancePrunesWithoutChangingTheResult` against the search
/// without it.
extension TilingSearch {
    /// Whether `level`'s config (levels `level..<levels` fixed, its classes set) is dominated by an
    /// earlier config with the same tile; records it otherwise.
    mutating func dominated(_ level: Int, limit: Double) -> Bool {
        guard dominanceActive, level >= 1, level + 2 <= levelCount else { return false }
        guard configCost(from: level) else { return false }
        let vector = dominanceScratch
        let (dims, tensors) = (dimCount, tensorCount)
        var key = Hasher()
        key.combine(level)
        for d in 0..<dims { key.combine(inner[level * dims + d]) }
        let hash = key.finalize()
        let width = tensors + 1
        var entry = dominanceHeads[hash] ?? -1
        var length = 0
        var sum = 0.0
        for i in 0..<width { sum += vector[i] }
        while entry >= 0 {
            var sameTile = dominanceLevel[entry] == level
            if sameTile { for d in 0..<dims where dominanceTiles[entry * dims + d] != inner[level * dims + d] { sameTile = false; break } }
            if sameTile && limit < .infinity {
                var covers = true, margin = sum
                for i in 0..<width {
                    let earlier = dominanceCosts[entry * width + i]
                    if earlier > vector[i] { covers = false; break }
                    margin -= earlier
                }
                if covers && margin > 1e-9 * limit { return true }
            }
            length += 1
            entry = dominanceNext[entry]
        }
        guard length < 16 else { return false } // keep each tile's list short
        dominanceNext.append(dominanceHeads[hash] ?? -1)
        dominanceHeads[hash] = dominanceLevel.count
        dominanceLevel.append(level)
        for d in 0..<dims { dominanceTiles.append(inner[level * dims + d]) }
        for i in 0..<width { dominanceCosts.append(vector[i]) }
        return false
    }

    /// Forgets every recorded config (a new assignment: tiles include its spatial factors).
    mutating func resetDominance() {
        dominanceHeads.removeAll(keepingCapacity: true)
        dominanceNext.removeAll(keepingCapacity: true)
        dominanceLevel.removeAll(keepingCapacity: true)
        dominanceTiles.removeAll(keepingCapacity: true)
        dominanceCosts.removeAll(keepingCapacity: true)
    }

    /// Sets `dominanceScratch` to `[C, α_0, …, α_{T−1}]` of the config of levels `from..<levels`
    /// (see the extension's proof); false when some cell could slide on the completion's innermost loop.
    private mutating func configCost(from: Int) -> Bool {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        prepareFixedLevels(from: from)
        for i in dominanceScratch.indices { dominanceScratch[i] = 0 }
        var anchored = 0
        for t in 0..<tensors {
            let relevant = relevantMasks[t]
            let isOutput = roles[t] == .outputs
            for c in from..<levels where keepFlags[c * tensors + t] {
                var parent = c - 1
                while parent > 0 && !keepFlags[parent * tensors + t] { parent -= 1 }
                let groups = boundGroups(parent: parent, child: c, tensor: t, from: from)
                let perFill = context.network.perFill(level: c, t: t, tensors: tensors, keep: keepFlags)
                let coefficient = Double(assignment.instances[c]) * (context.writeEnergy[c] + (isOutput ? 2 : 1) * perFill)
                    + Double(groups) * Double(assignment.instances[parent])
                    * (context.readEnergy[parent] + (isOutput ? context.updateEnergy[parent] : 0))
                let capacity = packedTerms.withUnsafeBufferPointer { packed in
                    inner.withUnsafeBufferPointer { inner in
                        PackedTerms.tileSize(packed, tensor: t, extents: inner.baseAddress! + c * dims) // invariant: non-empty
                    }
                }
                var anchor = c - 1
                while anchor >= from && boundMask[anchor] & relevant == 0 { anchor -= 1 }
                var loopsBetween = false
                for l in (anchor + 1)..<c where boundMask[l] != 0 { loopsBetween = true }
                if anchor >= from {
                    dominanceCell[anchored] = (anchor, t, c, coefficient, capacity, !loopsBetween)
                    anchored += 1
                } else {
                    if !loopsBetween {
                        for d in 0..<dims where slidingMasks[t] & relevant & (1 << UInt64(d)) != 0 && remaining[d] > 1 { return false }
                    }
                    dominanceScratch[1 + t] += coefficient * Double(capacity)
                }
            }
        }
        // Cells anchored in a fixed level: that level's least-energy order class.
        let width = tensors + 1
        for a in from..<levels {
            var least = Double.infinity
            for index in 0..<classCount[a] {
                let base = signatureBase[a] + index * width
                let innermost = Int(Int64(bitPattern: signatureTable[base + tensors]))
                var cost = 0.0
                for k in 0..<anchored where dominanceCell[k].anchor == a {
                    let cell = dominanceCell[k]
                    var trailingProduct = 1
                    var rest = signatureTable[base + cell.t] & boundMask[a]
                    while rest != 0 {
                        trailingProduct *= temporal[a * dims + rest.trailingZeroBitCount]
                        rest &= rest - 1
                    }
                    var raw = cell.capacity * boundOuter[a] * (boundProduct[a] / trailingProduct)
                    if cell.slides && innermost >= 0 && trailingProduct == 1 {
                        let f = temporal[a * dims + innermost]
                        let delta = TileAnalysis.slidingDelta(dim: innermost, stride: inner[a * dims + innermost] / f, inner: inner,
                                                              level: cell.level, projection: projections[cell.t], capacity: cell.capacity)
                        raw = boundOuter[a] * (boundProduct[a] / f) * (cell.capacity + (f - 1) * delta)
                    }
                    cost += cell.coefficient * Double(raw)
                }
                least = min(least, cost)
            }
            if least < .infinity { dominanceScratch[0] += least }
        }
        return true
    }
}
