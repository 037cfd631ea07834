/// A lower bound on the objective of every mapping that uses a given spatial assignment, whatever
/// its temporal tiling and loop orders: compute cycles are fixed by the spatial factors, and every
/// level must at least receive each word of its partition once (sliding windows and reuse cannot
/// go below that), while the innermost keeping level serves every MAC exactly.
struct SpatialBound {
    let mapspace: Mapspace

    /// `nil` when no bound is derived (levels with `keep: auto`).
    func bound(_ assignment: [[Int]], objective: Objective) -> Double? {
        let ms = mapspace
        let arch = ms.architecture
        guard ms.keepChoices.allSatisfy({ $0.count == 1 }) else { return nil }
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
            for level in 0..<levelCount { keep[level * tensorCount + t] = level == 0 || arch.levels[level].keep.keeps(tensor) }
        }
        energy += Double(ms.einsum.macs) * network.perMAC(order: Array(0..<tensorCount), roles: ms.einsum.tensors.map(\.role), keep: keep)
        for (t, tensor) in ms.einsum.tensors.enumerated() {
            let projection = TensorProjection(tensor, dimCount: dimCount)
            let keepers = (0..<levelCount).filter { $0 == 0 || arch.levels[$0].keep.keeps(tensor) }
            func partition(_ level: Int) -> Int {
                var extents = dims
                for (s, slot) in ms.spatialSlots.enumerated() where slot.level < level {
                    for d in 0..<dimCount { extents[d] /= assignment[s][d] }
                }
                return tensor.tileSize(extents: extents)
            }
            var updates = [Double](repeating: 0, count: levelCount)
            for (i, parent) in keepers.enumerated() {
                let child = i + 1 < keepers.count ? keepers[i + 1] : levelCount
                let childRaw = child == levelCount ? computeCycles : partition(child)
                // Groups: per fan-out axis between parent and child, separable projections only.
                var groups = 1
                for (s, slot) in ms.spatialSlots.enumerated() where slot.level >= parent && slot.level < child {
                    var relevant: [Int] = []
                    for d in 0..<dimCount where assignment[s][d] > 1 && projection.relevant[d] { relevant.append(d) }
                    let separable = (0..<projection.rank).allSatisfy { k in
                        relevant.filter { projection.coefficient(k, $0) != 0 }.count <= 1
                    }
                    let fanout = arch.levels[slot.level + 1].fanout
                    let shares = tensor.role == .outputs ? (fanout?.reduction ?? true) : (fanout?.multicast ?? true)
                    if !shares { groups *= assignment[s].reduce(1, *) }
                    else if separable { groups *= relevant.reduce(1) { $0 * assignment[s][$1] } }
                }
                let transfers = Double(childRaw) * Double(groups) * Double(instances(parent))
                let p = arch.levels[parent]
                if child < levelCount {
                    energy += Double(partition(child) * instances(child)) * network.perFill(level: child, t: t, tensors: tensorCount, keep: keep)
                }
                if tensor.role == .outputs {
                    updates[parent] += transfers
                } else {
                    energy += transfers * p.readEnergy
                    if child < levelCount { energy += Double(partition(child) * instances(child)) * arch.levels[child].writeEnergy }
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
        switch objective {
        case .edp: return energy * Double(computeCycles)
        case .energy: return energy
        case .latency: return Double(computeCycles)
        }
    }
}
