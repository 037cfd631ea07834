/// Summaries of an evaluation for side-by-side comparisons (`dfsim compare`).
extension Evaluation {
    /// Energy (pJ) of each tensor role summed over every level, in role order; compute is apart
    /// (``computeEnergyPJ``).
    public var energyByRole: [(role: TensorRole, energyPJ: Double)] {
        TensorRole.allCases.map { role in
            (role, levels.reduce(0) { sum, level in
                sum + level.tensors.filter { $0.role == role }.reduce(0) { $0 + $1.energyPJ }
            })
        }
    }
}

extension Architecture {
    /// On-chip storage in bytes: every non-DRAM level's capacity times its physical instances.
    public var onChipBytes: Int {
        levels.indices.reduce(0) { sum, i in
            guard levels[i].kind != .dram, let words = levels[i].sizeWords else { return sum }
            return sum + words * levels[i].wordBits / 8 * physicalInstances(ofLevel: i)
        }
    }
}
