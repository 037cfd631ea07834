/// `compare.json` of a compare folder (written by `dfsim compare`): the variants, the baseline
/// every ratio is to, and each variant's figures per layer and in total. Each variant's own run
/// folder (`folder`, relative to the compare folder) holds its `details.json`.
public struct CompareFile: Codable, Sendable {
    /// ``ResultsFormat/version`` when written; `nil` in files written before versioning.
    public var formatVersion: Int?
    public var workload: String
    public var batch: Int?
    public var objective: String?
    /// Name of the variant the others are normalized to.
    public var baseline: String
    public var variants: [Variant]
    /// Per layer, every variant's figures (absent before format 1 in hand-written files).
    public var layers: [Layer]?
    /// Every variant's network figures.
    public var total: [Figures]?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", workload, batch, objective, baseline, variants, layers, total
    }

    public init(workload: String, batch: Int?, objective: String?, baseline: String, variants: [Variant],
                layers: [Layer]?, total: [Figures]?) {
        formatVersion = ResultsFormat.version
        (self.workload, self.batch, self.objective, self.baseline) = (workload, batch, objective, baseline)
        (self.variants, self.layers, self.total) = (variants, layers, total)
    }

    /// One architecture × dataflow.
    public struct Variant: Codable, Sendable {
        public var name: String
        /// The architecture's name.
        public var arch: String
        /// The architecture file as given on the command line.
        public var archFile: String?
        public var dataflow: String?
        /// Subfolder, relative to the compare folder.
        public var folder: String
        public var pes: Int?
        public var onchipBytes: Int?

        enum CodingKeys: String, CodingKey {
            case name, arch, archFile = "arch_file", dataflow, folder, pes, onchipBytes = "onchip_bytes"
        }

        public init(name: String, arch: String, archFile: String?, dataflow: String?, folder: String, pes: Int?, onchipBytes: Int?) {
            (self.name, self.arch, self.archFile, self.dataflow, self.folder, self.pes, self.onchipBytes) = (name, arch, archFile, dataflow, folder, pes, onchipBytes)
        }
    }

    /// One layer's figures for every variant.
    public struct Layer: Codable, Sendable {
        public var name: String
        public var variants: [Figures]
        public init(name: String, variants: [Figures]) { (self.name, self.variants) = (name, variants) }
    }

    /// One variant's figures on one layer or in total; ratios are to the baseline's.
    public struct Figures: Codable, Sendable {
        public var variant: String
        public var macs: Int
        public var energyPJ: Double
        public var pjPerMAC: Double
        public var energyVsBaseline: Double
        public var cycles: Int
        public var cyclesVsBaseline: Double
        public var utilization: Double
        /// Level name → pJ, outermost first.
        public var energyByLevelPJ: OrderedObject<Double>
        /// Tensor role → pJ, then `compute`.
        public var energyByTensorPJ: OrderedObject<Double>
        public var networkEnergyPJ: Double

        enum CodingKeys: String, CodingKey {
            case variant, macs, energyPJ = "energy_pj", pjPerMAC = "pj_per_mac", energyVsBaseline = "energy_vs_baseline"
            case cycles, cyclesVsBaseline = "cycles_vs_baseline", utilization
            case energyByLevelPJ = "energy_by_level_pj", energyByTensorPJ = "energy_by_tensor_pj", networkEnergyPJ = "network_energy_pj"
        }

        public init(variant: String, macs: Int, energyPJ: Double, pjPerMAC: Double, energyVsBaseline: Double, cycles: Int,
                    cyclesVsBaseline: Double, utilization: Double, energyByLevelPJ: OrderedObject<Double>,
                    energyByTensorPJ: OrderedObject<Double>, networkEnergyPJ: Double) {
            (self.variant, self.macs, self.energyPJ, self.pjPerMAC, self.energyVsBaseline) = (variant, macs, energyPJ, pjPerMAC, energyVsBaseline)
            (self.cycles, self.cyclesVsBaseline, self.utilization) = (cycles, cyclesVsBaseline, utilization)
            (self.energyByLevelPJ, self.energyByTensorPJ, self.networkEnergyPJ) = (energyByLevelPJ, energyByTensorPJ, networkEnergyPJ)
        }
    }
}
