extension Mapper {
    /// The assignments with one of each group of *axis twins* kept: assignments that differ only by
    /// swapping the x and y loops of 2-D fan-outs. Under a swap every count is the same for every
    /// temporal tiling and order: instances, partitions, compute cycles and utilization depend on
    /// the products of both axes only, and the transfer groups of a fan-out are the product of its
    /// axes' groups, each a product of factors when no tensor dim is indexed by two of the axis's
    /// loops (otherwise they depend on strides, which depend on which axis is outer: such
    /// assignments are kept). A joint fan-out's groups are one count over both axes' loops: a
    /// product of factors (symmetric under the swap) when no tensor dim is indexed by two of them. Of a group the member whose spatial loops encode smallest is kept, so
    /// the tie-break by encoding picks the same mapping as the search of all of them would.
    func withoutAxisTwins(_ list: [[[Int]]]) -> (kept: [[[Int]]], removed: Int) {
        let slots = mapspace.spatialSlots
        var pairs: [(y: Int, x: Int)] = []
        for (s, slot) in slots.enumerated() where slot.axis == .y {
            if let x = slots.indices.first(where: { slots[$0].level == slot.level && slots[$0].axis == .x }) { pairs.append((s, x)) }
        }
        guard !pairs.isEmpty else { return (list, 0) }
        let projections = mapspace.einsum.tensors.map { TensorProjection($0, dimCount: mapspace.einsum.dims.count) }
        func separable(_ factors: [Int]) -> Bool {
            projections.allSatisfy { p in
                (0..<p.rank).allSatisfy { k in factors.indices.filter { factors[$0] > 1 && p.coefficient(k, $0) != 0 }.count <= 1 }
            }
        }
        func encoding(_ a: [[Int]]) -> [Int] {
            var e: [Int] = []
            for level in mapspace.architecture.levels.indices {
                for (s, slot) in slots.enumerated() where slot.level == level {
                    for d in a[s].indices where a[s][d] > 1 { e += [d, a[s][d], slot.axis == .x ? 0 : 1] }
                }
                e.append(-3)
            }
            return e
        }
        var index: [[[Int]]: Int] = [:]
        for (i, a) in list.enumerated() { index[a] = i }
        var parent = Array(list.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        // A joint fan-out groups both axes' loops together: counts survive the swap when no tensor
        // index uses two of its loops at all (then groups are the product of the relevant factors).
        func jointSeparable(_ y: [Int], _ x: [Int]) -> Bool {
            projections.allSatisfy { p in
                (0..<p.rank).allSatisfy { k in
                    (y.indices.filter { y[$0] > 1 && p.coefficient(k, $0) != 0 }.count
                        + x.indices.filter { x[$0] > 1 && p.coefficient(k, $0) != 0 }.count) <= 1
                }
            }
        }
        let joint = pairs.map { mapspace.architecture.levels[slots[$0.y].level + 1].fanout?.sharing == .joint }
        for (i, a) in list.enumerated() {
            for (p, pair) in pairs.enumerated() where separable(a[pair.y]) && separable(a[pair.x]) && a[pair.y] != a[pair.x]
                && (!joint[p] || jointSeparable(a[pair.y], a[pair.x])) {
                var twin = a
                twin.swapAt(pair.y, pair.x)
                guard let j = index[twin] else { continue }
                let (ri, rj) = (root(i), root(j))
                if ri != rj { parent[max(ri, rj)] = min(ri, rj) }
            }
        }
        var best: [Int: Int] = [:]
        let encodings = list.map(encoding)
        for i in list.indices {
            let r = root(i)
            if let b = best[r], !encodings[i].lexicographicallyPrecedes(encodings[b]) { continue }
            best[r] = i
        }
        let keep = Set(best.values)
        let kept = list.indices.filter { keep.contains($0) }.map { list[$0] }
        return (kept, list.count - kept.count)
    }
}
