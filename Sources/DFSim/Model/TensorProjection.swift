/// A tensor's index expressions as a dense coefficient matrix (tensor dim × einsum dim), the form
/// the analytical model works with.
struct TensorProjection: Sendable {
    /// `coefficients[k * dimCount + d]`: coefficient of einsum dim `d` in tensor dim `k`.
    let coefficients: [Int]
    let rank: Int
    let dimCount: Int
    /// `relevant[d]`: whether any tensor dim depends on einsum dim `d`.
    let relevant: [Bool]

    /// The non-zero coefficients, tensor dim by tensor dim: `(dim, |coefficient|)`, with
    /// `termEnd[k]` the end of tensor dim `k`'s terms (what tile sizes are computed from).
    let terms: [(dim: Int, magnitude: Int)]
    let termEnd: [Int]

    init(_ tensor: TensorAccess, dimCount: Int) {
        var c = [Int](repeating: 0, count: tensor.indices.count * dimCount)
        for (k, expression) in tensor.indices.enumerated() {
            for term in expression.terms { c[k * dimCount + term.dim] += term.coefficient }
        }
        coefficients = c
        rank = tensor.indices.count
        self.dimCount = dimCount
        relevant = (0..<dimCount).map { d in (0..<tensor.indices.count).contains { c[$0 * dimCount + d] != 0 } }
        var terms: [(dim: Int, magnitude: Int)] = [], ends: [Int] = []
        for k in 0..<rank {
            for d in 0..<dimCount where c[k * dimCount + d] != 0 { terms.append((d, abs(c[k * dimCount + d]))) }
            ends.append(terms.count)
        }
        self.terms = terms
        termEnd = ends
    }

    @inline(__always) func coefficient(_ k: Int, _ d: Int) -> Int { coefficients[k * dimCount + d] }

    /// Bounding-interval length of tensor dim `k` for the dim extents of row `row` of `table`.
    @inline(__always) func span(_ k: Int, extents table: [Int], row: Int) -> Int {
        var span = 1
        for d in 0..<dimCount {
            let a = coefficients[k * dimCount + d]
            if a != 0 { span += abs(a) * (table[row * dimCount + d] - 1) }
        }
        return span
    }

    /// Words in the tile whose dim extents are row `row` of `table`.
    @inline(__always) func tileSize(extents table: [Int], row: Int) -> Int {
        terms.withUnsafeBufferPointer { terms in
            termEnd.withUnsafeBufferPointer { ends in
                table.withUnsafeBufferPointer { table in
                    let base = row * dimCount
                    var size = 1, i = 0
                    for k in 0..<ends.count {
                        var span = 1
                        while i < ends[k] {
                            span += terms[i].magnitude * (table[base + terms[i].dim] - 1)
                            i += 1
                        }
                        size *= span
                    }
                    return size
                }
            }
        }
    }

    /// A lower bound on the distinct words a tile with the extents of row `row` of `table` touches
    /// (``tileSize(extents:row:)`` counts its bounding box, which has holes under strides and
    /// dilations: `2p` over p < 4 spans 7 positions but touches 4).
    ///
    /// Proof: per tensor dim, the values of `Σ cᵢ·xᵢ` include those with every term outside a chosen
    /// subset at 0. Take terms by ascending |cᵢ|: while each next |cᵢ| is at most the length of the
    /// interval the earlier terms cover, the translates `j·cᵢ + interval` overlap or touch, so the
    /// values stay one interval of exactly the summed span. The first term with |cᵢ| larger than
    /// that length places its `Eᵢ` translates of the interval disjointly: interval × Eᵢ distinct
    /// values. The tile is the product of its tensor dims' value sets, so the product of the
    /// per-dim bounds is one.
    func usedWordsLowerBound(extents table: [Int], row: Int) -> Int {
        var words = 1
        for k in 0..<rank {
            let start = k == 0 ? 0 : termEnd[k - 1]
            var interval = 1, distinct = 1
            var taken: UInt64 = 0 // terms of one tensor dim are few: selection by magnitude, no allocation
            for _ in start..<termEnd[k] {
                var pick = -1
                for i in start..<termEnd[k] where taken & (1 << UInt64(i - start)) == 0 {
                    if pick < 0 || terms[i].magnitude < terms[pick].magnitude { pick = i }
                }
                taken |= 1 << UInt64(pick - start)
                let extent = table[row * dimCount + terms[pick].dim]
                guard extent > 1 else { continue }
                if terms[pick].magnitude <= interval {
                    interval += terms[pick].magnitude * (extent - 1)
                    distinct = interval
                } else {
                    distinct = interval * extent
                    break
                }
            }
            words *= distinct
        }
        return words
    }
}
