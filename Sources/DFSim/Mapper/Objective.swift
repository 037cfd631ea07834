/// What the mapper minimizes.
public enum Objective: String, CaseIterable, Sendable {
    /// Energy × cycles (the default).
    case edp
    case energy
    /// Cycles, then energy.
    case latency

    /// The value to minimize for an evaluation.
    public func value(_ e: Evaluation) -> Double { value(energyPJ: e.energyPJ, cycles: e.cycles) }

    /// The value to minimize for an energy and a cycle count.
    public func value(energyPJ: Double, cycles: Int) -> Double {
        switch self {
        case .edp: return energyPJ * Double(cycles)
        case .energy: return energyPJ
        case .latency: return Double(cycles)
        }
    }
}

/// A mapping with its evaluation, ordered for deterministic selection: objective, then energy,
/// then cycles, then the mapping's encoding (so ties never depend on search order or threads).
struct Candidate: Sendable {
    var mapping: Mapping
    var energyPJ: Double
    var cycles: Int
    var computeCycles: Int
    var objective: Double

    init(mapping: Mapping, cost: (energyPJ: Double, cycles: Int, computeCycles: Int), objective: Objective) {
        self.mapping = mapping
        energyPJ = cost.energyPJ
        cycles = cost.cycles
        computeCycles = cost.computeCycles
        self.objective = objective.value(energyPJ: cost.energyPJ, cycles: cost.cycles)
    }

    /// Whether a mapping costing `a` is better (true) or worse (false) than one costing `b`; `nil`
    /// when they tie on objective, energy and cycles (then the encodings decide, see ``isBetter(than:)``).
    static func costOrder(_ a: (energyPJ: Double, cycles: Int, computeCycles: Int),
                          _ b: (energyPJ: Double, cycles: Int, computeCycles: Int), objective: Objective) -> Bool? {
        let (objectiveA, objectiveB) = (objective.value(energyPJ: a.energyPJ, cycles: a.cycles),
                                        objective.value(energyPJ: b.energyPJ, cycles: b.cycles))
        if objectiveA != objectiveB { return objectiveA < objectiveB }
        if a.energyPJ != b.energyPJ { return a.energyPJ < b.energyPJ }
        if a.cycles != b.cycles { return a.cycles < b.cycles }
        return nil
    }

    func isBetter(than other: Candidate) -> Bool {
        if objective != other.objective { return objective < other.objective }
        if energyPJ != other.energyPJ { return energyPJ < other.energyPJ }
        if cycles != other.cycles { return cycles < other.cycles }
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
