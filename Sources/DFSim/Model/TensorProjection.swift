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
}
