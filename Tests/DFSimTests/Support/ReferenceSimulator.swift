import DFSim

/// A brute-force reference for the cost model: it walks every iteration of the loop nest, keeps
/// each level's current tile per instance as an explicit set of points, and counts the words that
/// move. It shares no code with ``CostModel`` beyond the input types.
///
/// Per step, for each level `ℓ` keeping a tensor and each of its instances:
/// - the tile is the box spanned by the loops at and below `ℓ`, placed by the indices above it;
/// - delta (Timeloop's rules): the whole tile on the first step; nothing if no loop above `ℓ` that
///   changed index is relevant to the tensor; `new \ old` (as point sets) if the only loop that changed
///   is the innermost temporal loop above `ℓ` and the boxes differ along at most one tensor dim;
///   otherwise the whole new tile;
/// - children under one parent instance whose deltas are equal point sets and who sit at the same
///   tensor-space offset along every fan-out axis share one parent transfer (multicast/reduction);
///   for a fan-out whose sharing is joint, at the same offset over both of its axes together;
/// - the compute unit is a child whose "tile" is the single point of the current MAC, refetched
///   every step;
/// - outputs: a fill is a delta point this instance has seen before; the partition is every point it
///   ever saw; `reads = updates − partition`.
struct ReferenceSimulator {
    struct Counts: Hashable, CustomStringConvertible {
        var capacity = 0, instances = 0, reads = 0, fills = 0, updates = 0
        var description: String { "cap \(capacity) inst \(instances) reads \(reads) fills \(fills) updates \(updates)" }
    }

    let einsum: Einsum
    let architecture: Architecture
    let mapping: Mapping

    private struct FlatLoop {
        var dim: Int, factor: Int, spatial: Bool, axisKey: Int
    }

