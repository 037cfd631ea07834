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
