/// Within one fan-out, `y` loops are outside `x` loops (SPEC §4).
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
    /// `inner[j * dimCount + d]`: product of dim `d`'s factors over loops `j...` (row `count` is all ones).
    let inner: [Int]
    /// `outerTemporal[j * dimCount + d]`: product of dim `d`'s temporal factors over loops `..<j`.
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
        var inner = [Int](repeating: 1, count: (n + 1) * dimCount)
        for j in stride(from: n - 1, through: 0, by: -1) {
            for d in 0..<dimCount { inner[j * dimCount + d] = inner[(j + 1) * dimCount + d] }
            let d = loops[j].dim
            loops[j].stride = inner[(j + 1) * dimCount + d]
            inner[j * dimCount + d] *= loops[j].factor
        }
        var outer = [Int](repeating: 1, count: (n + 1) * dimCount)
        for j in 0..<n {
            for d in 0..<dimCount { outer[(j + 1) * dimCount + d] = outer[j * dimCount + d] }
            if loops[j].kind == .temporal { outer[(j + 1) * dimCount + loops[j].dim] *= loops[j].factor }
        }
        self.loops = loops
        self.levelStart = starts
        self.dimCount = dimCount
        self.inner = inner
        self.outerTemporal = outer
    }

    public var count: Int { loops.count }


    /// Extent of each dim over the loops from `start` inward.
    public func extents(from start: Int) -> [Int] {
        Array(inner[(start * dimCount)..<((start + 1) * dimCount)])
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
