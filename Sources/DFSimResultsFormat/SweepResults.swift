/// `sweep.json` of a sweep folder (written by `dfsim sweep` and `dfsim merge`): one point per
/// design and workload evaluated, the sweep's Pareto flags and its best point per objective.
public struct SweepResults: Codable, Sendable {
    /// ``ResultsFormat/version`` when written; `nil` in files written before versioning.
    public var formatVersion: Int?
    public var sweep: String
    /// Names of the swept parameters, in the order the sweep lists them.
    public var parameters: [String]
    public var points: [Point]
    /// Point ids that are best per objective (`null` when no point succeeded).
    public var bestPoints: Best?
    /// How the report draws the sweep (the sweep file's `plot:`); absent when the file has none,
    /// and in files written before it existed.
    public var plot: Plot?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", sweep, parameters, plot, points, bestPoints = "best"
    }

    public init(sweep: String, parameters: [String], points: [Point], best: Best, plot: Plot? = nil) {
        formatVersion = ResultsFormat.version
        (self.sweep, self.parameters, self.points, self.bestPoints, self.plot) = (sweep, parameters, points, best, plot)
    }

    /// Writes every key (absent optionals as `null`, as the other files do) except `plot`, which
    /// is left out when the sweep chose nothing, so such a sweep's file keeps its earlier shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(formatVersion, forKey: .formatVersion)
        try c.encode(sweep, forKey: .sweep)
        try c.encode(parameters, forKey: .parameters)
        if let plot { try c.encode(plot, forKey: .plot) }
        try c.encode(points, forKey: .points)
        try c.encodeIfPresent(bestPoints, forKey: .bestPoints)
    }

    /// The figures a sweep asks for (`plot:` in the sweep file, docs/sweep.md): the parameter that
    /// colours the points, the parameter along which lines join points that agree on every other
    /// parameter, and the objectives of the report's Pareto front.
    ///
    /// ```json
    /// "plot": {"color": "levels.GLB.size", "line": "levels.RF.spatial.x", "pareto": ["energy", "latency"]}
    /// ```
    public struct Plot: Codable, Sendable, Equatable {
        public var color: String?
        public var line: String?
        /// Names from ``objectives``; `nil`: energy and latency.
        public var pareto: [String]?

        public init(color: String? = nil, line: String? = nil, pareto: [String]? = nil) {
            (self.color, self.line, self.pareto) = (color, line, pareto)
        }

        /// The metrics a Pareto front may be taken over (the columns of `points.csv`).
        public static let objectives = ["energy", "latency", "edp", "onchip_words", "pes"]
    }

    /// Point ids that are best per objective (`energy`, `latency`, `edp`); `null` entries are dropped.
    public var best: [String: String]? {
        bestPoints.map { b in Dictionary(uniqueKeysWithValues: [("energy", b.energy), ("latency", b.latency), ("edp", b.edp)].compactMap { k, v in v.map { (k, $0) } }) }
    }

    /// The best point's id per objective.
    public struct Best: Codable, Sendable {
        public var energy: String?
        public var latency: String?
        public var edp: String?
        public init(energy: String?, latency: String?, edp: String?) { (self.energy, self.latency, self.edp) = (energy, latency, edp) }
    }

    /// One design: its parameter values and totals over the workload.
    public struct Point: Codable, Sendable {
        public var id: String
        /// Parameter → value, in the sweep's parameter order.
        public var params: OrderedObject<ParameterValue>
        public var workload: String
        public var energyPJ: Double
        public var cycles: Int
        public var latencySeconds: Double
        public var edp: Double
        public var macs: Int
        public var pjPerMAC: Double
        public var pes: Int
        public var onchipWords: Int
        public var pareto: Bool

        enum CodingKeys: String, CodingKey {
            case id, params, workload, energyPJ = "energy_pj", cycles, latencySeconds = "latency_s", edp, macs
            case pjPerMAC = "pj_per_mac", pes, onchipWords = "onchip_words", pareto
        }

        public init(id: String, params: OrderedObject<ParameterValue>, workload: String, energyPJ: Double, cycles: Int,
                    latencySeconds: Double, edp: Double, macs: Int, pjPerMAC: Double, pes: Int, onchipWords: Int, pareto: Bool) {
            (self.id, self.params, self.workload, self.energyPJ, self.cycles) = (id, params, workload, energyPJ, cycles)
            (self.latencySeconds, self.edp, self.macs, self.pjPerMAC) = (latencySeconds, edp, macs, pjPerMAC)
            (self.pes, self.onchipWords, self.pareto) = (pes, onchipWords, pareto)
        }
    }

    /// A parameter value as written: a string, an integer or another number.
    public enum ParameterValue: Codable, Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case number(Double)

        /// A value as a JSON number when its text is one (`8`, `0.5`), else as text (`64 KiB`).
        public init(text: String) {
            if let i = Int(text) { self = .integer(i); return }
            if let d = Double(text), d.isFinite, text.first?.isNumber == true || text.first == "-" || text.first == "." {
                self = .number(d); return
            }
            self = .string(text)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let s): try container.encode(s)
            case .integer(let i): try container.encode(i)
            case .number(let d): try container.encode(d)
            }
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let s = try? container.decode(String.self) { self = .string(s); return }
            if let i = try? container.decode(Int.self) { self = .integer(i); return }
            if let d = try? container.decode(Double.self) { self = .number(d); return }
            if let b = try? container.decode(Bool.self) { self = .string(b ? "true" : "false"); return }
            if container.decodeNil() { self = .string("—"); return }
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                debugDescription: "a parameter value is a string or a number"))
        }

        public var description: String {
            switch self {
            case .string(let s): return s
            case .integer(let i): return String(i)
            case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
            }
        }
    }

    /// `name=value` for every parameter of `point`, in the sweep's order.
    public func parameterText(_ point: Point) -> String {
        parameters.map { "\($0)=\(point.params[$0]?.description ?? "?")" }.joined(separator: ", ")
    }
}
