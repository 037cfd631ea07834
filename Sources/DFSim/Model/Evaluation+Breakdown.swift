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

    /// Words that cross the network of the innermost fan-out (the PE array), an estimate that the
    /// cost model does not price (SPEC §4: network transfers are not modelled in v1):
    /// for each tensor, the fills of the first level inside the array that keeps it, or one word
    /// per MAC when no level inside the array keeps it (every MAC's operand must arrive, and every
    /// partial sum leave, through the network); plus the partial sums the level above the array
    /// receives back (after any reduction in the network). 0 without a fan-out.
    public func arrayTransfers(on architecture: Architecture) -> Int {
        guard let array = architecture.levels.lastIndex(where: { $0.fanout != nil }), array > 0,
              levels.count == architecture.levels.count else { return 0 }
        var words = 0
        for role in TensorRole.allCases where levels[0].tensors.contains(where: { $0.role == role }) {
            if let inside = levels[array...].first(where: { $0.tensors.contains { $0.role == role } }),
               let stats = inside.tensors.first(where: { $0.role == role }) {
                words += stats.fills
                if role == .outputs, let above = levels[..<array].last(where: { $0.tensors.contains { $0.role == role } }),
                   let parent = above.tensors.first(where: { $0.role == role }) {
                    words += parent.updates
                }
            } else {
                words += macs
            }
        }
        return words
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
