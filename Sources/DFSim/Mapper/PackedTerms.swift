/// Tensors' index terms packed in one integer array: first one offset per tensor, then per tensor
/// its rank, and per tensor dim the number of terms followed by (dim, |coefficient|) pairs.
enum PackedTerms {
    static func pack(_ projections: [TensorProjection]) -> [Int] {
        var packed = [Int](repeating: 0, count: projections.count)
        for (t, p) in projections.enumerated() {
            packed[t] = packed.count
            packed.append(p.rank)
            var i = 0
            for k in 0..<p.rank {
                packed.append(p.termEnd[k] - i)
                while i < p.termEnd[k] {
                    packed += [p.terms[i].dim, p.terms[i].magnitude]
                    i += 1
                }
            }
        }
        return packed
    }

    /// ``TensorProjection/tileSize(extents:row:)`` of tensor `t` for the extents at `extents[0..<dims]`.
    @inline(__always)
    static func tileSize(_ packed: UnsafeBufferPointer<Int>, tensor t: Int, extents: UnsafePointer<Int>) -> Int {
        var i = packed[t]
        let rank = packed[i]
        i += 1
        var size = 1
        for _ in 0..<rank {
            let count = packed[i]
            i += 1
            var span = 1
            for _ in 0..<count {
                span += packed[i + 1] * (extents[packed[i]] - 1)
                i += 2
            }
            size *= span
        }
        return size
    }
}
