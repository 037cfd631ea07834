/// Groups of cells whose fetches depend on the levels not fixed yet (`0..<from`), for
/// ``sharpened(_:from:)``: only one loop can be innermost, and a level that cannot hold its whole
/// partition must refetch. Each group's alternatives are the dims its innermost loop can have.
extension TilingSearch {
    /// Fixed cells whose tensor has no relevant loop in the fixed levels above them.
    ///
    /// Proof. Such a cell fetches `capacity × M`, where `M` is the product of the free levels'
    /// loops from the outermost down to the innermost relevant to its tensor (the fixed loops
    /// between are irrelevant and inside it). Let `e` be the dim of the innermost loop of the free
    /// levels (`remaining[e] > 1`). For a tensor relevant to `e`, `M` is the product of every free
    /// loop, `Π remaining`; if `e`'s loop is also the innermost loop above the cell (no fixed loop
    /// between) and slides the window, its own factor `f ≤ remaining[e]` may fetch only the
    /// window's remainder, so `capacity × Π_{d ≠ e} remaining[d]` is still a bound. The choice of
    /// `e` is common to all these cells: the least total over `e` bounds every completion.
    mutating func innermostFreeLoopGroup(from: Int) {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        var all = 1
        for d in 0..<dims { all *= remaining[d] }
        guard all > 1 else { return }
        var cells = false
        for c in from..<levels where !cells {
            for t in 0..<tensors where keepFlags[c * tensors + t] && boundAnchor[c * tensors + t] == -2 { cells = true }
        }
        guard cells else { return }
        beginGroup()
        for e in 0..<dims where remaining[e] > 1 {
            beginAlternative()
            for c in from..<levels {
                for t in 0..<tensors where keepFlags[c * tensors + t] && boundAnchor[c * tensors + t] == -2 {
                    let cell = c * tensors + t
                    var raw = boundRaw[cell]
                    if relevantMasks[t] & (1 << UInt64(e)) != 0 {
                        let slides = boundSlides[cell] && slidingMasks[t] & (1 << UInt64(e)) != 0
                        raw = max(raw, boundCapacity[cell] * (slides ? all / remaining[e] : all))
                    }
                    addCell(c, t, from: from, fetches: raw)
                }
            }
            endAlternative()
        }
        endGroup()
    }

    /// Cells of the free levels `1..<from` with a capacity: refetches forced by the capacity.
    ///
    /// Proof. Let level `c` be free, `y` its instance's extents and `x` its tile: `x_d = lo_d ·
    /// k_d` with `lo` the fixed levels' tile times the fan-outs inside `c`, and `k_d` dividing
    /// `remaining[d]` (the free levels inside `c` take a share of each remaining factor), and the
    /// kept tiles of `x` fit `c`. If the innermost loop above `c` has dim `e` relevant to a tensor
    /// `t` kept at `c`, `t`'s fetches are its tile times the product of every loop above `c`,
    /// `Π_d y_d / x_d` (a sliding `e` may save its own factor; such tensors keep the compulsory
    /// bound). Covering the partition with `Π_{d relevant} y_d / x_d` tiles gives `tile · Π_{d
    /// relevant} y_d / x_d ≥ used words`, so the fetches are at least `used · Π_{d irrelevant}
    /// remaining[d] / k_d ≥ used · Π_{d irrelevant} remaining[d] / K_t`, where `K_t` is the largest
    /// `Π_{d irrelevant} k_d` of any fitting tile, or more (``largestGrowth(level:mask:from:)``). With no loop above
    /// `c` the tile is the whole partition; when that does not fit, some `e` exists. The least
    /// total over `e`, per level, bounds every completion; levels are disjoint groups of cells.
    mutating func refetchGroups(from: Int) {
        let (dims, tensors) = (dimCount, tensorCount)
        for c in 1..<from {
            guard let size = sizes[c] else { continue }
            // The whole partition (lo × remaining) must not fit.
            var whole = 0
            for d in 0..<dims { extentsScratch[d] = fixedExtent(from, d) * assignment.spatialBelow[c * dims + d] * remaining[d] }
            for t in 0..<tensors where keepFlags[c * tensors + t] { whole += tileWords(t, extentsScratch) }
            guard whole > size else { continue }
            // A level keeping one tensor can grow its tile freely in the irrelevant dims: no refetch
            // is forced (and its cells are left to ``innermostLoopGroup()``).
            var kept = 0
            for t in 0..<tensors where keepFlags[c * tensors + t] { kept += 1 }
            guard kept >= 2 else { continue }
            if from == levelCount && jointRefetchGroup(level: c) { continue }
            for t in 0..<tensors { growthScratch[t] = -1 }
            beginGroup()
            for e in 0..<dims where remaining[e] > 1 {
                beginAlternative()
                for t in 0..<tensors where keepFlags[c * tensors + t] {
                    let bit = UInt64(1) << UInt64(e)
                    guard relevantMasks[t] & bit != 0 && slidingMasks[t] & bit == 0 else { continue }
                    var irrelevant: UInt64 = 0
                    var all = 1
                    for d in 0..<dims where relevantMasks[t] & (1 << UInt64(d)) == 0 && remaining[d] > 1 {
                        irrelevant |= 1 << UInt64(d)
                        all *= remaining[d]
                    }
                    if growthScratch[t] < 0 { growthScratch[t] = largestGrowth(level: c, mask: irrelevant, from: from) }
                    guard growthScratch[t] > 0 else { continue }
                    // ⌈used · all / K⌉: fetches are whole words.
                    let used = assignment.usedWords[c * tensors + t]
                    let (product, overflow) = used.multipliedReportingOverflow(by: all)
                    guard !overflow else { continue }
                    let (q, r) = product.quotientAndRemainder(dividingBy: growthScratch[t])
                    addCell(c, t, from: from, fetches: max(boundRaw[c * tensors + t], q + (r > 0 ? 1 : 0)))
                }
                endAlternative()
            }
            endGroup()
        }
    }

