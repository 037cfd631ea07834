/// What the mapper minimizes.
public enum Objective: String, CaseIterable, Sendable {
    /// Energy × cycles (the default).
    case edp
    case energy
    /// Cycles, then energy.
    case latency

    /// The value to minimize for an evaluation.
    public func value(_ e: Evaluation) -> Double {
        switch self {
        case .edp: return e.energyPJ * Double(e.cycles)
        case .energy: return e.energyPJ
        case .latency: return Double(e.cycles)
        }
    }
}

/// A mapping with its evaluation, ordered for deterministic selection: objective, then energy,
/// then cycles, then the mapping's encoding (so ties never depend on search order or threads).
struct Candidate: Sendable {
    var mapping: Mapping
    var evaluation: Evaluation
    var objective: Double

    func isBetter(than other: Candidate) -> Bool {
        if objective != other.objective { return objective < other.objective }
        if evaluation.energyPJ != other.evaluation.energyPJ { return evaluation.energyPJ < other.evaluation.energyPJ }
        if evaluation.cycles != other.evaluation.cycles { return evaluation.cycles < other.evaluation.cycles }
        return mapping.encoding.lexicographicallyPrecedes(other.mapping.encoding)
    }
}

extension Mapping {
    /// A flat integer encoding (total order used only to break exact ties).
    var encoding: [Int] {
        var e: [Int] = []
        for level in levels {
            e.append(-1)
            for loop in level.temporal { e += [loop.dim, loop.factor] }
            e.append(-2)
            for loop in level.spatial { e += [loop.dim, loop.factor, loop.axis == .x ? 0 : 1] }
            e.append(-3)
            for role in level.keep ?? [] { e.append(TensorRole.allCases.firstIndex(of: role) ?? 0) }
        }
        return e
    }
}
