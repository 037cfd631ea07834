import Foundation

/// The content of a run folder's `details.json` (written by `dfsim run`, docs/format.md §5.2), as the report
/// reads it. Keys the report does not use are ignored; keys added by later versions are welcome.
public struct RunResults: Decodable, Sendable {
    public var arch: String
    public var workload: String
    public var objective: String
    public var dataflow: String?
    /// Absent in folders written before the key existed; the roofline is then left out.
    public var architecture: ArchitectureFacts?
    public var layers: [LayerResult]
    public var total: Total

    /// Loads `folder/details.json`.
    public static func load(folder: URL) throws -> RunResults {
        let results = try JSONFile.decode(RunResults.self, at: folder.appendingPathComponent("details.json"))
        guard !results.layers.isEmpty else {
            throw ReportError("\(folder.appendingPathComponent("details.json").path): no layers to report")
        }
        return results
    }

    /// Network totals (`total` in details.json).
    public struct Total: Decodable, Sendable {
        public var macs: Int
        public var energyPJ: Double
        public var cycles: Int
        public var latencySeconds: Double?
        public var edp: Double?

        enum CodingKeys: String, CodingKey {
            case macs, cycles, edp
            case energyPJ = "energy_pj", latencySeconds = "latency_s"
        }
    }

    /// The `architecture` object: what the roofline and the level table need.
    public struct ArchitectureFacts: Decodable, Sendable {
        public var name: String
        public var totalPEs: Int
        public var clockMHz: Double
        public var wordBits: Int
        public var levels: [Level]

        enum CodingKeys: String, CodingKey {
            case name, levels
            case totalPEs = "total_pes", clockMHz = "clock_mhz", wordBits = "word_bits"
        }

        /// One storage level, outermost first; bandwidths in words/cycle per instance, `nil` = unlimited.
        public struct Level: Decodable, Sendable {
            public var name: String
            public var kind: String?
            public var instances: Int
            public var sizeWords: Int?
            public var wordBits: Int?
            public var bandwidth: Double?
            public var readBandwidth: Double?
            public var writeBandwidth: Double?

            enum CodingKeys: String, CodingKey {
                case name, kind, instances, bandwidth
                case sizeWords = "size_words", wordBits = "word_bits"
                case readBandwidth = "read_bandwidth", writeBandwidth = "write_bandwidth"
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
    public struct LayerResult: Decodable, Sendable {
        public var name: String
        public var einsum: String?
        public var macs: Int
        public var energyPJ: Double
        public var pjPerMAC: Double
        public var cycles: Int
        public var computeCycles: Int?
        public var utilization: Double
        public var spatialUtilization: Double?
        public var dramAccessesPerMAC: Double
        /// MACs per byte moved at DRAM.
        public var dramArithmeticIntensity: Double?
        /// Level name → its loops (levels without loops are absent).
        public var mapping: [String: MappingLevel]
        public var compute: Compute
        /// Energy of words crossing fan-out networks (absent in files of older versions: 0).
        public var network: Network?
        /// Every level, outermost first.
        public var levels: [LevelResult]
        public var search: Search?

        enum CodingKeys: String, CodingKey {
            case name, einsum, macs, cycles, utilization, mapping, compute, network, levels, search
            case energyPJ = "energy_pj", pjPerMAC = "pj_per_mac", computeCycles = "compute_cycles"
            case spatialUtilization = "spatial_utilization", dramAccessesPerMAC = "dram_accesses_per_mac"
            case dramArithmeticIntensity = "dram_arithmetic_intensity"
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
            let roles = ["inputs", "weights", "outputs"].filter { sums[$0] != nil } + order.filter { !["inputs", "weights", "outputs"].contains($0) }
            return roles.map { ($0, sums[$0] ?? 0) } + [("compute", compute.energyPJ)] + (networkPJ > 0 ? [("network", networkPJ)] : [])
        }

        /// Network transfer energy, pJ (0 when the architecture does not price transfers).
        public var networkPJ: Double { network?.energyPJ ?? 0 }
    }

    /// The loops of one level: temporal (outermost first) and the spatial loops of its fan-out.
    public struct MappingLevel: Decodable, Sendable {
        /// Each element is `{dim: factor}`.
        public var temporal: [[String: Int]]?
        /// Each element is `{dim: "factor axis"}`, e.g. `{"q": "13 x"}`.
        public var spatial: [[String: String]]?
    }

    /// Network transfers of one layer.
    public struct Network: Decodable, Sendable {
        public var energyPJ: Double
        enum CodingKeys: String, CodingKey { case energyPJ = "energy_pj" }
    }

    public struct Compute: Decodable, Sendable {
        public var energyPJ: Double
        public var instances: Int?
        public var totalInstances: Int?

        enum CodingKeys: String, CodingKey {
            case instances
            case energyPJ = "energy_pj", totalInstances = "total_instances"
        }
    }

    public struct LevelResult: Decodable, Sendable {
        public var name: String
        public var energyPJ: Double
        public var instances: Int
        public var tensors: [TensorResult]

        enum CodingKeys: String, CodingKey {
            case name, instances, tensors
            case energyPJ = "energy_pj"
        }
    }

    /// Counts are words summed over the level's utilized instances; capacity is per instance.
    public struct TensorResult: Decodable, Sendable {
        public var role: String
        public var tensor: String
        public var utilizedCapacity: Int
        public var reads: Int
        public var fills: Int
        public var updates: Int
        public var energyPJ: Double
        public var reuseFactor: Double?

        enum CodingKeys: String, CodingKey {
            case role, tensor, reads, fills, updates
            case utilizedCapacity = "utilized_capacity", energyPJ = "energy_pj", reuseFactor = "reuse_factor"
        }
    }

    public struct Search: Decodable, Sendable {
        public var provenOptimal: Bool?
        public var sharedWith: String?
        /// The proven gap (%) of a search stopped early (`nil` for random sampling).
        public var gapPercent: Double?

        enum CodingKeys: String, CodingKey {
            case provenOptimal = "proven_optimal", sharedWith = "shared_with", gapPercent = "gap_percent"
        }
    }

    /// Level names outermost first (from the architecture, else from the first layer).
    public var levelNames: [String] {
        architecture?.levels.map(\.name) ?? layers.first?.levels.map(\.name) ?? []
    }
}
