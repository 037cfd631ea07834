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
    /// `Π_{d irrelevant} k_d` of any fitting tile (``largestGrowth(level:mask:from:)``). With no loop above
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

    /// The largest `Π_{d in mask} k_d` (`k_d` dividing `remaining[d]`) such that level `c`'s kept
    /// tiles fit with extents `lo_d · k_d` on `mask` and `lo_d` elsewhere; 0 when even `lo` does
    /// not fit. Depth first over the dims of `mask`, factors ascending: tiles only grow with their
    /// extents, so the first factor that overflows cuts off the larger ones.
    mutating func largestGrowth(level c: Int, mask: UInt64, from: Int) -> Int {
        let dims = dimCount
        for d in 0..<dims { extentsScratch[d] = fixedExtent(from, d) * assignment.spatialBelow[c * dims + d] }
        guard keptFit(c) else { return 0 }
        var best = 1
        growDim(c, mask: mask, product: 1, best: &best)
        return best
    }

    private mutating func growDim(_ c: Int, mask: UInt64, product: Int, best: inout Int) {
        guard mask != 0 else { best = max(best, product); return }
        let d = mask.trailingZeroBitCount
        let rest = mask & (mask - 1)
        let base = extentsScratch[d]
        let n = remaining[d]
        let divisors: [Int]
        if let cached = divisorCache[n] { divisors = cached } else {
            divisors = Mapspace.divisors(n)
            divisorCache[n] = divisors
        }
        for k in divisors {
            extentsScratch[d] = base * k
            if k > 1 && !keptFit(c) { break }
            growDim(c, mask: rest, product: product * k, best: &best)
        }
        extentsScratch[d] = base
    }

    /// The product of dim `d`'s temporal factors in the fixed levels `from..<levels` (1 when none is fixed).
    private func fixedExtent(_ from: Int, _ d: Int) -> Int { from < levelCount ? temporalBelow[from * dimCount + d] : 1 }

    /// Whether level `c`'s kept tiles at extents `extentsScratch` fit its size.
    private func keptFit(_ c: Int) -> Bool {
        guard let size = sizes[c] else { return true }
        var used = 0
        for t in 0..<tensorCount where keepFlags[c * tensorCount + t] {
            used += tileWords(t, extentsScratch)
            if used > size { return false }
        }
        return true
    }

    /// Tensor `t`'s tile in words at `extents`.
    func tileWords(_ t: Int, _ extents: [Int]) -> Int {
        packedTerms.withUnsafeBufferPointer { packed in
            extents.withUnsafeBufferPointer { PackedTerms.tileSize(packed, tensor: t, extents: $0.baseAddress!) } // invariant: dims > 0
        }
    }
}
