import DFSimResultsFormat

/// A metric of a design point that a Pareto front may be taken over (the `points.csv` columns).
enum SweepMetric: String, CaseIterable, Sendable {
    case energy, latency, edp
    case onchipWords = "onchip_words"
    case pes

    /// Lower is better for every metric.
    func value(_ p: SweepResults.Point) -> Double {
        switch self {
        case .energy: return p.energyPJ
        case .latency: return p.latencySeconds
        case .edp: return p.edp
        case .onchipWords: return Double(p.onchipWords)
        case .pes: return Double(p.pes)
        }
    }

    /// In running text: "energy", "on-chip words".
    var title: String {
        switch self {
        case .energy, .latency: return rawValue
        case .edp: return "EDP"
        case .onchipWords: return "on-chip words"
        case .pes: return "PEs"
        }
    }

    /// "energy and latency", "energy, latency and PEs".
    static func list(_ metrics: [SweepMetric]) -> String {
        let titles = metrics.map(\.title)
        guard titles.count > 1 else { return titles.first ?? "" }
        return titles.dropLast().joined(separator: ", ") + " and " + (titles.last ?? "")
    }
}

/// The resolved figure choices of a sweep report: the sweep file's `plot:` (from `sweep.json`)
/// with `dfsim report`'s options on top, checked against the sweep's parameters.
struct SweepFigure: Sendable {
    var color: String?
    var line: String?
    /// The objectives of the report's own Pareto front (default energy and latency).
    var objectives: [SweepMetric] = SweepFigure.defaultObjectives

    static let defaultObjectives: [SweepMetric] = [.energy, .latency]

    /// `options` over `sweep.plot`; `file` names sweep.json in messages about its own choices.
    /// - Throws: ``ReportError`` naming the option (`--color-by: …`) or `file: plot.color: …`, with
    ///   a did-you-mean and the names that are allowed.
    static func resolve(_ sweep: SweepResults, options: ReportOptions, file: String) throws -> SweepFigure {
        let plot = sweep.plot
        func parameter(_ option: String?, _ stored: String?, flag: String, key: String) throws -> String? {
            guard let name = option ?? stored else { return nil }
            guard sweep.parameters.contains(name) else {
                let at = option != nil ? flag : "\(file): plot.\(key)"
                let why = name == "workload" ? "each workload gets its own charts, so 'workload' cannot be used"
                    : "'\(name)' is not a parameter of sweep '\(sweep.sweep)'\(didYouMean(name, sweep.parameters))"
                throw ReportError("\(at): \(why) (parameters: \(sweep.parameters.joined(separator: ", ")))")
            }
            return name
        }
        var figure = SweepFigure()
        figure.color = try parameter(options.colorBy, plot?.color, flag: "--color-by", key: "color")
        figure.line = try parameter(options.lineBy, plot?.line, flag: "--line-by", key: "line")
        if let names = options.pareto ?? plot?.pareto {
            let at = options.pareto != nil ? "--pareto" : "\(file): plot.pareto"
            var metrics: [SweepMetric] = []
            for name in names {
                guard let metric = SweepMetric(rawValue: name) else {
                    let all = SweepMetric.allCases.map(\.rawValue)
                    throw ReportError("\(at): unknown objective '\(name)'\(didYouMean(name, all)) (objectives: \(all.joined(separator: ", ")))")
                }
                guard !metrics.contains(metric) else { throw ReportError("\(at): '\(name)' appears twice") }
                metrics.append(metric)
            }
            guard metrics.count >= 2 else {
                throw ReportError("\(at) needs at least two objectives, got \(metrics.count) (e.g. energy,latency)")
            }
            figure.objectives = metrics
        }
        return figure
    }

    /// The points of `points` no other point is at least as good as in every one of `metrics`
    /// and better in one (points with identical metrics are all kept).
    ///
    /// Complexity: O(n log n + n·f) for n points and a front of f: in lexicographic order a
    /// point can only be dominated by an earlier one, and then by an earlier front point.
    static func front(_ points: [SweepResults.Point], over metrics: [SweepMetric]) -> [SweepResults.Point] {
        let vectors = points.map { p in metrics.map { $0.value(p) } }
        let order = points.indices.sorted { a, b in
            for (x, y) in zip(vectors[a], vectors[b]) where x != y { return x < y }
            return a < b
        }
        var front: [Int] = []
        for i in order {
            let dominated = front.contains { j in
                zip(vectors[j], vectors[i]).allSatisfy { $0 <= $1 } && zip(vectors[j], vectors[i]).contains { $0 < $1 }
            }
            if !dominated { front.append(i) }
        }
        return front.sorted().map { points[$0] }
    }
}

/// `"; did you mean 'x'?"` for the closest of `candidates` within two edits (or a prefix), else "".
func didYouMean(_ word: String, _ candidates: [String]) -> String {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(word.lowercased()), Array($0.lowercased()))) }
    let close = scored.filter { candidate, d in
        (d <= max(1, min(2, candidate.count / 3)) && d < max(word.count, candidate.count)) || (word.count >= 3 && candidate.hasPrefix(word))
    }
    guard let best = close.min(by: { $0.1 < $1.1 }) else { return "" }
    return "; did you mean '\(best.0)'?"
}
