/// `best.json` of a sweep folder: the best point per objective with its totals over the sweep's
/// workloads, the best ids per workload, each workload's Pareto front and the failed runs.
public struct SweepBest: Codable, Sendable {
    public var formatVersion: Int?
    public var sweep: String
    /// The objective every search minimized.
    public var objective: String
    public var best: Objectives
    /// Workload → the best point id per objective on it alone.
    public var byWorkload: OrderedObject<SweepResults.Best>
    /// Workload → the ids on its Pareto front, in point order.
    public var pareto: OrderedObject<[String]>
    public var failed: [Failure]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", sweep, objective, best, byWorkload = "by_workload", pareto, failed
    }

    public init(sweep: String, objective: String, best: Objectives, byWorkload: OrderedObject<SweepResults.Best>,
                pareto: OrderedObject<[String]>, failed: [Failure]) {
        formatVersion = ResultsFormat.version
        (self.sweep, self.objective, self.best, self.byWorkload, self.pareto, self.failed) = (sweep, objective, best, byWorkload, pareto, failed)
    }

    /// The best point per objective (`nil` when no point succeeded on every workload).
    public struct Objectives: Codable, Sendable {
        public var energy: Summary?
        public var latency: Summary?
        public var edp: Summary?
        public init(energy: Summary?, latency: Summary?, edp: Summary?) { (self.energy, self.latency, self.edp) = (energy, latency, edp) }
    }

    /// One point's totals over the sweep's workloads (EDP = Σ energy × Σ cycles).
    public struct Summary: Codable, Sendable {
        public var id: String
        public var params: OrderedObject<SweepResults.ParameterValue>
        public var energyPJ: Double
        public var cycles: Int
        public var latencySeconds: Double
        public var edp: Double
        public var pes: Int
        public var onchipWords: Int

        enum CodingKeys: String, CodingKey {
            case id, params, energyPJ = "energy_pj", cycles, latencySeconds = "latency_s", edp, pes, onchipWords = "onchip_words"
        }

        public init(id: String, params: OrderedObject<SweepResults.ParameterValue>, energyPJ: Double, cycles: Int,
                    latencySeconds: Double, edp: Double, pes: Int, onchipWords: Int) {
            (self.id, self.params, self.energyPJ, self.cycles, self.latencySeconds) = (id, params, energyPJ, cycles, latencySeconds)
            (self.edp, self.pes, self.onchipWords) = (edp, pes, onchipWords)
        }
    }

    /// A run without a mapping.
    public struct Failure: Codable, Sendable {
        public var id: String
        public var workload: String
        public var error: String
        public init(id: String, workload: String, error: String) { (self.id, self.workload, self.error) = (id, workload, error) }
    }
}
