/// The closed-form pieces of the cost model: fills of a tile over the loops above it, multicast
/// and reduction groups at fan-outs, and bandwidth-limited cycles.
enum TileAnalysis {
    /// Words one instance of a level fetches over the whole run, before first-read elision.
    ///
    /// The first tile is fetched whole. A step of the innermost temporal loop above the level
    /// fetches the part of the tile not in the previous one (zero for an irrelevant loop; a
    /// sliding-window remainder when the tile moves along one tensor dim by less than its span;
    /// the whole tile otherwise). A step of any outer loop resets the inner loops: the tile is
    /// fetched whole if any loop that changed index is relevant to the tensor, else nothing.
    /// A step of loop `j` happens `(f_j − 1) · Π_{i<j} f_i` times.
    ///
    /// - Complexity: O(loops above the level × tensor rank), no allocation.
    static func rawFillsPerInstance(nest: LoopNest, level: Int, projection: TensorProjection, capacity: Int) -> Int {
        let start = nest.levelStart[level]
        let loops = nest.loops
        var innermost = -1
        var allIterations = 1
        for j in 0..<start where loops[j].kind == .temporal && loops[j].factor > 1 {
            innermost = j
            allIterations *= loops[j].factor
        }
        guard innermost >= 0 else { return capacity }
        var raw = capacity
        var suffix = 1 // product of the factors from j to the innermost loop
        var relevantInside = false
        for j in stride(from: innermost, through: 0, by: -1) where loops[j].kind == .temporal && loops[j].factor > 1 {
            let factor = loops[j].factor
            suffix *= factor
            let steps = (factor - 1) * (allIterations / suffix)
            let relevant = projection.relevant[loops[j].dim]
            let delta: Int
            if j == innermost {
                delta = relevant ? slidingDelta(loop: loops[j], nest: nest, level: level, projection: projection, capacity: capacity) : 0
            } else {
                delta = relevant || relevantInside ? capacity : 0
            }
            relevantInside = relevantInside || relevant
            raw += steps * delta
        }
        return raw
    }

    /// New words when the tile moves by one step of `loop` (Timeloop's AAHR difference: partial
    /// only along a single tensor dim, else the whole tile).
    static func slidingDelta(loop: LoopNest.Entry, nest: LoopNest, level: Int, projection: TensorProjection, capacity: Int) -> Int {
        slidingDelta(dim: loop.dim, stride: loop.stride, inner: nest.inner, level: level, projection: projection, capacity: capacity)
    }

    /// ``slidingDelta(loop:nest:level:projection:capacity:)`` for a loop over `dim` with the given
    /// stride; `inner[level * dims + d]` holds the extents of each level's tile (``LoopNest``'s rows).
    static func slidingDelta(dim: Int, stride: Int, inner: [Int], level: Int, projection: TensorProjection, capacity: Int) -> Int {
        var moved = -1
        var shift = 0
        for k in 0..<projection.rank where projection.coefficient(k, dim) != 0 {
            if moved >= 0 { return capacity }
            moved = k
            shift = abs(projection.coefficient(k, dim) * stride)
        }
        guard moved >= 0 else { return 0 }
        let span = projection.span(moved, extents: inner, row: level)
        if shift >= span { return capacity }
        return capacity / span * shift
    }

    /// Number of distinct transfers per parent instance for one child delta: the children under a
    /// parent (spatial loops between the two levels) split into groups that need exactly the same
    /// words (multicast) or update the same outputs (reduction). Grouping is per fan-out, and per
    /// axis unless the fan-out's sharing is joint, when the children of both axes are compared
    /// together: a group is then one distinct tensor-space offset over all the fan-out's loops, as
    /// Timeloop compares the deltas of every spatial element of one spatial level
    /// (`NestAnalysis::ComputeAccurateMulticastedAccesses`, src/loop-analysis/nest-analysis.cpp).
    /// `shares[level]`: whether the fan-out opened at `level` multicasts (reduces, for outputs);
    /// `joint[level]`: whether it compares across both axes (``FanoutSharing/joint``).
    static func transferGroups(nest: LoopNest, from: Int, to: Int, projection: TensorProjection,
                               shares: [Bool], joint: [Bool]) -> Int {
        let loops = nest.loops
        var groups = 1
        var j = from
        while j < to {
            guard loops[j].kind != .temporal else { j += 1; continue }
            // A run of loops on the same fan-out (and axis, unless the fan-out shares jointly; the
            // y loops of a fan-out come right before its x loops, so one run holds both).
            let wholeFanout = joint[loops[j].fanoutLevel]
            var end = j
            while end < to && loops[end].kind != .temporal && loops[end].fanoutLevel == loops[j].fanoutLevel
                    && (wholeFanout || loops[end].kind == loops[j].kind) { end += 1 }
            if shares[loops[j].fanoutLevel] {
                groups *= distinctOffsets(loops: nest.loops[j..<end], projection: projection)
            } else {
                for i in j..<end { groups *= loops[i].factor }
            }
            j = end
        }
        return groups
    }

