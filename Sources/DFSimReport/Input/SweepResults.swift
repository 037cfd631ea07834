import Foundation

/// A sweep folder: `sweep.json` (written by `dfsim sweep`), one point per design evaluated.
public struct SweepResults: Decodable, Sendable {
    public var sweep: String
    /// Names of the swept parameters, in the order the sweep lists them.
    public var parameters: [String]
    public var points: [Point]
    /// Point ids that are best per objective (`energy`, `latency`, `edp`); `null` entries are dropped.
    public var best: [String: String]? { bestEntries?.compactMapValues { $0 } }
    private var bestEntries: [String: String?]?

    enum CodingKeys: String, CodingKey {
        case sweep, parameters, points
        case bestEntries = "best"
    }

    /// One design: its parameter values and totals over the workload.
    public struct Point: Decodable, Sendable {
        public var id: String
        public var params: [String: ParameterValue]
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
            case id, params, workload, cycles, edp, macs, pes, pareto
            case energyPJ = "energy_pj", latencySeconds = "latency_s", pjPerMAC = "pj_per_mac", onchipWords = "onchip_words"
        }
    }

    /// A parameter value as written: a string or a number.
    public enum ParameterValue: Decodable, Sendable, CustomStringConvertible {
        case string(String)
        case number(Double)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let s = try? container.decode(String.self) { self = .string(s); return }
            if let d = try? container.decode(Double.self) { self = .number(d); return }
            if let b = try? container.decode(Bool.self) { self = .string(b ? "true" : "false"); return }
            if container.decodeNil() { self = .string("—"); return }
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                debugDescription: "a parameter value is a string or a number"))
        }

        public var description: String {
            switch self {
            case .string(let s): return s
            case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
            }
        }
    }

    /// Loads `folder/sweep.json`.
    public static func load(folder: URL) throws -> SweepResults {
        let file = folder.appendingPathComponent("sweep.json")
        let sweep = try JSONFile.decode(SweepResults.self, at: file)
        guard !sweep.points.isEmpty else { throw ReportError("\(file.path): no points to report") }
        return sweep
    }

    /// `name=value` for every parameter of `point`, in the sweep's order.
    public func parameterText(_ point: Point) -> String {
        parameters.map { "\($0)=\(point.params[$0]?.description ?? "?")" }.joined(separator: ", ")
    }
}
