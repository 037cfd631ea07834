import Foundation

/// `details.json` of a run folder (written by `dfsim run`, docs/format.md §5.2): the one type
/// the writer encodes, the HTML report decodes and the tests build fixtures from. Keys marked
/// "absent before format 1" may be missing in folders of older versions and decode as `nil`.
public struct RunResults: Codable, Sendable {
    /// ``ResultsFormat/version`` when written; `nil` in files written before versioning.
    public var formatVersion: Int?
    public var arch: String
    public var workload: String
    public var objective: String
    public var dataflow: String?
    /// Absent in folders written before the key existed; the roofline is then left out.
    public var architecture: ArchitectureFacts?
    public var layers: [LayerResult]
    public var total: Total

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", arch, workload, objective, dataflow, architecture, layers, total
    }

    public init(arch: String, workload: String, objective: String, dataflow: String?, architecture: ArchitectureFacts?,
                layers: [LayerResult], total: Total) {
        formatVersion = ResultsFormat.version
        (self.arch, self.workload, self.objective, self.dataflow) = (arch, workload, objective, dataflow)
        (self.architecture, self.layers, self.total) = (architecture, layers, total)
    }

    /// Network totals (`total` in details.json).
    public struct Total: Codable, Sendable {
        public var macs: Int
        public var energyPJ: Double
        public var cycles: Int
        public var latencySeconds: Double?
        /// Energy × cycles, pJ·cycles.
        public var edp: Double?
        /// Every layer proven optimal (absent before format 1).
        public var provenOptimal: Bool?
        /// The network's proven gap, % of the summed layer objectives (`nil` without a bound).
        public var gapPercent: Double?

        enum CodingKeys: String, CodingKey {
            case macs, energyPJ = "energy_pj", cycles, latencySeconds = "latency_s", edp
            case provenOptimal = "proven_optimal", gapPercent = "gap_percent"
        }

        public init(macs: Int, energyPJ: Double, cycles: Int, latencySeconds: Double?, edp: Double?,
                    provenOptimal: Bool? = nil, gapPercent: Double? = nil) {
            (self.macs, self.energyPJ, self.cycles, self.latencySeconds, self.edp) = (macs, energyPJ, cycles, latencySeconds, edp)
            (self.provenOptimal, self.gapPercent) = (provenOptimal, gapPercent)
        }
    }

    /// The `architecture` object: what the roofline and the level table need.
    public struct ArchitectureFacts: Codable, Sendable {
        public var name: String
        public var totalPEs: Int
        public var clockMHz: Double
        /// The default datum width.
        public var wordBits: Int
        /// Outermost first.
        public var levels: [Level]

        enum CodingKeys: String, CodingKey {
            case name, totalPEs = "total_pes", clockMHz = "clock_mhz", wordBits = "word_bits", levels
        }

        public init(name: String, totalPEs: Int, clockMHz: Double, wordBits: Int, levels: [Level]) {
            (self.name, self.totalPEs, self.clockMHz, self.wordBits, self.levels) = (name, totalPEs, clockMHz, wordBits, levels)
        }

        /// One storage level; bandwidths in words/cycle per instance, `nil` = unlimited.
        public struct Level: Codable, Sendable {
            public var name: String
            /// `dram`, `sram` or `regfile`.
            public var kind: String?
            /// Physical instances: the product of the fan-outs at and above the level.
            public var instances: Int
            /// `nil` = unbounded.
            public var sizeWords: Int?
            public var wordBits: Int?
            /// Reads and writes together.
            public var bandwidth: Double?
            /// The limit on reads alone: the tighter of the separate and the shared limit.
            public var readBandwidth: Double?
            /// The limit on fills + updates alone.
            public var writeBandwidth: Double?

            enum CodingKeys: String, CodingKey {
                case name, kind, instances, sizeWords = "size_words", wordBits = "word_bits", bandwidth
                case readBandwidth = "read_bandwidth", writeBandwidth = "write_bandwidth"
            }

            public init(name: String, kind: String?, instances: Int, sizeWords: Int?, wordBits: Int?,
                        bandwidth: Double?, readBandwidth: Double?, writeBandwidth: Double?) {
                (self.name, self.kind, self.instances, self.sizeWords, self.wordBits) = (name, kind, instances, sizeWords, wordBits)
                (self.bandwidth, self.readBandwidth, self.writeBandwidth) = (bandwidth, readBandwidth, writeBandwidth)
            }

            /// Words per cycle the level moves in total (reads and writes), per instance: the
            /// shared limit, else the sum of separate read and write limits; `nil` when unlimited.
            public var totalBandwidth: Double? {
                if let bandwidth { return bandwidth }
                if let readBandwidth, let writeBandwidth { return readBandwidth + writeBandwidth }
                return nil
            }
        }
    }

    /// One layer's best mapping and its evaluation.
    public struct LayerResult: Codable, Sendable {
        public var name: String
        public var einsum: String?
        public var macs: Int
        public var energyPJ: Double
        public var pjPerMAC: Double
        public var cycles: Int
        /// Cycles ÷ clock (absent before format 1).
        public var latencyMicroseconds: Double?
        /// Timeloop's utilization: MACs ÷ (PEs × cycles).
        public var utilization: Double
        public var computeCycles: Int?
        public var spatialUtilization: Double?
        public var dramAccessesPerMAC: Double
        /// MACs per byte moved at DRAM.
        public var dramArithmeticIntensity: Double?
        /// Level name → its loops, outermost level first (levels without loops are absent).
        public var mapping: OrderedObject<MappingLevel>
        public var compute: Compute
        /// Energy of words crossing fan-out networks (absent in files of older versions: 0).
        public var network: Network?
        /// Every level, outermost first.
        public var levels: [LevelResult]
        public var search: Search?

        enum CodingKeys: String, CodingKey {
            case name, einsum, macs, energyPJ = "energy_pj", pjPerMAC = "pj_per_mac", cycles
            case latencyMicroseconds = "latency_us", utilization, computeCycles = "compute_cycles"
            case spatialUtilization = "spatial_utilization", dramAccessesPerMAC = "dram_accesses_per_mac"
            case dramArithmeticIntensity = "dram_arithmetic_intensity", mapping, compute, network, levels, search
        }

        public init(name: String, einsum: String?, macs: Int, energyPJ: Double, pjPerMAC: Double, cycles: Int,
                    latencyMicroseconds: Double?, utilization: Double, computeCycles: Int?, spatialUtilization: Double?,
                    dramAccessesPerMAC: Double, dramArithmeticIntensity: Double?, mapping: OrderedObject<MappingLevel>,
                    compute: Compute, network: Network?, levels: [LevelResult], search: Search?) {
            (self.name, self.einsum, self.macs, self.energyPJ, self.pjPerMAC, self.cycles) = (name, einsum, macs, energyPJ, pjPerMAC, cycles)
            (self.latencyMicroseconds, self.utilization, self.computeCycles) = (latencyMicroseconds, utilization, computeCycles)
            (self.spatialUtilization, self.dramAccessesPerMAC, self.dramArithmeticIntensity) = (spatialUtilization, dramAccessesPerMAC, dramArithmeticIntensity)
            (self.mapping, self.compute, self.network, self.levels, self.search) = (mapping, compute, network, levels, search)
        }

        /// MACs per word moved at DRAM (reads + fills + updates); `nil` when nothing moves.
        public var dramIntensityPerWord: Double? { dramAccessesPerMAC > 0 ? 1 / dramAccessesPerMAC : nil }

        /// Attained throughput, MACs per cycle.
        public var macsPerCycle: Double { cycles > 0 ? Double(macs) / Double(cycles) : 0 }

        /// The layer this one's mapping was copied from (same einsum, searched once).
        public var sharedWith: String? { search?.sharedWith }

        /// Energy per tensor role (`inputs`, `weights`, `outputs`, …) summed over levels, plus `compute`.
        public var energyByRole: [(role: String, energyPJ: Double)] {
            var order: [String] = []
            var sums: [String: Double] = [:]
            for level in levels {
                for tensor in level.tensors {
                    if sums[tensor.role] == nil { order.append(tensor.role) }
                    sums[tensor.role, default: 0] += tensor.energyPJ
                }
            }
            let main = ["inputs", "weights", "outputs"]
            let roles = main.filter { sums[$0] != nil } + order.filter { !main.contains($0) }
            return roles.map { ($0, sums[$0] ?? 0) } + [("compute", compute.energyPJ)] + (networkPJ > 0 ? [("network", networkPJ)] : [])
        }

        /// Network transfer energy, pJ (0 when the architecture does not price transfers).
        public var networkPJ: Double { network?.energyPJ ?? 0 }
    }

    /// The loops of one level: temporal (outermost first) and the spatial loops of its fan-out.
    public struct MappingLevel: Codable, Sendable, Equatable {
        /// Each element is `{dim: factor}`.
        public var temporal: [[String: Int]]?
        /// Each element is `{dim: "factor axis"}`, e.g. `{"q": "13 x"}`.
        public var spatial: [[String: String]]?

        public init(temporal: [[String: Int]]?, spatial: [[String: String]]?) {
            (self.temporal, self.spatial) = (temporal, spatial)
        }

        // Empty lists are left out, as in the mapping YAML.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let temporal, !temporal.isEmpty { try container.encode(temporal, forKey: .temporal) }
            if let spatial, !spatial.isEmpty { try container.encode(spatial, forKey: .spatial) }
        }

        enum CodingKeys: String, CodingKey { case temporal, spatial }
    }

    /// Network transfers of one layer.
    public struct Network: Codable, Sendable {
        public var energyPJ: Double
        /// pJ per word crossing a fan-out (absent before format 1).
        public var transferEnergyPJ: Double?
        enum CodingKeys: String, CodingKey { case energyPJ = "energy_pj", transferEnergyPJ = "transfer_energy_pj" }
        public init(energyPJ: Double, transferEnergyPJ: Double?) { (self.energyPJ, self.transferEnergyPJ) = (energyPJ, transferEnergyPJ) }
    }

    /// The MAC units of one layer.
    public struct Compute: Codable, Sendable {
        public var energyPJ: Double
        /// Utilized PEs.
        public var instances: Int?
        public var totalInstances: Int?
        public var energyPerMACPJ: Double?

        enum CodingKeys: String, CodingKey {
            case energyPJ = "energy_pj", instances, totalInstances = "total_instances", energyPerMACPJ = "energy_per_mac_pj"
        }

        public init(energyPJ: Double, instances: Int?, totalInstances: Int?, energyPerMACPJ: Double?) {
            (self.energyPJ, self.instances, self.totalInstances, self.energyPerMACPJ) = (energyPJ, instances, totalInstances, energyPerMACPJ)
        }
    }

    /// One storage level of one layer.
    public struct LevelResult: Codable, Sendable {
        public var name: String
        public var energyPJ: Double
        /// Utilized instances.
        public var instances: Int
        /// Cycles the level needs at its bandwidth (absent before format 1).
        public var cycles: Int?
        /// Level cycles ÷ compute cycles when above 1.
        public var bandwidthThrottling: Double?
        public var tensors: [TensorResult]

        enum CodingKeys: String, CodingKey {
            case name, energyPJ = "energy_pj", instances, cycles, bandwidthThrottling = "bandwidth_throttling", tensors
        }

        public init(name: String, energyPJ: Double, instances: Int, cycles: Int?, bandwidthThrottling: Double?, tensors: [TensorResult]) {
            (self.name, self.energyPJ, self.instances, self.cycles, self.bandwidthThrottling, self.tensors) = (name, energyPJ, instances, cycles, bandwidthThrottling, tensors)
        }
    }

    /// Counts are words summed over the level's utilized instances; capacity is per instance.
    public struct TensorResult: Codable, Sendable {
        public var role: String
        public var tensor: String
        public var utilizedCapacity: Int
        public var instances: Int?
        public var partitionSize: Int?
        public var reads: Int
        public var fills: Int
        public var updates: Int
        public var energyPJ: Double
        public var reuseFactor: Double?

        enum CodingKeys: String, CodingKey {
            case role, tensor, utilizedCapacity = "utilized_capacity", instances, partitionSize = "partition_size"
            case reads, fills, updates, energyPJ = "energy_pj", reuseFactor = "reuse_factor"
        }

        public init(role: String, tensor: String, utilizedCapacity: Int, instances: Int?, partitionSize: Int?,
                    reads: Int, fills: Int, updates: Int, energyPJ: Double, reuseFactor: Double?) {
            (self.role, self.tensor, self.utilizedCapacity, self.instances, self.partitionSize) = (role, tensor, utilizedCapacity, instances, partitionSize)
            (self.reads, self.fills, self.updates, self.energyPJ, self.reuseFactor) = (reads, fills, updates, energyPJ, reuseFactor)
        }
    }

    /// What the search covered and proved for one layer.
    public struct Search: Codable, Sendable {
        public var provenOptimal: Bool?
        /// A proven lower bound on the objective of every mapping (`nil` for random sampling).
        public var lowerBound: Double?
        /// The proven gap (%) of a search stopped early (`nil` for random sampling).
        public var gapPercent: Double?
        public var sharedWith: String?
        public var mapspaceSize: MapspaceSize?
        public var spatialAssignments: Int?
        public var tilings: Int?
        public var evaluated: Int?
        public var pruned: Pruned?

        enum CodingKeys: String, CodingKey {
            case provenOptimal = "proven_optimal", lowerBound = "lower_bound", gapPercent = "gap_percent", sharedWith = "shared_with"
            case mapspaceSize = "mapspace_size", spatialAssignments = "spatial_assignments", tilings, evaluated, pruned
        }

        public init(provenOptimal: Bool?, lowerBound: Double? = nil, gapPercent: Double? = nil, sharedWith: String? = nil,
                    mapspaceSize: MapspaceSize? = nil, spatialAssignments: Int? = nil, tilings: Int? = nil, evaluated: Int? = nil,
                    pruned: Pruned? = nil) {
            (self.provenOptimal, self.lowerBound, self.gapPercent, self.sharedWith) = (provenOptimal, lowerBound, gapPercent, sharedWith)
            (self.mapspaceSize, self.spatialAssignments, self.tilings, self.evaluated, self.pruned) = (mapspaceSize, spatialAssignments, tilings, evaluated, pruned)
        }

        /// Timeloop's mapspace breakdown; `total` is their product.
        public struct MapspaceSize: Codable, Sendable {
            public var indexFactorizations, loopPermutations, spatialOrderings, bypassChoices, total: Double
            enum CodingKeys: String, CodingKey {
                case indexFactorizations = "index_factorizations", loopPermutations = "loop_permutations"
                case spatialOrderings = "spatial_orderings", bypassChoices = "bypass_choices", total
            }
            public init(indexFactorizations: Double, loopPermutations: Double, spatialOrderings: Double, bypassChoices: Double, total: Double) {
                (self.indexFactorizations, self.loopPermutations, self.spatialOrderings) = (indexFactorizations, loopPermutations, spatialOrderings)
                (self.bypassChoices, self.total) = (bypassChoices, total)
            }
        }

        /// What each pruning rule removed.
        public struct Pruned: Codable, Sendable {
            public var capacity, minUtilization, spatialBound, axisTwins, partialBound, dominated: Int
            public var symmetricSpatialOrderings, equivalentLoopOrders: Double
            enum CodingKeys: String, CodingKey {
                case capacity, minUtilization = "min_utilization", spatialBound = "spatial_bound", axisTwins = "axis_twins"
                case partialBound = "partial_bound", dominated, symmetricSpatialOrderings = "symmetric_spatial_orderings"
                case equivalentLoopOrders = "equivalent_loop_orders"
            }
            public init(capacity: Int, minUtilization: Int, spatialBound: Int, axisTwins: Int, partialBound: Int, dominated: Int,
                        symmetricSpatialOrderings: Double, equivalentLoopOrders: Double) {
                (self.capacity, self.minUtilization, self.spatialBound, self.axisTwins) = (capacity, minUtilization, spatialBound, axisTwins)
                (self.partialBound, self.dominated) = (partialBound, dominated)
                (self.symmetricSpatialOrderings, self.equivalentLoopOrders) = (symmetricSpatialOrderings, equivalentLoopOrders)
            }
        }
    }

    /// Level names outermost first (from the architecture, else from the first layer).
    public var levelNames: [String] {
        architecture?.levels.map(\.name) ?? layers.first?.levels.map(\.name) ?? []
    }
}

/// `timing.json` of a run folder: wall-clock seconds, which depend on the machine (details.json does not).
public struct RunTiming: Codable, Sendable {
    public var threads: Int
    public var wallSeconds: Double
    public var layers: [Layer]

    enum CodingKeys: String, CodingKey { case threads, wallSeconds = "wall_seconds", layers }

    public init(threads: Int, wallSeconds: Double, layers: [Layer]) {
        (self.threads, self.wallSeconds, self.layers) = (threads, wallSeconds, layers)
    }

    public struct Layer: Codable, Sendable {
        public var name: String
        public var seconds: Double
        public init(name: String, seconds: Double) { (self.name, self.seconds) = (name, seconds) }
    }
}
