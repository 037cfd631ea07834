import Yams

extension SweepSpec {
    static let plotKeys = ["color", "line", "pareto"]

    /// `plot: {color: P, line: Q, pareto: [energy, latency]}`: `P` and `Q` must be parameters of
    /// the sweep, the objectives at least two different names of ``SweepPlot/objectives``; each
    /// problem is reported at its value with a did-you-mean.
    static func plotValue(_ node: Node, parameters: [String], reader r: inout SpecReader) -> SweepPlot? {
        guard let keyed = r.mapping(node, "'plot'", keys: plotKeys) else { return nil }
        var plot = SweepPlot()
        var valid = true
        func parameter(_ key: String) -> String? {
            guard let valueNode = keyed[key] else { return nil }
            guard let name = r.string(valueNode, "'plot.\(key)'") else { valid = false; return nil }
            guard parameters.contains(name) else {
                let why = name == "workload" ? "each workload gets its own charts, so 'workload' cannot \(key == "color" ? "colour points" : "draw lines")"
                    : "'\(name)' is not a parameter of the sweep\(Suggestion.didYouMean(name, parameters))"
                r.error(valueNode, "plot.\(key): \(why)",
                        hint: parameters.isEmpty ? "the sweep varies no parameter" : "the sweep's parameters: \(parameters.joined(separator: ", "))")
                valid = false
                return nil
            }
            return name
        }
        plot.color = parameter("color")
        plot.line = parameter("line")
        if let listNode = keyed["pareto"] {
            if let names = r.stringList(listNode, "'plot.pareto'") {
                let items: [Node] = if case .sequence(let s) = listNode { Array(s) } else { [listNode] }
                var chosen: [String] = []
                for (name, item) in zip(names, items) {
                    if !SweepPlot.objectives.contains(name) {
                        r.error(item, "plot.pareto: unknown objective '\(name)'\(Suggestion.didYouMean(name, SweepPlot.objectives))",
                                hint: "objectives: \(SweepPlot.objectives.joined(separator: ", "))")
                        valid = false
                    } else if chosen.contains(name) {
                        r.error(item, "plot.pareto: '\(name)' appears twice")
                        valid = false
                    } else {
                        chosen.append(name)
                    }
                }
                if valid, chosen.count < 2 {
                    r.error(listNode, "plot.pareto needs at least two objectives, got \(chosen.count)",
                            hint: "a front over one objective is its best point; e.g. [energy, latency]")
                    valid = false
                }
                plot.pareto = chosen
            } else {
                valid = false
            }
        }
        return valid ? plot : nil
    }
}
