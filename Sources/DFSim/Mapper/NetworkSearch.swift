/// The optimal mapping of every layer of a network; layers that share a shape are searched once.
public struct NetworkSearch: Sendable {
    /// One layer's outcome.
    public struct LayerResult: Sendable {
        public var layer: Layer
        public var einsum: Einsum
        public var result: SearchResult
        /// The earlier layer with the same einsum whose search this reuses, if any.
        public var sharedWith: String?
        /// Seconds spent searching (0 when shared).
        public var seconds: Double
    }

    public let workload: Workload
    public let architecture: Architecture
    public let objective: Objective
    public let dataflow: DataflowPreset?
    public let threads: Int
    /// `nil`: exact search; otherwise random sampling with this budget and seed (not proven optimal).
    public let random: (budget: Int, seed: UInt64)?

    public init(workload: Workload, architecture: Architecture, objective: Objective = .edp,
                dataflow: DataflowPreset? = nil, threads: Int = 1, random: (budget: Int, seed: UInt64)? = nil) {
        self.random = random
        self.workload = workload
        self.architecture = architecture
        self.objective = objective
        self.dataflow = dataflow
        self.threads = threads
    }

    /// Searches the given layers (default: every layer with MACs), in order. `progress` is called
    /// before each layer with its index, the count, the layer and the mappings evaluated so far;
    /// `clock` measures seconds.
    public func run(layers selected: [Layer]? = nil,
                    progress: (Int, Int, Layer, Int) -> Void = { _, _, _, _ in },
                    clock: () -> Double = { 0 }) throws(MapperError) -> [LayerResult] {
        let layers = selected ?? workload.mappedLayers
        var results: [LayerResult] = []
        var searched: [Einsum: (String, SearchResult)] = [:]
        for (i, layer) in layers.enumerated() {
            guard let einsum = layer.einsum else { continue }
            progress(i, layers.count, layer, results.filter { $0.sharedWith == nil }.reduce(0) { $0 + $1.result.statistics.evaluated })
            if let (name, shared) = searched[einsum] {
                results.append(LayerResult(layer: layer, einsum: einsum, result: shared, sharedWith: name, seconds: 0))
                continue
            }
            let start = clock()
            let space = Mapspace(einsum: einsum, architecture: architecture, dataflow: dataflow)
            let result: SearchResult
            do {
                if let random {
                    result = try RandomSearch(mapspace: space, objective: objective, budget: random.budget, seed: random.seed).search()
                } else {
                    result = try Mapper(mapspace: space, objective: objective, threads: threads).search()
                }
            } catch {
                throw MapperError(message: "layer '\(layer.name)': \(error.message)")
            }
            searched[einsum] = (layer.name, result)
            results.append(LayerResult(layer: layer, einsum: einsum, result: result, sharedWith: nil, seconds: clock() - start))
        }
        return results
    }
}
