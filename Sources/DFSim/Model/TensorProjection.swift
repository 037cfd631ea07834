/// A tensor's index expressions as a dense coefficient matrix (tensor dim × einsum dim), the form
/// the analytical model works with.
struct TensorProjection: Sendable {
    /// `coefficients[k][d]`: coefficient of einsum dim `d` in tensor dim `k`.
    let coefficients: [[Int]]
    /// `relevant[d]`: whether any tensor dim depends on einsum dim `d`.
    let relevant: [Bool]

    init(_ tensor: TensorAccess, dimCount: Int) {
        let rows = tensor.indices.map { expression in
            var row = [Int](repeating: 0, count: dimCount)
            for term in expression.terms { row[term.dim] += term.coefficient }
            return row
        }
        coefficients = rows
        relevant = (0..<dimCount).map { d in rows.contains { $0[d] != 0 } }
    }

    /// Bounding-interval length of each tensor dim for the given dim extents.
    func spans(extents: [Int]) -> [Int] {
        coefficients.map { row in
            var span = 1
            for d in row.indices where row[d] != 0 { span += abs(row[d]) * (extents[d] - 1) }
            return span
        }
    }
}
