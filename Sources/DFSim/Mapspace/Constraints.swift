/// What a mapping may choose at one level (docs/format.md §2.7 `constraints:`). Dims are named; names that a
/// layer does not have are ignored for that layer.
public struct LevelConstraint: Hashable, Sendable {
    /// Dims allowed to loop temporally at this level (`nil`: any).
    public var only: [String]?
    /// Dims that must be outermost at this level, in this order (outermost first); the others sit inside them.
    public var order: [String]?
    /// Pinned temporal factors (1 = no loop over that dim here).
    public var factors: [String: Int]
    /// Dims allowed on the x / y axis of the fan-out just below this level (`nil`: any).
    public var spatialX: [String]?
    public var spatialY: [String]?
    /// Pinned spatial factors (per dim, whichever axis it lands on; 1 = not spread below this level).
    public var spatialFactors: [String: Int]

    public init(only: [String]? = nil, order: [String]? = nil, factors: [String: Int] = [:],
                spatialX: [String]? = nil, spatialY: [String]? = nil, spatialFactors: [String: Int] = [:]) {
        self.only = only
        self.order = order
        self.factors = factors
        self.spatialX = spatialX
        self.spatialY = spatialY
        self.spatialFactors = spatialFactors
    }

    /// This constraint narrowed by `other`: lists intersect, pinned factors merge (`other` wins), `other`'s order wins.
    public func refined(by other: LevelConstraint) -> LevelConstraint {
        func intersect(_ a: [String]?, _ b: [String]?) -> [String]? {
            guard let a else { return b }
            guard let b else { return a }
            return a.filter { b.contains($0) }
        }
        return LevelConstraint(
            only: intersect(only, other.only), order: other.order ?? order,
            factors: factors.merging(other.factors) { $1 },
            spatialX: intersect(spatialX, other.spatialX), spatialY: intersect(spatialY, other.spatialY),
            spatialFactors: spatialFactors.merging(other.spatialFactors) { $1 })
    }
}

/// The constraints of an architecture: per level, a minimum PE utilization and a dataflow preset.
public struct Constraints: Hashable, Sendable {
    /// Keyed by level name.
    public var levels: [String: LevelConstraint]
    /// Fraction of the PEs a mapping must use (spatial utilization), 0 to 1.
    public var minUtilization: Double
    /// A named preset applied before `levels` refine it.
    public var dataflow: DataflowPreset?

    public init(levels: [String: LevelConstraint] = [:], minUtilization: Double = 0, dataflow: DataflowPreset? = nil) {
        self.levels = levels
        self.minUtilization = minUtilization
        self.dataflow = dataflow
    }

    public static let none = Constraints()

    /// The per-level constraints for `einsum`: the preset's (if any) refined by the explicit ones.
    public func resolved(for einsum: Einsum, on architecture: Architecture) -> [LevelConstraint] {
        let preset = dataflow.map { $0.constraints(for: einsum, on: architecture) }
            ?? Array(repeating: LevelConstraint(), count: architecture.levels.count)
        return architecture.levels.enumerated().map { index, level in
            preset[index].refined(by: levels[level.name] ?? LevelConstraint())
        }
    }
}