    /// Counts per `[level][tensor]` (nil where the level does not keep the tensor).
    func run() -> [[Counts?]] {
        // Flatten: per level its temporal loops, then its spatial loops (y before x).
        var loops: [FlatLoop] = []
        var start: [Int] = []
        for (index, level) in mapping.levels.enumerated() {
            start.append(loops.count)
            for l in level.temporal { loops.append(FlatLoop(dim: l.dim, factor: l.factor, spatial: false, axisKey: -1)) }
            for axis in [SpatialAxis.y, .x] {
                for l in level.spatial where l.axis == axis {
                    loops.append(FlatLoop(dim: l.dim, factor: l.factor, spatial: true, axisKey: index * 2 + (axis == .x ? 1 : 0)))
                }
            }
        }
        let n = loops.count
        // Stride of each loop within its dim: product of the same dim's factors inside it.
        var strides = [Int](repeating: 1, count: n)
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) where loops[i].dim == loops[j].dim { strides[j] *= loops[i].factor }
        }
        let temporal = (0..<n).filter { !loops[$0].spatial }
        let spatialIdx = (0..<n).filter { loops[$0].spatial }
        let levelCount = architecture.levels.count

        var result = [[Counts?]](repeating: [Counts?](repeating: nil, count: einsum.tensors.count), count: levelCount)
        for (t, tensor) in einsum.tensors.enumerated() {
            let keepers = (0..<levelCount).filter { mapping.keeps(level: $0, tensor: tensor, in: architecture) }
            // Chain entries: keeping levels, then the compute (start = n).
            let chainStarts = keepers.map { start[$0] } + [n]
            func spans(from s: Int) -> [Int] {
                tensor.indices.map { expr in
                    var span = 1
                    for term in expr.terms {
                        var extent = 1
                        for j in s..<n where loops[j].dim == term.dim { extent *= loops[j].factor }
                        span += abs(term.coefficient) * (extent - 1)
                    }
                    return span
                }
            }
            let chainSpans = chainStarts.enumerated().map { $0.offset == keepers.count ? [Int](repeating: 1, count: tensor.indices.count) : spans(from: $0.element) }
            // Instance id of a chain entry: the spatial indices above its start.
            var state: [[Int: [Int]]] = Array(repeating: [:], count: chainStarts.count) // previous box lows
            var seen: [[Int: Set<[Int]>]] = Array(repeating: [:], count: chainStarts.count)
            var reads = [Int](repeating: 0, count: chainStarts.count)
            var fills = [Int](repeating: 0, count: chainStarts.count)
            var updates = [Int](repeating: 0, count: chainStarts.count)

            var index = [Int](repeating: 0, count: n)
            var first = true
            var changedFrom = 0 // temporal loops at positions >= this changed on this step
            stepLoop: while true {
                // Enumerate all spatial instances (full spatial index vectors).
                var spatialCombos: [[Int]] = [[]]
                for j in spatialIdx {
                    spatialCombos = spatialCombos.flatMap { c in (0..<loops[j].factor).map { c + [$0] } }
                }
                for (entry, s) in chainStarts.enumerated() {
                    let isCompute = entry == keepers.count
                    // Which temporal loops above s changed, and the innermost temporal loop above s.
                    let above = temporal.filter { $0 < s && loops[$0].factor > 1 }
                    let innermost = above.last
                    let changed = first ? above : above.filter { $0 >= changedFrom }
                    let relevantChanged = changed.contains { tensor.isRelevant(dim: loops[$0].dim) }
                    // Instances of this entry: spatial loops above s.
                    var groupTransfers: [Int: Set<[Int]>] = [:] // parent instance → group keys seen this step
                    var instances = Set<[Int]>()
                    for combo in spatialCombos {
                        var full = index
                        for (k, j) in spatialIdx.enumerated() { full[j] = combo[k] }
                        let instanceKey = spatialIdx.enumerated().filter { $0.element < s }.map { combo[$0.offset] }
                        if instances.contains(instanceKey) { continue }
                        instances.insert(instanceKey)
                        let lows = tensor.indices.map { expr in
                            expr.terms.reduce(0) { acc, term in
                                acc + term.coefficient * (0..<s).filter { loops[$0].dim == term.dim }
                                    .reduce(0) { $0 + full[$1] * strides[$1] }
                            }
                        }
                        let sp = chainSpans[entry]
                        let hash = instanceKey.reduce(17) { $0 &* 31 &+ $1 }
                        let old = state[entry][hash]
                        var delta: [[Int]] = []
                        let newPoints = points(lows: lows, spans: sp)
                        if isCompute {
                            delta = newPoints // compute: refetch every step
                        } else if first || old == nil {
                            delta = newPoints
                        } else if !relevantChanged {
                            delta = []
                        } else if changed == [innermost!], let old, zip(lows, old).filter({ $0 != $1 }).count <= 1 { // invariant: changed nonempty
                            let oldSet = Set(points(lows: old, spans: sp))
                            delta = newPoints.filter { !oldSet.contains($0) }
                        } else {
                            delta = newPoints
                        }
                        state[entry][hash] = lows
                        guard entry > 0 else {
                            // Outermost level: no parent; outputs still track partition.
                            if tensor.role == .outputs { for p in delta { seen[entry][hash, default: []].insert(p) } }
                            continue
                        }
                        if !isCompute {
                            if tensor.role == .outputs {
                                for p in delta where seen[entry][hash, default: []].contains(p) { fills[entry] += 1 }
                                for p in delta { seen[entry][hash, default: []].insert(p) }
                            } else {
                                fills[entry] += delta.count
                            }
                        }
                        guard !delta.isEmpty else { continue }
                        // Parent instance and the per-axis offsets of the spatial loops between parent and this entry.
                        let pStart = chainStarts[entry - 1]
                        let parentKey = spatialIdx.enumerated().filter { $0.element < pStart }.map { combo[$0.offset] }
                        var axisOffsets: [Int] = []
                        for axisKey in Set(spatialIdx.filter { $0 >= pStart && $0 < s }.map { shareKey(loops[$0].axisKey) }).sorted() {
                            let shares = sharesAlong(axisKey: axisKey, isOutput: tensor.role == .outputs)
                            let inAxis = spatialIdx.filter { $0 >= pStart && $0 < s && shareKey(loops[$0].axisKey) == axisKey }
                            if shares {
                                for expr in tensor.indices {
                                    axisOffsets.append(expr.terms.reduce(0) { acc, term in
                                        acc + term.coefficient * inAxis.filter { loops[$0].dim == term.dim }.reduce(0) { $0 + full[$1] * strides[$1] }
                                    })
                                }
                            } else {
                                axisOffsets += inAxis.map { full[$0] }
                            }
                        }
                        let pHash = parentKey.reduce(17) { $0 &* 31 &+ $1 }
                        let groupKey = axisOffsets + [Int.min] + delta.sorted(by: { $0.lexicographicallyPrecedes($1) }).flatMap { $0 + [Int.max] }
                        if groupTransfers[pHash, default: []].insert(groupKey).inserted {
                            if tensor.role == .outputs { updates[entry - 1] += delta.count } else { reads[entry - 1] += delta.count }
                        }
                    }
                }
                first = false
                // Advance the temporal odometer (innermost = last temporal loop).
                var k = temporal.count - 1
                while k >= 0 {
                    let j = temporal[k]
                    index[j] += 1
                    if index[j] < loops[j].factor { break }
                    index[j] = 0
                    k -= 1
                }
                if k < 0 { break stepLoop }
                changedFrom = temporal[k]
            }
            for (entry, level) in keepers.enumerated() {
                let s = chainStarts[entry]
                let inst = spatialIdx.filter { $0 < s }.reduce(1) { $0 * loops[$1].factor }
                var counts = Counts(capacity: chainSpans[entry].reduce(1, *), instances: inst,
                                    reads: reads[entry], fills: fills[entry], updates: updates[entry])
                if tensor.role == .outputs {
                    let partition = seen[entry].values.reduce(0) { $0 + $1.count }
                    counts.reads = counts.updates - partition
                }
                result[level][t] = counts
            }
        }
        return result
    }

    /// The loops compared together for sharing: those of one axis of a fan-out, or of both axes of a
    /// fan-out whose sharing is joint (then both axes' keys map to the y key).
    private func shareKey(_ axisKey: Int) -> Int {
        let level = axisKey / 2 + 1
        guard level < architecture.levels.count, architecture.levels[level].fanout?.sharing == .joint else { return axisKey }
        return axisKey / 2 * 2
    }

    private func sharesAlong(axisKey: Int, isOutput: Bool) -> Bool {
        let level = axisKey / 2 + 1
        guard level < architecture.levels.count, let f = architecture.levels[level].fanout else { return true }
        return isOutput ? f.reduction : f.multicast
    }

    private func points(lows: [Int], spans: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for (lo, span) in zip(lows, spans) {
            result = result.flatMap { p in (0..<span).map { p + [lo + $0] } }
        }
        return result
    }
}