    /// With no level fixed (the bound of a whole spatial assignment): the cells of levels keeping a
    /// single tensor, whose fetches depend on where the nest's innermost loop sits.
    ///
    /// Proof. Let `ℓ` be the innermost level with a temporal loop and `e` the dim of its innermost
    /// loop (with no temporal loop at all there are no refetches, and `computeCycles` is 1). Every
    /// level `c > ℓ` has no temporal loop inside it, so its tile is its fan-outs' extents, and the
    /// innermost loop above it is `e`'s: a tensor relevant to `e` kept at `c` is fetched whole at
    /// every step of every loop, `tile × computeCycles` per instance (`tile × computeCycles /
    /// remaining[e]` if `e` slides its window: only its own factor, at most `remaining[e]`, may
    /// save). The loop of `e` lies inside every level `c ≤ ℓ`, so each of them must hold its
    /// kept tiles with `e`'s extent grown by at least `e`'s smallest prime factor; where that
    /// does not fit, (`ℓ`, `e`) is impossible. The least total over the possible (`ℓ`, `e`)
    /// bounds every mapping. The cells are those of single-tensor levels, which
    /// ``refetchGroups(from:)`` leaves alone, so the groups stay disjoint.
    mutating func innermostLoopGroup() {
        let (levels, dims, tensors) = (levelCount, dimCount, tensorCount)
        let cc = assignment.computeCycles
        guard cc > 1 else { return }
        beginGroup()
        var any = false
        for l in 0..<levels {
            for e in 0..<dims where remaining[e] > 1 {
                let n = remaining[e]
                if divisorCache[n] == nil { divisorCache[n] = Mapspace.divisors(n) }
                let prime = divisorCache[n]?.first { $0 > 1 } ?? n
                var possible = true
                for c in 0...l where possible {
                    guard sizes[c] != nil else { continue }
                    for d in 0..<dims { extentsScratch[d] = assignment.spatialBelow[c * dims + d] }
                    extentsScratch[e] *= prime
                    if !keptFit(c) { possible = false }
                }
                guard possible else { continue }
                any = true
                beginAlternative()
                for c in (l + 1)..<levels {
                    var kept = 0
                    for t in 0..<tensors where keepFlags[c * tensors + t] { kept += 1 }
                    guard kept == 1 else { continue }
                    for t in 0..<tensors where keepFlags[c * tensors + t] && relevantMasks[t] & (1 << UInt64(e)) != 0 {
                        for d in 0..<dims { extentsScratch[d] = assignment.spatialBelow[c * dims + d] }
                        let tile = tileWords(t, extentsScratch)
                        let (all, overflow) = tile.multipliedReportingOverflow(by: cc)
                        guard !overflow else { continue }
                        let slides = slidingMasks[t] & (1 << UInt64(e)) != 0
                        let raw = slides ? (all + remaining[e] - 1) / remaining[e] : all
                        addCell(c, t, from: levels, fetches: max(boundRaw[c * tensors + t], raw))
                    }
                }
                endAlternative()
            }
        }
        if any { endGroup() }
    }

