/// One temporal loop: `for dim in 0 ..< factor`.
public struct Loop: Hashable, Sendable {
    /// Index of the dim in the einsum.
    public var dim: Int
    public var factor: Int
    public init(dim: Int, factor: Int) {
        self.dim = dim
        self.factor = factor
    }
}

/// The axis of a 2-D fan-out a spatial loop is unrolled along.
public enum SpatialAxis: String, Hashable, Sendable {
    case x, y
}

/// One spatial loop: `factor` instances along `axis` of the fan-out below the level.
public struct SpatialLoop: Hashable, Sendable {
    public var dim: Int
    public var factor: Int
    public var axis: SpatialAxis
    public init(dim: Int, factor: Int, axis: SpatialAxis) {
        self.dim = dim
        self.factor = factor
        self.axis = axis
    }
}

/// What a mapping says about one storage level.
public struct LevelMapping: Hashable, Sendable {
    /// Temporal loops at this level, outermost first.
    public var temporal: [Loop]
    /// Spatial loops of the fan-out just below this level, outermost first (`y` before `x`).
    public var spatial: [SpatialLoop]
    /// For `keep: auto` levels: the roles this mapping keeps here (`nil`: keep every tensor).
    public var keep: [TensorRole]?

    public init(temporal: [Loop] = [], spatial: [SpatialLoop] = [], keep: [TensorRole]? = nil) {
        self.temporal = temporal
        self.spatial = spatial
        self.keep = keep
    }
}

/// A mapping of one einsum onto one architecture: per level (same order as
/// ``Architecture/levels``) the temporal loops it runs and the spatial loops of the fan-out below.
///
/// The product of all factors of a dim is its bound (perfect factorization).
public struct Mapping: Hashable, Sendable {
    public var levels: [LevelMapping]
    public init(levels: [LevelMapping]) {
        self.levels = levels
    }

    /// Product of all factors (temporal and spatial) of `dim`.
    public func product(ofDim dim: Int) -> Int {
        levels.reduce(1) { acc, level in
            acc * level.temporal.filter { $0.dim == dim }.reduce(1) { $0 * $1.factor }
                * level.spatial.filter { $0.dim == dim }.reduce(1) { $0 * $1.factor }
        }
    }

    /// Whether level `index` keeps `tensor`, combining the architecture's policy with this mapping's choice.
    public func keeps(level index: Int, tensor: TensorAccess, in architecture: Architecture) -> Bool {
        if index == 0 { return true }
        let policy = architecture.levels[index].keep
        if case .auto = policy, let chosen = levels[index].keep { return chosen.contains(tensor.role) }
        return policy.keeps(tensor)
    }
}
