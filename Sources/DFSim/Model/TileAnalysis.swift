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
    ///
    /// - Complexity: O(loops above the level × tensor dims).
    static func rawFillsPerInstance(nest: LoopNest, start: Int, projection: TensorProjection,
                                    spans: [Int], capacity: Int) -> Int {
        var innermost = -1
        for j in stride(from: start - 1, through: 0, by: -1)
        where nest.kinds[j] == .temporal && nest.factors[j] > 1 {
            innermost = j
            break
        }
        guard innermost >= 0 else { return capacity }
        var raw = capacity
        var iterationsBefore = 1
        var relevantInside = false
        // Relevance of each loop's suffix: walk outward from the innermost loop.
        var suffixRelevant = [Bool](repeating: false, count: start)
        for j in stride(from: innermost, through: 0, by: -1) {
            if nest.kinds[j] == .temporal && nest.factors[j] > 1 && projection.relevant[nest.dims[j]] {
                relevantInside = true
            }
            suffixRelevant[j] = relevantInside
        }
        for j in 0...innermost where nest.kinds[j] == .temporal && nest.factors[j] > 1 {
            let steps = (nest.factors[j] - 1) * iterationsBefore
            let delta: Int
            if j == innermost {
                delta = slidingDelta(dim: nest.dims[j], stride: nest.strides[j], projection: projection,
                                     spans: spans, capacity: capacity)
            } else {
                delta = suffixRelevant[j] ? capacity : 0
            }
            raw += steps * delta
            iterationsBefore *= nest.factors[j]
        }
        return raw
    }

    /// New words when the tile moves by `stride` along `dim` (Timeloop's AAHR difference: partial
    /// only along a single tensor dim).
    static func slidingDelta(dim: Int, stride: Int, projection: TensorProjection, spans: [Int], capacity: Int) -> Int {
        var moved = -1
        var shift = 0
        for (k, row) in projection.coefficients.enumerated() where row[dim] != 0 {
            if moved >= 0 { return capacity }
            moved = k
            shift = abs(row[dim] * stride)
        }
        guard moved >= 0 else { return 0 }
        if shift >= spans[moved] { return capacity }
        return capacity / spans[moved] * shift
    }

    /// Number of distinct transfers per parent instance for one child delta: the children under a
    /// parent (spatial loops between the two levels) split into groups that need exactly the same
    /// words (multicast) or update the same outputs (reduction). Grouping is per fan-out and axis.
    static func transferGroups(nest: LoopNest, from: Int, to: Int, projection: TensorProjection,
                               architecture: Architecture, isOutput: Bool) -> Int {
        var groups = 1
        var j = from
        while j < to {
            guard nest.kinds[j] != .temporal else { j += 1; continue }
            // A run of loops on the same fan-out and axis.
            var end = j
            while end < to && nest.kinds[end] == nest.kinds[j] && nest.fanoutLevel[end] == nest.fanoutLevel[j] { end += 1 }
            let fanout = architecture.levels[nest.fanoutLevel[j]].fanout
            let shares = isOutput ? (fanout?.reduction ?? true) : (fanout?.multicast ?? true)
            if shares {
                groups *= distinctOffsets(nest: nest, loops: j..<end, projection: projection)
            } else {
                for i in j..<end { groups *= nest.factors[i] }
            }
            j = end
        }
        return groups
    }

    /// Number of distinct tensor-space offsets over the combinations of the given spatial loops.
    static func distinctOffsets(nest: LoopNest, loops: Range<Int>, projection: TensorProjection) -> Int {
        let relevant = loops.filter { projection.relevant[nest.dims[$0]] && nest.factors[$0] > 1 }
        if relevant.count <= 1 { return relevant.first.map { nest.factors[$0] } ?? 1 }
        // Separable: every tensor dim depends on at most one of the loops, so offsets are injective.
        let rows = projection.coefficients
        let separable = rows.allSatisfy { row in relevant.filter { row[nest.dims[$0]] != 0 }.count <= 1 }
        if separable { return relevant.reduce(1) { $0 * nest.factors[$1] } }
        var offsets: [[Int]] = [[Int](repeating: 0, count: rows.count)]
        for j in relevant {
            var next: [[Int]] = []
            next.reserveCapacity(offsets.count * nest.factors[j])
            for base in offsets {
                for i in 0..<nest.factors[j] {
                    var v = base
                    for k in rows.indices { v[k] += rows[k][nest.dims[j]] * nest.strides[j] * i }
                    next.append(v)
                }
            }
            offsets = next
        }
        return Set(offsets).count
    }

    /// Cycles a level needs for its per-instance accesses, and its throttling (Timeloop's double
    /// arithmetic: `ceil(cc / (B / (Σ reads/cc + Σ writes/cc)))`, tensors in the order weights,
    /// inputs, outputs).
    static func bandwidthCycles(tensors: [TensorLevelStats], instances: Int, computeCycles: Int,
                                bandwidth: Bandwidth) -> (cycles: Int, throttling: Double) {
        guard instances > 0, computeCycles > 0, !tensors.isEmpty else { return (computeCycles, 1) }
        let cc = Double(computeCycles)
        var readRate = 0.0, writeRate = 0.0
        for t in tensors { readRate += Double(t.reads / instances) / cc }
        for t in tensors { writeRate += Double((t.fills + t.updates) / instances) / cc }
        var throttling = 1.0
        if let shared = bandwidth.shared, readRate + writeRate > shared {
            throttling = min(throttling, shared / (readRate + writeRate))
        }
        if let read = bandwidth.read, readRate > read { throttling = min(throttling, read / readRate) }
        if let write = bandwidth.write, writeRate > write { throttling = min(throttling, write / writeRate) }
        if throttling >= 1 { return (computeCycles, 1) }
        return (Int((cc / throttling).rounded(.up)), throttling)
    }
}
