/// Within one fan-out, `y` loops are outside `x` loops (docs/format.md §3.3).
private let spatialAxesOuterFirst: [SpatialAxis] = [.y, .x]

/// A mapping flattened into one loop nest, outermost loop first, with the bookkeeping the
/// analytical model needs: where each level's tile begins, loop strides and dim extents.
///
/// Level `ℓ`'s temporal loops come first, then the spatial loops of the fan-out below it (`y`
/// before `x`), then level `ℓ+1`'s loops. Level `ℓ`'s tile is spanned by every loop from
/// ``levelStart``[ℓ] inward.
public struct LoopNest: Sendable {
    /// Kind of a loop in the flattened nest.
    public enum Kind: UInt8, Sendable {
        case temporal, spatialX, spatialY
    }

    /// One loop of the flattened nest.
    public struct Entry: Sendable {
        public var dim: Int
        public var factor: Int
        public var kind: Kind
        /// For spatial loops: the index of the level whose fan-out they unroll (−1 for temporal loops).
        public var fanoutLevel: Int
        /// Product of the factors of the same dim strictly inside this loop: how far one step moves.
        public var stride: Int
    }

    public let loops: [Entry]
    /// Index in the nest of the first loop of each level.
    public let levelStart: [Int]
    public let dimCount: Int
    /// `inner[level * dimCount + d]`: product of dim `d`'s factors over the loops from the level's start inward.
    let inner: [Int]
    /// `outerTemporal[level * dimCount + d]`: product of dim `d`'s temporal factors before the level's start.
    let outerTemporal: [Int]

    /// Flattens `mapping` for an einsum with `dimCount` dims on `architecture`.
    public init(mapping: Mapping, architecture: Architecture, dimCount: Int) {
        self.init(mapping: mapping, levelCount: architecture.levels.count, dimCount: dimCount)
    }

    /// Flattens `mapping` for an einsum with `dimCount` dims on an architecture of `levelCount` levels.
    init(mapping: Mapping, levelCount: Int, dimCount: Int) {
        var loops: [Entry] = []
        loops.reserveCapacity(mapping.levels.reduce(0) { $0 + $1.temporal.count + $1.spatial.count })
        var starts: [Int] = []
        starts.reserveCapacity(mapping.levels.count)
        for (index, level) in mapping.levels.enumerated() {
            starts.append(loops.count)
            for loop in level.temporal {
                loops.append(Entry(dim: loop.dim, factor: loop.factor, kind: .temporal, fanoutLevel: -1, stride: 1))
            }
            let below = index + 1 < levelCount ? index + 1 : index
            for axis in spatialAxesOuterFirst {
                for loop in level.spatial where loop.axis == axis {
                    loops.append(Entry(dim: loop.dim, factor: loop.factor, kind: axis == .x ? .spatialX : .spatialY,
                                       fanoutLevel: below, stride: 1))
                }
            }
        }
        let n = loops.count
        let levels = starts.count
        // Per-level rows of dim extents: inside (loops from the level's start) and outside (temporal
        // loops before it), filled in one pass each way.
        var inner = [Int](repeating: 1, count: max(levels, 1) * dimCount)
        var running = [Int](repeating: 1, count: dimCount)
        var level = levels - 1
        for j in stride(from: n, through: 0, by: -1) {
            while level >= 0 && starts[level] == j {
                for d in 0..<dimCount { inner[level * dimCount + d] = running[d] }
                level -= 1
            }
            guard j > 0 else { break }
            let d = loops[j - 1].dim
            loops[j - 1].stride = running[d]
            running[d] *= loops[j - 1].factor
        }
        var outer = [Int](repeating: 1, count: max(levels, 1) * dimCount)
        for d in 0..<dimCount { running[d] = 1 }
        level = 0
        for j in 0...n {
            while level < levels && starts[level] == j {
                for d in 0..<dimCount { outer[level * dimCount + d] = running[d] }
                level += 1
            }
            if j < n && loops[j].kind == .temporal { running[loops[j].dim] *= loops[j].factor }
        }
        self.loops = loops
        self.levelStart = starts
        self.dimCount = dimCount
        self.inner = inner
        self.outerTemporal = outer
    }

    public var count: Int { loops.count }


    /// Extent of each dim over the loops of `level` and inside it: the dims of its tile.
    public func extents(ofLevel level: Int) -> [Int] {
        Array(inner[(level * dimCount)..<((level + 1) * dimCount)])
    }

    /// Product of the spatial factors before `index`: the utilized instances of a level starting there.
    public func spatialProduct(before index: Int) -> Int {
        var p = 1
        for j in 0..<index where loops[j].kind != .temporal { p *= loops[j].factor }
        return p
    }

    /// Product of every temporal factor: cycles of one PE without stalls.
    public var temporalProduct: Int {
        var p = 1
        for loop in loops where loop.kind == .temporal { p *= loop.factor }
        return p
    }
}