    /// Number of distinct tensor-space offsets over the combinations of the given spatial loops.
    static func distinctOffsets(loops: ArraySlice<LoopNest.Entry>, projection: TensorProjection) -> Int {
        var bits: [UInt64] = []
        return distinctOffsets(loops: loops, projection: projection, bits: &bits)
    }

    /// ``distinctOffsets(loops:projection:)`` with a caller-owned bit set (grown when too small,
    /// so a reused one makes the common case allocation-free).
    ///
    /// When every loop moves at most one tensor index, the offsets are the product over indices
    /// of the distinct values of `Σ |coefficient × stride| × i_j` (`i_j` < factor) over the loops
    /// on that index (a term's sign only translates the set). Each is counted with a bit set:
    /// `x |= x << a`, `factor − 1` times per loop, from {0}. A loop on two indices falls back to
    /// enumerating offset vectors.
    /// - Complexity: O(Σ factors × span / 64) words per index, span the index's range of offsets.
    static func distinctOffsets(loops: ArraySlice<LoopNest.Entry>, projection: TensorProjection, bits: inout [UInt64]) -> Int {
        let range = loops.indices
        var product = 1
        var relevantCount = 0
        for j in range where projection.relevant[loops[j].dim] && loops[j].factor > 1 {
            product *= loops[j].factor
            relevantCount += 1
        }
        if relevantCount <= 1 { return product }
        // Separable: every tensor dim depends on at most one of the loops, so offsets are injective.
        var separable = true
        for k in 0..<projection.rank {
            var users = 0
            for j in range where loops[j].factor > 1 && projection.coefficient(k, loops[j].dim) != 0 { users += 1 }
            if users > 1 { separable = false; break }
        }
        if separable { return product }
        if separableByDim(loops: loops, projection: projection) { return product }
        // Overlapping projections (e.g. q and s both feeding 2q+s), each loop on one index: a
        // product of per-index counts of distinct sums.
        var oneIndexEach = true
        for j in range where loops[j].factor > 1 {
            var indices = 0
            for k in 0..<projection.rank where projection.coefficient(k, loops[j].dim) != 0 { indices += 1 }
            if indices > 1 { oneIndexEach = false; break }
        }
        if oneIndexEach {
            var count = 1
            for k in 0..<projection.rank {
                var span = 1
                for j in range where loops[j].factor > 1 {
                    span += abs(projection.coefficient(k, loops[j].dim) * loops[j].stride) * (loops[j].factor - 1)
                }
                if span == 1 { continue }
                guard span <= 1 << 22 else { oneIndexEach = false; break }
                count *= distinctSums(loops: loops, projection: projection, index: k, span: span, bits: &bits)
            }
            if oneIndexEach { return count }
        }
        // Otherwise enumerate the offset vectors.
        var offsets: Set<[Int]> = [[Int](repeating: 0, count: projection.rank)]
        for j in range where projection.relevant[loops[j].dim] && loops[j].factor > 1 {
            var next = Set<[Int]>()
            for base in offsets {
                for i in 0..<loops[j].factor {
                    var v = base
                    for k in 0..<projection.rank { v[k] += projection.coefficient(k, loops[j].dim) * loops[j].stride * i }
                    next.insert(v)
                }
            }
            offsets = next
        }
        return offsets.count
    }