    /// With no level fixed (the bound of a whole spatial assignment, computed once per assignment):
    /// the group of level `c`'s cells with one alternative per maximal fitting tile `x` and innermost
    /// dim `e`, each tensor relevant to `e` (and not sliding on it) fetching `⌈used · Π_{d
    /// irrelevant} remaining[d] / k_d⌉` — the bound of ``refetchGroups(from:)`` for that one tile
    /// rather than each tensor's own best tile. Fetches only shrink as tiles grow, so the tiles
    /// that cannot grow in any dim (the last dim of the depth-first walk taking its largest
    /// fitting factor) suffice. False (nothing added) when the walk would exceed
    /// `jointTileLimit` tiles; the per-tensor group is used instead.
    mutating func jointRefetchGroup(level c: Int) -> Bool {
        let dims = dimCount
        for d in 0..<dims { extentsScratch[d] = assignment.spatialBelow[c * dims + d]; growthFactor[d] = 1 }
        guard keptFit(c) else { return false }
        var free: UInt64 = 0
        for d in 0..<dims where remaining[d] > 1 { free |= 1 << UInt64(d) }
        var visited = 0
        // A first walk counts the tiles; the second adds the alternatives.
        guard walkTiles(c, mask: free, visited: &visited, adding: false), visited <= Self.jointTileLimit else { return false }
        visited = 0
        beginGroup()
        _ = walkTiles(c, mask: free, visited: &visited, adding: true)
        endGroup()
        return true
    }

    /// Most tiles ``jointRefetchGroup(level:)`` walks per level.
    static let jointTileLimit = 64

    private mutating func walkTiles(_ c: Int, mask: UInt64, visited: inout Int, adding: Bool) -> Bool {
        if mask == 0 {
            visited += 1
            if !adding { return visited <= Self.jointTileLimit }
            addTileAlternatives(c)
            return true
        }
        let d = mask.trailingZeroBitCount
        let rest = mask & (mask - 1)
        let base = extentsScratch[d]
        let n = remaining[d]
        let divisors: [Int]
        if let cached = divisorCache[n] { divisors = cached } else {
            divisors = Mapspace.divisors(n)
            divisorCache[n] = divisors
        }
        if rest == 0 {
            // The last dim: only its largest fitting factor.
            var largest = 1
            for k in divisors {
                extentsScratch[d] = base * k
                if k > 1 && !keptFit(c) { break }
                largest = k
            }
            extentsScratch[d] = base * largest
            growthFactor[d] = largest
            let ok = walkTiles(c, mask: 0, visited: &visited, adding: adding)
            extentsScratch[d] = base
            growthFactor[d] = 1
            return ok
        }
        for k in divisors {
            extentsScratch[d] = base * k
            if k > 1 && !keptFit(c) { break }
            growthFactor[d] = k
            if !walkTiles(c, mask: rest, visited: &visited, adding: adding) {
                extentsScratch[d] = base
                growthFactor[d] = 1
                return false
            }
        }
        extentsScratch[d] = base
        growthFactor[d] = 1
        return true
    }

    /// The alternatives (tile `growthFactor`, innermost dim `e`) of one tile.
    private mutating func addTileAlternatives(_ c: Int) {
        let (dims, tensors) = (dimCount, tensorCount)
        for e in 0..<dims where remaining[e] > 1 {
            beginAlternative()
            let bit = UInt64(1) << UInt64(e)
            for t in 0..<tensors where keepFlags[c * tensors + t] && relevantMasks[t] & bit != 0 && slidingMasks[t] & bit == 0 {
                var refetch = 1, overflow = false
                for d in 0..<dims where relevantMasks[t] & (1 << UInt64(d)) == 0 {
                    (refetch, overflow) = refetch.multipliedReportingOverflow(by: remaining[d] / growthFactor[d])
                    if overflow { break }
                }
                guard !overflow else { continue }
                let (raw, over) = assignment.usedWords[c * tensors + t].multipliedReportingOverflow(by: refetch)
                guard !over else { continue }
                addCell(c, t, from: levelCount, fetches: max(boundRaw[c * tensors + t], raw))
            }
            endAlternative()
        }
    }

