/// Which tensors a storage level holds; the others bypass it.
public enum KeepPolicy: Hashable, Sendable {
    /// Every tensor.
    case all
    /// Only the listed roles or tensor names.
    case only([String])
    /// The mapping (or the mapper) decides per tensor.
    case auto

    /// Whether the level keeps `tensor` under this policy (`auto` keeps it unless a mapping says otherwise).
    public func keeps(_ tensor: TensorAccess) -> Bool {
        switch self {
        case .all, .auto: return true
        case .only(let keys): return keys.contains(tensor.role.rawValue) || keys.contains(tensor.name)
        }
    }
}

/// Which children of a 2-D fan-out are compared when looking for shared words (multicast) or
/// shared outputs (spatial reduction).
public enum FanoutSharing: String, Hashable, Sendable, CaseIterable {
    /// Rows and columns separately: children in different rows *and* columns never share. Timeloop
    /// does this for an array built from two nested one-axis containers (its `eyeriss_like`).
    case perAxis = "per_axis"
    /// All `x × y` children together, diagonals included: Timeloop's comparison of every spatial
    /// delta of one spatial level (`NestAnalysis::ComputeAccurateMulticastedAccesses`), which is what
    /// it does for one container with `meshX` and `meshY`.
    case joint
}

/// A spatial fan-out: from the level that declares it inward, everything exists `x × y` times.
public struct Fanout: Hashable, Sendable {
    public var x: Int
    public var y: Int
    /// Whether one parent read may feed several children that need exactly the same words.
    public var multicast: Bool
    /// Whether partial sums of children that update the same outputs are added in the network.
    public var reduction: Bool
    /// Whether multicast and reduction compare children per axis or across the whole array.
    public var sharing: FanoutSharing
    public init(x: Int, y: Int, multicast: Bool = true, reduction: Bool = true, sharing: FanoutSharing = .joint) {
        self.x = x
        self.y = y
        self.multicast = multicast
        self.reduction = reduction
        self.sharing = sharing
    }
    /// Number of instances the fan-out creates: `x × y`.
    public var size: Int { x * y }
}

/// The kind of memory, which picks the energy-table entry.
public enum MemoryKind: String, Hashable, Sendable, CaseIterable {
    case dram, sram, regfile
}

/// Words per cycle a level can move, per instance.
public struct Bandwidth: Hashable, Sendable {
    /// Reads and writes together (`bandwidth:`).
    public var shared: Double?
    /// Reads only (`read_bandwidth:`).
    public var read: Double?
    /// Fills and updates (`write_bandwidth:`).
    public var write: Double?
    public init(shared: Double? = nil, read: Double? = nil, write: Double? = nil) {
        self.shared = shared
        self.read = read
        self.write = write
    }
    public static let unlimited = Bandwidth()
}

/// One storage level of the hierarchy, outermost (DRAM) first.
public struct StorageLevel: Hashable, Sendable {
    public var name: String
    public var kind: MemoryKind
    /// Capacity in words of this level's word size, or `nil` for unbounded (DRAM).
    public var sizeWords: Int?
    public var keep: KeepPolicy
    /// The fan-out that starts at this level (this level and all inner ones are replicated).
    public var fanout: Fanout?
    public var wordBits: Int
    /// Energy per word read, pJ.
    public var readEnergy: Double
    /// Energy per word written by a fill, pJ.
    public var writeEnergy: Double
    /// Energy per word written by an update (partial sum from below), pJ.
    public var updateEnergy: Double
    public var bandwidth: Bandwidth
    /// Where the energies came from (e.g. `horowitz45: SRAM 5 pJ × sqrt(108 KiB / 8 KiB) × 16/32`).
    public var energySource: String

    public init(name: String, kind: MemoryKind, sizeWords: Int? = nil, keep: KeepPolicy = .all,
                fanout: Fanout? = nil, wordBits: Int = 16, readEnergy: Double, writeEnergy: Double,
                updateEnergy: Double? = nil, bandwidth: Bandwidth = .unlimited, energySource: String = "") {
        self.name = name
        self.kind = kind
        self.sizeWords = sizeWords
        self.keep = keep
        self.fanout = fanout
        self.wordBits = wordBits
        self.readEnergy = readEnergy
        self.writeEnergy = writeEnergy
        self.updateEnergy = updateEnergy ?? writeEnergy
        self.bandwidth = bandwidth
        self.energySource = energySource
    }
}
