/// The outcome of one sweep point on one workload: one line of a sweep's `points.jsonl`, holding
/// everything the final files need (so merging shards needs only these lines).
public struct SweepRecord: Codable, Hashable, Sendable {
    public var id: String
    /// The point's ``SweepPoint/key``.
    public var key: String
    public var workload: String
    /// Parameter → value as written in the sweep file.
    public var params: [String: String]
    public var macs: Int
    public var energyPJ: Double
    public var cycles: Int
    /// `cycles / clock`.
    public var latencySeconds: Double
    /// `energyPJ × cycles` (pJ·cycles, as `dfsim run` reports it).
    public var edp: Double
    public var pjPerMAC: Double
    /// The area proxy: PE count and on-chip storage (see ``Architecture/onChipWords``).
    public var pes: Int
    public var onChipWords: Int
    public var layers: [Layer]
    /// Why the mapper found no mapping (e.g. a buffer too small for any tile); metrics are 0 then.
    public var error: String?
    /// When a time limit stopped some layer's search: the proven gap (%) of the summed layer
    /// objectives against their lower bounds; `nil` when every layer is proven optimal.
    public var gapPercent: Double?
    /// Wall-clock seconds spent on this point and workload (not part of the final files).
    public var seconds: Double
    /// For each `levels.<name>.size` parameter, the level's resolved size in words and bytes
    /// (`64 KiB` of 16-bit words: 32768 words, 65536 bytes); absent in records of older versions.
    public var sizes: [String: ResolvedSize]?

    /// A size parameter's value in words and bytes.
    public struct ResolvedSize: Codable, Hashable, Sendable {
        public var words: Int
        public var bytes: Int
    }

    /// The resolved sizes of the `levels.<name>.size` parameters among `parameters`.
    public static func resolvedSizes(_ parameters: [String], architecture: Architecture) -> [String: ResolvedSize]? {
        var sizes: [String: ResolvedSize] = [:]
        for p in parameters where p.hasPrefix("levels.") && p.hasSuffix(".size") && p.count > 12 {
            let name = String(p.dropFirst(7).dropLast(5))
            guard let level = architecture.levels.first(where: { $0.name == name }), let words = level.sizeWords else { continue }
            sizes[p] = ResolvedSize(words: words, bytes: (words * level.wordBits + 7) / 8)
        }
        return sizes.isEmpty ? nil : sizes
    }

    /// One layer's optimum.
    public struct Layer: Codable, Hashable, Sendable {
        public var name: String
        public var macs: Int
        public var energyPJ: Double
        public var pjPerMAC: Double
        public var cycles: Int
        public var utilization: Double
        /// The earlier layer with the same einsum whose mapping this reuses.
        public var sharedWith: String?
        /// The loop nest in one line (`DRAM[m2] GLB[p13 | m4y q13x] …`).
        public var mapping: String

        enum CodingKeys: String, CodingKey {
            case name, macs, cycles, utilization, mapping
            case energyPJ = "energy_pj", pjPerMAC = "pj_per_mac", sharedWith = "shared_with"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, key, workload, params, macs, cycles, edp, pes, layers, error, seconds, sizes
        case gapPercent = "gap_percent"
        case energyPJ = "energy_pj", latencySeconds = "latency_s", pjPerMAC = "pj_per_mac", onChipWords = "onchip_words"
    }

    /// Whether the point has results (the mapper found a mapping for every layer).
    public var succeeded: Bool { error == nil }

    /// The record of `point` on `workload`: totals over the searched layers.
    public init(point: SweepPoint, parameters: [String], workload: String, architecture: Architecture,
                results: [NetworkSearch.LayerResult], seconds: Double) {
        self.init(point: point, parameters: parameters, workload: workload, architecture: architecture, error: nil, seconds: seconds)
        layers = results.map { r in
            let e = r.result.evaluation
            return Layer(name: r.layer.name, macs: e.macs, energyPJ: e.energyPJ, pjPerMAC: e.energyPerMAC, cycles: e.cycles,
                         utilization: e.utilization, sharedWith: r.sharedWith,
                         mapping: r.result.mapping.oneLine(for: r.einsum, on: architecture))
        }
        macs = layers.reduce(0) { $0 + $1.macs }
        energyPJ = layers.reduce(0) { $0 + $1.energyPJ }
        cycles = layers.reduce(0) { $0 + $1.cycles }
        latencySeconds = Double(cycles) / (architecture.clockMHz * 1e6)
        edp = energyPJ * Double(cycles)
        pjPerMAC = macs == 0 ? 0 : energyPJ / Double(macs)
        if !results.allSatisfy(\.result.provenOptimal) { gapPercent = NetworkSearch.gap(of: results).map { $0 * 100 } }
    }

    /// The record of a point whose search failed.
    public init(point: SweepPoint, parameters: [String], workload: String, architecture: Architecture,
                error: String?, seconds: Double) {
        id = point.id
        key = point.key
        self.workload = workload
        params = Dictionary(zip(parameters, point.values), uniquingKeysWith: { a, _ in a })
        macs = 0
        energyPJ = 0
        cycles = 0
        latencySeconds = 0
        edp = 0
        pjPerMAC = 0
        pes = architecture.totalPEs
        onChipWords = architecture.onChipWords
        layers = []
        self.error = error
        self.seconds = seconds
        sizes = Self.resolvedSizes(parameters, architecture: architecture)
    }
}
