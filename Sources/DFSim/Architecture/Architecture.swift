/// The compute unit at the bottom of the hierarchy (one per innermost instance).
public struct ComputeUnit: Hashable, Sendable {
    /// `int_mac` or `fp_mac`.
    public var op: String
    /// Energy of one MAC, pJ.
    public var energyPerMAC: Double
    public var energySource: String
    public init(op: String = "int_mac", energyPerMAC: Double, energySource: String = "") {
        self.op = op
        self.energyPerMAC = energyPerMAC
        self.energySource = energySource
    }
}

/// An accelerator: a chain of storage levels (outermost first) ending in a compute unit.
///
/// A level may open a spatial ``Fanout``; the PE count is the product of all fan-outs.
/// The architecture never refers to a workload: tensors are named by role (or name) and bound
/// to a concrete einsum when a mapping is evaluated.
public struct Architecture: Hashable, Sendable {
    public var name: String
    public var description: String
    public var levels: [StorageLevel]
    public var compute: ComputeUnit
    public var clockMHz: Double
    public var wordBits: Int
    /// Name of the energy table the defaults come from, with its citation.
    public var energyTableName: String
    public var energyTableSource: String
    /// What the mapper may choose (docs/format.md §2.7: `constraints:`, `min_utilization:`, `dataflow:`).
    public var constraints: Constraints
    /// Energy (pJ) of moving one word across one fan-out's network (the energy table's inter-PE
    /// figure; 0 unless set): see ``Evaluation/networkEnergyPJ``.
    public var networkTransferEnergy: Double

    public init(name: String, description: String = "", levels: [StorageLevel], compute: ComputeUnit,
                clockMHz: Double = 1000, wordBits: Int = 16, energyTableName: String = "",
                energyTableSource: String = "", constraints: Constraints = .none, networkTransferEnergy: Double = 0) {
        self.constraints = constraints
        self.networkTransferEnergy = networkTransferEnergy
        self.name = name
        self.description = description
        self.levels = levels
        self.compute = compute
        self.clockMHz = clockMHz
        self.wordBits = wordBits
        self.energyTableName = energyTableName
        self.energyTableSource = energyTableSource
    }

    /// Total processing elements: the product of every fan-out.
    public var totalPEs: Int { levels.reduce(1) { $0 * ($1.fanout?.size ?? 1) } }

    /// Index of the level named `name`.
    public func levelIndex(named name: String) -> Int? { levels.firstIndex { $0.name == name } }

    /// Number of physical instances of level `index`: the product of the fan-outs at and above it.
    public func physicalInstances(ofLevel index: Int) -> Int {
        levels[0...index].reduce(1) { $0 * ($1.fanout?.size ?? 1) }
    }
}
