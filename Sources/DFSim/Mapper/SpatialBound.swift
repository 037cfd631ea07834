/// A lower bound on the energy and cycles of every mapping that uses a given spatial assignment,
/// whatever its temporal tiling and loop orders: compute cycles are fixed by the spatial factors,
/// and every level must at least receive each distinct word of its partition once (sliding windows
/// and reuse cannot go below that; ``TensorProjection/usedWordsLowerBound(extents:row:)``), while
/// the innermost keeping level serves every MAC exactly. With `keep: auto` levels it is the least
/// bound over their keep choices.
struct SpatialBound {
    let mapspace: Mapspace

    /// The objective's bound (``bounds(_:)``).
    func bound(_ assignment: [[Int]], objective: Objective) -> Double? {
        bounds(assignment).map { objective.value(energyPJ: $0.energyPJ, cycles: $0.cycles) }
    }

    /// Lower bounds on energy and cycles; `nil` when `keep: auto` leaves too many keep choices to
    /// bound each (more than 256 combinations).
    func bounds(_ assignment: [[Int]]) -> (energyPJ: Double, cycles: Int)? {
        let ms = mapspace
        let combinations = ms.keepChoices.reduce(1.0) { $0 * Double($1.count) }
        guard combinations <= 256 else { return nil }
        var best: (energyPJ: Double, cycles: Int)?
        var choice = [Int](repeating: 0, count: ms.keepChoices.count)
        while true {
            let b = bound(assignment, keep: choice.indices.map { ms.keepChoices[$0][choice[$0]] })
            if best == nil || b.energyPJ < best!.energyPJ { best = b } // invariant: nil checked
            var l = choice.count - 1
            while l >= 0 {
                choice[l] += 1
                if choice[l] < ms.keepChoices[l].count { break }
                choice[l] = 0
                l -= 1
            }
            if l < 0 { break }
        }
        return best
    }

