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
    /// Seconds for the whole run (`nil`: none): each layer still to search gets an equal share of
    /// what is left, and returns its best mapping with a proven bound when its share runs out.
    public var timeLimit: Double?
    /// Interrupts (``SearchControl/requestStop()``) and live progress; the run then returns the
    /// layers finished so far and the current layer's best with its bound.
    public var control: SearchControl?

    public init(workload: Workload, architecture: Architecture, objective: Objective = .edp,
                dataflow: DataflowPreset? = nil, threads: Int = 1, random: (budget: Int, seed: UInt64)? = nil,
                timeLimit: Double? = nil, control: SearchControl? = nil) {
        self.random = random
        self.timeLimit = timeLimit
        self.control = control
        self.workload = workload
        self.architecture = architecture
        self.objective = objective
        self.dataflow = dataflow
        self.threads = threads
    }

    /// Searches the given layers (default: every layer with MACs), in order. `progress` is called
    /// before each layer with its index, the count, the layer and the mappings evaluated so far,
    /// `finished` after each; `clock` measures seconds. After an interrupt the result holds the
    /// layers searched so far (the last one with its gap) and ``Outcome/interrupted`` is set.
    public func run(layers selected: [Layer]? = nil,
                    progress: (Int, Int, Layer, Int) -> Void = { _, _, _, _ in },
                    finished: (LayerResult) -> Void = { _ in },
                    clock: () -> Double = { 0 }) throws(MapperError) -> [LayerResult] {
        try runUntilStopped(layers: selected, progress: progress, finished: finished, clock: clock).layers
    }

    /// The proven gap of a network's results: the summed layer objectives against their summed
    /// lower bounds, (best − bound) / best in [0, 1], each layer counted as often as it occurs;
    /// 0 when every layer is proven optimal, `nil` when some layer has no bound (random sampling).
    public static func gap(of results: [LayerResult]) -> Double? {
        var best = 0.0, bound = 0.0
        for r in results {
            guard let lower = r.result.lowerBound else { return nil }
            let value = r.result.objective.value(r.result.evaluation)
            best += value
            bound += r.result.provenOptimal ? value : lower
        }
        return best > 0 ? max(0, (best - bound) / best) : 0
    }

    /// What a run returns: every layer searched, and whether an interrupt cut it short.
    public struct Outcome: Sendable {
        public var layers: [LayerResult]
        public var interrupted: Bool
    }

    /// ``run(layers:progress:finished:clock:)`` with whether the run was interrupted.
    public func runUntilStopped(layers selected: [Layer]? = nil,
                                progress: (Int, Int, Layer, Int) -> Void = { _, _, _, _ in },
                                finished: (LayerResult) -> Void = { _ in },
                                clock: () -> Double = { 0 }) throws(MapperError) -> Outcome {
        let layers = selected ?? workload.mappedLayers
        var results: [LayerResult] = []
        var searched: [Einsum: (String, SearchResult)] = [:]
        let runStart = clock()
        let control = self.control ?? (timeLimit == nil ? nil : SearchControl())
        for (i, layer) in layers.enumerated() {
            guard let einsum = layer.einsum else { continue }
            if control?.stopWasRequested == true { return Outcome(layers: results, interrupted: true) }
            progress(i, layers.count, layer, results.filter { $0.sharedWith == nil }.reduce(0) { $0 + $1.result.statistics.evaluated })
            if let (name, shared) = searched[einsum] {
                let result = LayerResult(layer: layer, einsum: einsum, result: shared, sharedWith: name, seconds: 0)
                results.append(result)
                finished(result)
                continue
            }
            if let timeLimit, let control {
                // An equal share of the time left for each distinct einsum still to search.
                var pending = Set<Einsum>()
                for later in layers[i...] { if let e = later.einsum, searched[e] == nil { pending.insert(e) } }
                let left = timeLimit - (clock() - runStart)
                control.setDeadline(secondsFromNow: left / Double(max(1, pending.count)))
            }
            control?.startLayer()
            let start = clock()
            let space = Mapspace(einsum: einsum, architecture: architecture, dataflow: dataflow)
            let result: SearchResult
            do {
                if let random {
                    result = try RandomSearch(mapspace: space, objective: objective, budget: random.budget, seed: random.seed, control: control).search()
                } else {
                    result = try Mapper(mapspace: space, objective: objective, threads: threads, control: control).search()
                }
            } catch {
                throw MapperError(message: "layer '\(layer.name)': \(error.message)")
            }
            if result.evaluation.cyclesSaturated { throw MapperError(message: result.evaluation.saturatedMessage(layer: layer.name)) }
            searched[einsum] = (layer.name, result)
            let layerResult = LayerResult(layer: layer, einsum: einsum, result: result, sharedWith: nil, seconds: clock() - start)
            results.append(layerResult)
            finished(layerResult)
        }
        if random == nil, let timeLimit, let control, !control.stopWasRequested {
            try spendTheTimeLeft(on: &results, timeLimit: timeLimit, runStart: runStart, control: control, clock: clock)
        }
        return Outcome(layers: results, interrupted: control?.stopWasRequested == true)
    }

    /// Time that layers finishing early left over goes to the layers that were stopped, largest
    /// gap first: each is searched again with all the time left, its best mapping so far as the
    /// incumbent (``Mapper/incumbent``), and keeps the better mapping and the higher of the two
    /// bounds (both are proven); a search that completes proves its result.
    private func spendTheTimeLeft(on results: inout [LayerResult], timeLimit: Double, runStart: Double,
                                  control: SearchControl, clock: () -> Double) throws(MapperError) {
        let stopped = results.indices.filter { results[$0].sharedWith == nil && !results[$0].result.provenOptimal }
            .sorted { (results[$0].result.gap ?? 0, -$0) > (results[$1].result.gap ?? 0, -$1) }
        for index in stopped {
            let left = timeLimit - (clock() - runStart)
            guard left > 0.5, !control.stopWasRequested else { return }
            control.setDeadline(secondsFromNow: left)
            control.startLayer()
            let start = clock()
            let earlier = results[index]
            let space = Mapspace(einsum: earlier.einsum, architecture: architecture, dataflow: dataflow)
            let again: SearchResult
            do {
                var mapper = Mapper(mapspace: space, objective: objective, threads: threads, control: control)
                mapper.incumbent = earlier.result.mapping // its cost limits the final pass from the start
                again = try mapper.search()
            } catch {
                throw MapperError(message: "layer '\(earlier.layer.name)': \(error.message)")
            }
            var merged = again
            if !again.provenOptimal {
                if objective.value(earlier.result.evaluation) <= objective.value(again.evaluation) {
                    merged = earlier.result
                }
                merged.lowerBound = max(earlier.result.lowerBound ?? 0, again.lowerBound ?? 0)
            }
            results[index].result = merged
            results[index].seconds += clock() - start
            for other in results.indices where results[other].sharedWith == earlier.layer.name {
                results[other].result = merged
            }
        }
    }
}