    /// Whether the offsets of the loops are injective because every tensor index depends on at most
    /// one dim among them and the loops of each dim nest (a dim split over both axes of a fan-out).
    ///
    /// Proof: the loops of one dim `d`, sorted by stride, have `stride_{j+1} ≥ stride_j × factor_j`
    /// (checked pairwise below: for two loops, the larger stride is at least the smaller stride
    /// times its loop's factor). Then `Σ_{j<m} (factor_j − 1) × stride_j < stride_m` by induction, so
    /// `Σ i_j × stride_j` (`i_j` < `factor_j`) is a mixed-radix number: distinct loop indices give
    /// distinct positions along `d`. An index that depends on `d` alone maps positions injectively
    /// (a nonzero coefficient), and indices of different dims vary independently, so the offset
    /// vectors number the product of the relevant factors.
    private static func separableByDim(loops: ArraySlice<LoopNest.Entry>, projection: TensorProjection) -> Bool {
        for k in 0..<projection.rank {
            var dim = -1
            for j in loops.indices where loops[j].factor > 1 && projection.coefficient(k, loops[j].dim) != 0 {
                if dim >= 0 && dim != loops[j].dim { return false }
                dim = loops[j].dim
            }
        }
        for i in loops.indices where loops[i].factor > 1 && projection.relevant[loops[i].dim] {
            for j in loops.indices where j > i && loops[j].factor > 1 && loops[j].dim == loops[i].dim {
                let (a, b) = (loops[i], loops[j])
                let nested = a.stride <= b.stride ? b.stride >= a.stride * a.factor : a.stride >= b.stride * b.factor
                if !nested { return false }
            }
        }
        return true
    }

    /// Distinct values of `Σ |c_j × stride_j| × i_j` over the loops on tensor index `k`, each
    /// `i_j` < its factor, all within `0 ..< span`.
    private static func distinctSums(loops: ArraySlice<LoopNest.Entry>, projection: TensorProjection, index k: Int,
                                     span: Int, bits: inout [UInt64]) -> Int {
        let words = (span + 63) >> 6
        if bits.count < words { bits.append(contentsOf: repeatElement(0, count: words - bits.count)) }
        return bits.withUnsafeMutableBufferPointer { b in
            for w in 0..<words { b[w] = 0 }
            b[0] = 1
            var top = 0 // highest word that may hold a set bit
            for j in loops.indices where loops[j].factor > 1 {
                let a = abs(projection.coefficient(k, loops[j].dim) * loops[j].stride)
                guard a > 0 else { continue }
                let (whole, part) = (a >> 6, UInt64(a & 63))
                for _ in 1..<loops[j].factor {
                    // x |= x << a, from the top word down so every source word is still unchanged.
                    let newTop = min(words - 1, top + whole + 1)
                    var w = newTop
                    while w >= whole {
                        let low = w - whole
                        var shifted: UInt64 = low <= top ? b[low] << part : 0
                        if part > 0 && low >= 1 && low - 1 <= top { shifted |= b[low - 1] >> (64 - part) }
                        b[w] |= shifted
                        w -= 1
                    }
                    top = newTop
                }
            }
            var count = 0
            for w in 0..<words { count += b[w].nonzeroBitCount }
            return count
        }
    }

    /// Cycles a level needs for its per-instance accesses, and its throttling. `readRate` and
    /// `writeRate` are per-instance accesses per compute cycle, summed as Timeloop does (tensors in
    /// the order weights, inputs, outputs), so `ceil(cc / (B / rate))` rounds like Timeloop's doubles.
    static func bandwidthCycles(readRate: Double, writeRate: Double, computeCycles: Int,
                                bandwidth: Bandwidth) -> (cycles: Int, throttling: Double) {
        var throttling = 1.0
        if let shared = bandwidth.shared, readRate + writeRate > shared {
            throttling = min(throttling, shared / (readRate + writeRate))
        }
        if let read = bandwidth.read, readRate > read { throttling = min(throttling, read / readRate) }
        if let write = bandwidth.write, writeRate > write { throttling = min(throttling, write / writeRate) }
        if throttling >= 1 { return (computeCycles, 1) }
        let cycles = (Double(computeCycles) / throttling).rounded(.up)
        return (cycles < Double(Evaluation.largestCycles) ? Int(cycles) : Evaluation.largestCycles, throttling)
    }
}