    /// The bound for one keep choice per level (`nil`: the level's policy).
    private func bound(_ assignment: [[Int]], keep choices: [[TensorRole]?]) -> (energyPJ: Double, cycles: Int) {
        let ms = mapspace
        let arch = ms.architecture
        func keeps(_ level: Int, _ tensor: TensorAccess) -> Bool {
            level == 0 || (choices[level].map { $0.contains(tensor.role) } ?? arch.levels[level].keep.keeps(tensor))
        }
        let dims = ms.einsum.dims.map(\.bound)
        let dimCount = dims.count
        let levelCount = arch.levels.count
        var spatialTotal = [Int](repeating: 1, count: dimCount)
        for slot in assignment { for d in 0..<dimCount { spatialTotal[d] *= slot[d] } }
        var computeCycles = 1
        for d in 0..<dimCount { computeCycles *= dims[d] / spatialTotal[d] }
        // Instances of level l: spatial factors of slots above it (slot.level < l).
        func instances(_ level: Int) -> Int {
            var p = 1
            for (s, slot) in ms.spatialSlots.enumerated() where slot.level < level { p *= assignment[s].reduce(1, *) }
            return p
        }
        var energy = Double(ms.einsum.macs) * arch.compute.energyPerMAC
        // Network transfers: every word exchanged with the MACs across a fan-out, and at least each
        // child keeper's partition filled (or, for outputs, drained) across the fan-outs above it.
        let network = NetworkTransfers(architecture: arch)
        let tensorCount = ms.einsum.tensors.count
        var keep = [Bool](repeating: false, count: levelCount * tensorCount)
        for (t, tensor) in ms.einsum.tensors.enumerated() {
            for level in 0..<levelCount { keep[level * tensorCount + t] = keeps(level, tensor) }
        }
        energy += Double(ms.einsum.macs) * network.perMAC(order: Array(0..<tensorCount), roles: ms.einsum.tensors.map(\.role), keep: keep)
        for (t, tensor) in ms.einsum.tensors.enumerated() {
            let projection = TensorProjection(tensor, dimCount: dimCount)
            let keepers = (0..<levelCount).filter { keeps($0, tensor) }
            func extents(_ level: Int) -> [Int] {
                var extents = dims
                for (s, slot) in ms.spatialSlots.enumerated() where slot.level < level {
                    for d in 0..<dimCount { extents[d] /= assignment[s][d] }
                }
                return extents
            }
            func partition(_ level: Int) -> Int { tensor.tileSize(extents: extents(level)) }
            func used(_ level: Int) -> Int { projection.usedWordsLowerBound(extents: extents(level), row: 0) }
            var updates = [Double](repeating: 0, count: levelCount)
            for (i, parent) in keepers.enumerated() {
                let child = i + 1 < keepers.count ? keepers[i + 1] : levelCount
                let childRaw = child == levelCount ? computeCycles : used(child)
                // Groups: per fan-out axis between parent and child (per fan-out, both axes as one
                // group, when it shares jointly), bounded by ``distinctOffsetsLowerBound``. A
                // product of per-axis groups is no bound for a joint fan-out: diagonals may share.
                var groups = 1
                for (s, slot) in ms.spatialSlots.enumerated() where slot.level >= parent && slot.level < child {
                    let fanout = arch.levels[slot.level + 1].fanout
                    let joint = fanout?.sharing == .joint
                    if joint && s > 0 && ms.spatialSlots[s - 1].level == slot.level { continue } // counted with the first slot
                    let members = joint ? ms.spatialSlots.indices.filter { ms.spatialSlots[$0].level == slot.level } : [s]
                    var relevant: [(slot: Int, dim: Int)] = []
                    for u in members {
                        for d in 0..<dimCount where assignment[u][d] > 1 && projection.relevant[d] { relevant.append((u, d)) }
                    }
                    let shares = tensor.role == .outputs ? (fanout?.reduction ?? true) : (fanout?.multicast ?? true)
                    if !shares { groups *= members.reduce(1) { $0 * assignment[$1].reduce(1, *) } }
                    else { groups *= Self.distinctOffsetsLowerBound(relevant.map { ($0.dim, assignment[$0.slot][$0.dim]) }, projection: projection) }
                }
                let transfers = Double(childRaw) * Double(groups) * Double(instances(parent))
                let p = arch.levels[parent]
                if child < levelCount {
                    energy += Double(used(child) * instances(child)) * network.perFill(level: child, t: t, tensors: tensorCount, keep: keep)
                }
                if tensor.role == .outputs {
                    updates[parent] += transfers
                } else {
                    energy += transfers * p.readEnergy
                    if child < levelCount { energy += Double(used(child) * instances(child)) * arch.levels[child].writeEnergy }
                }
            }
            if tensor.role == .outputs {
                for level in keepers {
                    let l = arch.levels[level]
                    let reads = max(0, updates[level] - Double(partition(level) * instances(level)))
                    energy += updates[level] * l.updateEnergy + reads * l.readEnergy
                }
            }
        }
        return (energy, computeCycles)
    }
}

extension SpatialBound {
    /// A lower bound on the distinct index tuples a tensor's projection takes over spatial loops
    /// (`loops`: each relevant loop's dim and factor), whatever the tile below them.
    ///
    /// Proof. Link two loops when some index row has a non-zero coefficient on both; the linked
    /// classes touch disjoint rows, so the tuples are the product of each class's distinct row
    /// tuples. Within a class, varying one loop alone with the others fixed moves a row it has a
    /// non-zero coefficient on by `coefficient × stride × i` (stride ≥ 1, the loop's step in the
    /// tile below), distinct for each of its `factor` values: a class takes at least its largest
    /// factor. A class of one loop takes exactly its factor, so for separable projections this is
    /// the product of the factors, as before.
    static func distinctOffsetsLowerBound(_ loops: [(dim: Int, factor: Int)], projection: TensorProjection) -> Int {
        guard !loops.isEmpty else { return 1 }
        var parent = Array(loops.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        for k in 0..<projection.rank {
            let on = loops.indices.filter { projection.coefficient(k, loops[$0].dim) != 0 }
            for i in on.dropFirst() { parent[root(i)] = root(on[0]) }
        }
        var largest = [Int](repeating: 1, count: loops.count)
        for i in loops.indices { largest[root(i)] = max(largest[root(i)], loops[i].factor) }
        return loops.indices.filter { root($0) == $0 }.reduce(1) { $0 * largest[$1] }
    }
}
