/// How much on-chip storage an architecture has (area proxies for sweeps and comparisons).
extension Architecture {
    /// On-chip storage, the sweep's area proxy next to the PE count: the capacity in words of
    /// every level that is not DRAM, times its physical instances (a level under a 14 × 12 fan-out
    /// counts 168 times). Levels without a size count 0.
    public var onChipWords: Int { onChipTotal { $0.sizeWords ?? 0 } }

    /// On-chip storage in bytes: as ``onChipWords``, each level's words at its own word width.
    public var onChipBytes: Int { onChipTotal { ($0.sizeWords ?? 0) * $0.wordBits / 8 } }

    /// Σ over non-DRAM levels of `perInstance(level) × physical instances`.
    private func onChipTotal(_ perInstance: (StorageLevel) -> Int) -> Int {
        levels.indices.reduce(0) { sum, i in
            levels[i].kind == .dram ? sum : sum + perInstance(levels[i]) * physicalInstances(ofLevel: i)
        }
    }
}
