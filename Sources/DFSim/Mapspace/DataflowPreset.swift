/// The dataflows of Chen, Emer and Sze's taxonomy (ISCA 2016), as constraint sets defined for any
/// einsum through which dims are relevant to which tensor, never through dim letters.
///
/// Terms: the *PE array* is the innermost fan-out; *PE-local* levels are the levels from it inward;
/// the *PE-array parent* is the level just above it (its spatial loops unroll the array).
/// - `weight_stationary`: PE-local loops run only over dims irrelevant to weights, so each PE's
///   weights stay put while inputs stream past; the array spreads weight dims (e.g. m, c, r, s).
/// - `output_stationary`: PE-local loops run only over dims irrelevant to outputs (the reduction
///   dims c, r, s), so each partial sum stays in its PE until done; the array spreads output dims.
/// - `input_stationary`: PE-local loops run only over dims irrelevant to inputs (m); the array
///   spreads input dims.
/// - `row_stationary`: each PE runs a 1-D convolution of one filter row over one input row: the
///   array's y axis spreads filter-window dims (dims that share an input index with another dim, r
///   and s) and channels, x spreads the output dims paired with them (p, q) and output channels;
///   PE-local loops keep the window dim and channels (weights: the window row; psums: output channels).
/// - `no_local_reuse`: PE-local levels run no loops at all, so nothing is reused inside a PE; the
///   array spreads weight dims (output and input channels).
public enum DataflowPreset: String, CaseIterable, Hashable, Sendable {
    case weightStationary = "weight_stationary"
    case outputStationary = "output_stationary"
    case inputStationary = "input_stationary"
    case rowStationary = "row_stationary"
    case noLocalReuse = "no_local_reuse"

    /// The full name or a short one (ws, os, is, rs, nlr), in any case and with `-` or spaces for
    /// `_`: `Row-Stationary`, `row stationary` and `RS` are `row_stationary`.
    public init?(name: String) {
        let short: [String: DataflowPreset] = ["ws": .weightStationary, "os": .outputStationary,
                                               "is": .inputStationary, "rs": .rowStationary, "nlr": .noLocalReuse]
        let normalized = DataflowPreset.normalized(name)
        if let p = short[normalized] { self = p } else if let p = DataflowPreset(rawValue: normalized) { self = p } else { return nil }
    }

    /// `name` lowercased, with `-` and spaces written `_` (`Row-Stationary` → `row_stationary`).
    public static func normalized(_ name: String) -> String {
        let trimmed = name.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        return String(String(trimmed).lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
    }

    /// The preset's constraints per level of `architecture` for `einsum`.
    public func constraints(for einsum: Einsum, on architecture: Architecture) -> [LevelConstraint] {
        var result = Array(repeating: LevelConstraint(), count: architecture.levels.count)
        guard let array = architecture.levels.lastIndex(where: { $0.fanout != nil }), array > 0 else { return result }
        let names = einsum.dimNames
        func dims(where predicate: (Int) -> Bool) -> [String] { names.indices.filter(predicate).map { names[$0] } }
        func relevant(_ role: TensorRole, _ d: Int) -> Bool { einsum.tensor(role)?.isRelevant(dim: d) ?? false }
        // Dims sharing an input index expression with another dim (sliding windows: p with r, q with s).
        let inputs = einsum.tensor(.inputs)
        let compound = inputs?.indices.filter { $0.terms.count > 1 } ?? []
        let windowDims = Set(compound.flatMap { e in e.terms.map(\.dim).filter { !relevant(.outputs, $0) } })
        let planeDims = Set(compound.flatMap { e in e.terms.map(\.dim).filter { relevant(.outputs, $0) } })
        let local = array..<architecture.levels.count
        switch self {
        case .weightStationary, .outputStationary, .inputStationary:
            let role: TensorRole = self == .weightStationary ? .weights : self == .outputStationary ? .outputs : .inputs
            let stay = dims { !relevant(role, $0) }
            let spread = dims { relevant(role, $0) }
            for level in local { result[level].only = stay }
            result[array - 1].spatialX = spread
            result[array - 1].spatialY = spread
        case .noLocalReuse:
            for level in local { result[level].only = [] }
            let spread = dims { relevant(.weights, $0) && !windowDims.contains($0) }
            result[array - 1].spatialX = spread
            result[array - 1].spatialY = spread
        case .rowStationary:
            let channelsOut = dims { relevant(.weights, $0) && relevant(.outputs, $0) }
            let channelsIn = dims { relevant(.weights, $0) && relevant(.inputs, $0) && !windowDims.contains($0) }
            result[array - 1].spatialY = dims { windowDims.contains($0) } + channelsIn + channelsOut
            result[array - 1].spatialX = dims { planeDims.contains($0) } + channelsOut
            for level in local {
                result[level].only = dims { windowDims.contains($0) || planeDims.contains($0) } + channelsIn + channelsOut
            }
        }
        return result
    }
}
