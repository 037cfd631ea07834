/// Access counts and energy of one tensor at one storage level (docs/format.md §4, §5).
public struct TensorLevelStats: Hashable, Sendable {
    public var role: TensorRole
    public var tensor: String
    /// Words of the tensor held by one instance (the tile, halos included).
    public var utilizedCapacity: Int
    /// Utilized instances of the level.
    public var instances: Int
    /// Distinct words one instance holds over the whole run (Timeloop's partition size).
    public var partitionSize: Int
    /// Words read out of the level (to the next inner keeping level or the MACs), all instances.
    public var reads: Int
    /// Words written into the level from the level above, all instances.
    public var fills: Int
    /// Partial sums written into the level from below, all instances.
    public var updates: Int
    /// `reads × read energy + fills × write energy + updates × update energy`, pJ.
    public var energyPJ: Double

    /// Uses served per word brought in: `(reads + updates) / (fills + first writes)`; at the
    /// outermost level the words brought in are the tensor's footprint.
    public var reuseFactor: Double
}

/// One storage level's share of an evaluation.
public struct LevelStats: Hashable, Sendable {
    public var name: String
    /// Utilized instances (product of the spatial factors above the level).
    public var instances: Int
    /// Only the tensors the level keeps.
    public var tensors: [TensorLevelStats]
    public var energyPJ: Double
    /// Cycles the level needs to serve its accesses at its bandwidth (compute cycles when not bound).
    public var cycles: Int
    /// Fraction of the compute rate the level's bandwidth allows (1 when not bandwidth-bound).
    public var bandwidthThrottling: Double
}

/// Everything the cost model says about one mapping of one einsum (docs/format.md §4).
public struct Evaluation: Hashable, Sendable {
    public var macs: Int
    public var energyPJ: Double
    /// max(compute cycles, every level's cycles).
    public var cycles: Int
    /// MACs per utilized PE: the product of all temporal factors.
    public var computeCycles: Int
    /// Timeloop's definition: MACs / (total PEs × cycles).
    public var utilization: Double
    /// Utilized PEs / total PEs.
    public var spatialUtilization: Double
    public var utilizedPEs: Int
    public var totalPEs: Int
    public var computeEnergyPJ: Double
    /// Words crossing fan-out networks × the transfer energy (see `NetworkTransfers`); 0 unless the
    /// architecture's energy table prices network transfers (`eyeriss65`: 2 per word).
    public var networkEnergyPJ: Double = 0
    /// Outermost first.
    public var levels: [LevelStats]
    /// MACs per byte moved at the outermost level (reads + fills + updates).
    public var dramArithmeticIntensity: Double

    /// Energy per MAC, pJ.
    public var energyPerMAC: Double { macs == 0 ? 0 : energyPJ / Double(macs) }

    /// Energy × cycles.
    public var energyDelayProduct: Double { energyPJ * Double(cycles) }

    /// Words moved at the outermost level per MAC.
    public var dramAccessesPerMAC: Double {
        guard let dram = levels.first, macs > 0 else { return 0 }
        let words = dram.tensors.reduce(0) { $0 + $1.reads + $1.fills + $1.updates }
        return Double(words) / Double(macs)
    }
}

extension Evaluation {
    /// Where cycles saturate: a level so slow (a bandwidth near 1e-6 words/cycle on a large layer)
    /// that its cycles would pass 2^62 takes exactly 2^62 cycles. A search whose best mapping has
    /// that many fails the layer (``NetworkSearch``), and `dfsim model` refuses such a result,
    /// rather than report a count that is not the true one.
    public static let largestCycles = 1 << 62

    /// Whether the cycles saturated at ``largestCycles`` (see there).
    public var cyclesSaturated: Bool { cycles >= Self.largestCycles }

    /// The message of a layer whose cycles saturated, naming the level that is too slow.
    public func saturatedMessage(layer: String) -> String {
        let slow = levels.first { $0.cycles >= Self.largestCycles }.map { " (level '\($0.name)')" } ?? ""
        return "layer '\(layer)': its best mapping takes more than 2^62 cycles; a bandwidth of the architecture\(slow) is too small for this layer"
    }
}
