/// A mapping flattened into one loop nest, outermost loop first, with the bookkeeping the
/// analytical model needs: where each level's tile begins, loop strides and instance counts.
///
/// Level `ℓ`'s temporal loops come first, then the spatial loops of the fan-out below it, then
/// level `ℓ+1`'s loops. Level `ℓ`'s tile is spanned by every loop from ``levelStart``[ℓ] inward.
public struct LoopNest: Sendable {
    /// Kind of a loop in the flattened nest.
    public enum Kind: UInt8, Sendable {
        case temporal, spatialX, spatialY
    }

    public let dims: [Int]
    public let factors: [Int]
    public let kinds: [Kind]
    /// For spatial loops: the index of the level whose fan-out they unroll (−1 for temporal loops).
    public let fanoutLevel: [Int]
    /// Product of the factors of the same dim strictly inside each loop: how far one step moves.
    public let strides: [Int]
    /// Index in the nest of the first loop of each level (its tile spans loops from here inward).
    public let levelStart: [Int]
    public let dimCount: Int

    /// Flattens `mapping` for an einsum with `dimCount` dims on `architecture`.
    public init(mapping: Mapping, architecture: Architecture, dimCount: Int) {
        var dims: [Int] = [], factors: [Int] = [], kinds: [Kind] = [], fanout: [Int] = []
        var starts: [Int] = []
        for (index, level) in mapping.levels.enumerated() {
            starts.append(dims.count)
            for loop in level.temporal {
                dims.append(loop.dim); factors.append(loop.factor); kinds.append(.temporal); fanout.append(-1)
            }
            let below = index + 1 < architecture.levels.count ? index + 1 : index
            for loop in level.spatial.sorted(by: { ($0.axis == .y ? 0 : 1) < ($1.axis == .y ? 0 : 1) }) {
                dims.append(loop.dim); factors.append(loop.factor)
                kinds.append(loop.axis == .x ? .spatialX : .spatialY); fanout.append(below)
            }
        }
        var strides = [Int](repeating: 1, count: dims.count)
        var running = [Int](repeating: 1, count: dimCount)
        for j in stride(from: dims.count - 1, through: 0, by: -1) {
            strides[j] = running[dims[j]]
            running[dims[j]] *= factors[j]
        }
        self.dims = dims
        self.factors = factors
        self.kinds = kinds
        self.fanoutLevel = fanout
        self.strides = strides
        self.levelStart = starts
        self.dimCount = dimCount
    }

    public var count: Int { dims.count }

    /// Extent of each dim over the loops from `start` inward.
    public func extents(from start: Int) -> [Int] {
        var e = [Int](repeating: 1, count: dimCount)
        for j in start..<dims.count { e[dims[j]] *= factors[j] }
        return e
    }

    /// Product of the spatial factors before `index`: the utilized instances of a level starting there.
    public func spatialProduct(before index: Int) -> Int {
        var p = 1
        for j in 0..<index where kinds[j] != .temporal { p *= factors[j] }
        return p
    }

    /// Product of every temporal factor: cycles of one PE without stalls.
    public var temporalProduct: Int {
        var p = 1
        for j in 0..<dims.count where kinds[j] == .temporal { p *= factors[j] }
        return p
    }
}