    /// An upper bound on the largest `Π_{d in mask} k_d` (`k_d` dividing `remaining[d]`) such that
    /// level `c`'s kept tiles fit with extents `lo_d · k_d` on `mask` and `lo_d` elsewhere: the
    /// exact largest when a walk of at most ``growthWalkLimit`` tiles finds it, else the product of
    /// each dim's largest fitting factor with the others at `lo` (tiles only grow with their
    /// extents, so a fitting tile's every factor fits alone); 0 when `lo` does not fit.
    mutating func largestGrowth(level c: Int, mask: UInt64, from: Int) -> Int {
        let dims = dimCount
        for d in 0..<dims { extentsScratch[d] = fixedExtent(from, d) * assignment.spatialBelow[c * dims + d] }
        guard keptFit(c) else { return 0 }
        var product = 1
        var rest = mask
        while rest != 0 {
            let d = rest.trailingZeroBitCount
            rest &= rest - 1
            let base = extentsScratch[d]
            let n = remaining[d]
            let divisors: [Int]
            if let cached = divisorCache[n] { divisors = cached } else {
                divisors = Mapspace.divisors(n)
                divisorCache[n] = divisors
            }
            var largest = 1
            for k in divisors.dropFirst() {
                extentsScratch[d] = base * k
                if !keptFit(c) { break }
                largest = k
            }
            extentsScratch[d] = base
            let (next, overflow) = product.multipliedReportingOverflow(by: largest)
            product = overflow ? Int.max : next
        }
        // With several dims, the exact largest product when a short walk finds it.
        guard mask.nonzeroBitCount >= 2, product < Int.max else { return product }
        var exact = 1, budget = Self.growthWalkLimit
        if growDim(c, mask: mask, product: 1, best: &exact, budget: &budget) { return min(product, exact) }
        return product
    }

    /// Most tiles the exact walk of ``largestGrowth(level:mask:from:)`` visits.
    static let growthWalkLimit = 256

    /// Depth first over the dims of `mask`, factors ascending (the first that overflows cuts off the
    /// larger ones); false when the walk would exceed `budget` tiles.
    private mutating func growDim(_ c: Int, mask: UInt64, product: Int, best: inout Int, budget: inout Int) -> Bool {
        guard mask != 0 else {
            best = max(best, product)
            budget -= 1
            return budget >= 0
        }
        let d = mask.trailingZeroBitCount
        let rest = mask & (mask - 1)
        let base = extentsScratch[d]
        let n = remaining[d]
        let divisors: [Int]
        if let cached = divisorCache[n] { divisors = cached } else {
            divisors = Mapspace.divisors(n)
            divisorCache[n] = divisors
        }
        var complete = true
        for k in divisors {
            extentsScratch[d] = base * k
            if k > 1 && !keptFit(c) { break }
            if !growDim(c, mask: rest, product: product * k, best: &best, budget: &budget) { complete = false; break }
        }
        extentsScratch[d] = base
        return complete
    }

    /// The product of dim `d`'s temporal factors in the fixed levels `from..<levels` (1 when none is fixed).
    private mutating func fixedExtent(_ from: Int, _ d: Int) -> Int { from < levelCount ? temporalBelow[from * dimCount + d] : 1 }

    /// Whether level `c`'s kept tiles at extents `extentsScratch` fit its size.
    private mutating func keptFit(_ c: Int) -> Bool {
        guard let size = sizes[c] else { return true }
        var used = 0
        for t in 0..<tensorCount where keepFlags[c * tensorCount + t] {
            used += tileWords(t, extentsScratch)
            if used > size { return false }
        }
        return true
    }

    /// Tensor `t`'s tile in words at `extents`.
    mutating func tileWords(_ t: Int, _ extents: [Int]) -> Int {
        packedTerms.withUnsafeBufferPointer { packed in
            extents.withUnsafeBufferPointer { PackedTerms.tileSize(packed, tensor: t, extents: $0.baseAddress!) } // invariant: dims > 0
        }
    }
}
