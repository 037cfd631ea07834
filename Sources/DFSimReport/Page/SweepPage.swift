import DFSimResultsFormat
import Foundation

/// The sections of a sweep folder's report: the Pareto scatter over the chosen objectives (energy
/// and latency by default), EDP against the area proxy (on-chip words, marker size = PEs) with the
/// sweep's own four-metric Pareto flags, the front's points and the best per objective.
///
/// Points may be coloured (and shaped) by one parameter and joined by lines along another
/// (``SweepFigure``). A sweep over several workloads gets these sections once per workload (each
/// workload's points have their own scale and Pareto front); the best per objective is the
/// sweep's, over all workloads.
struct SweepPage {
    let sweep: SweepResults
    let choice: SweepFigure
    /// The points of one workload (all points when the sweep has one workload).
    var points: [SweepResults.Point]
    /// The workload of `points` when the sweep has several, else `nil`.
    var workload: String?
    /// `id<TAB>workload` of every point on its workload's front over `choice.objectives`.
    let front: Set<String>

    init(sweep: SweepResults, figure: SweepFigure = SweepFigure()) {
        self.sweep = sweep
        self.choice = figure
        points = sweep.points
        var front = Set<String>()
        var workloads: [String] = []
        for p in sweep.points where !workloads.contains(p.workload) { workloads.append(p.workload) }
        for w in workloads {
            for p in SweepFigure.front(sweep.points.filter { $0.workload == w }, over: figure.objectives) {
                front.insert(Self.key(p))
            }
        }
        self.front = front
    }

    static func key(_ p: SweepResults.Point) -> String { p.id + "\t" + p.workload }
    func onFront(_ p: SweepResults.Point) -> Bool { front.contains(Self.key(p)) }

    /// Workloads in order of first appearance.
    var workloads: [String] {
        var seen: [String] = []
        for p in sweep.points where !seen.contains(p.workload) { seen.append(p.workload) }
        return seen
    }

    /// `name` for the charts of a single-workload sweep, `name:workload` otherwise.
    func chartName(_ name: String) -> String { workload.map { "\(name):\($0)" } ?? name }

    var energyUnit: DisplayUnit { .energy(largestPJ: points.map(\.energyPJ).max() ?? 1) }
    var timeUnit: DisplayUnit { .time(largestSeconds: points.map(\.latencySeconds).max() ?? 1) }

    /// Objective → best point id, from `best` in sweep.json (or computed when absent).
    var best: [(objective: String, id: String)] {
        let keys: [(String, (SweepResults.Point) -> Double)] = [("energy", \.energyPJ), ("latency", \.latencySeconds), ("edp", \.edp)]
        return keys.compactMap { key, value in
            if let id = sweep.best?[key] { return (key, id) }
            return sweep.points.min { value($0) < value($1) }.map { (key, $0.id) }
        }
    }

    func render() -> String {
        let names = workloads
        guard names.count > 1 else {
            return [overview(), paretoChart(), areaChart(), paretoTable(), flaggedTable(), bestTable(), allPoints()].joined(separator: "\n")
        }
        let sections = names.map { name -> String in
            var page = self
            page.points = sweep.points.filter { $0.workload == name }
            page.workload = name
            return "<h2>On \(XML.escape(name))</h2>\n"
                + [page.paretoChart(), page.areaChart(), page.paretoTable(), page.flaggedTable()].joined(separator: "\n")
        }
        return ([overview(), bestTable()] + sections + [allPoints()]).joined(separator: "\n")
    }

    /// "energy and latency": the objectives of the report's front.
    var objectivesText: String { SweepMetric.list(choice.objectives) }
    static let flagText = "energy, latency, on-chip words and PEs"

    func overview() -> String {
        let onFront = sweep.points.filter(onFront).count
        let flagged = sweep.points.filter(\.pareto).count
        let perWorkload = workloads.count > 1 ? " (per workload)" : ""
        var choices: [String] = []
        if let color = choice.color { choices.append("colour and marker shape: <code>\(XML.escape(color))</code>") }
        if let line = choice.line { choices.append("lines: <code>\(XML.escape(line))</code> varies") }
        return "<p class=\"lead\">Sweep <b>\(XML.escape(sweep.sweep))</b> over \(sweep.parameters.map { "<code>\(XML.escape($0))</code>" }.joined(separator: ", ")): "
            + "\(sweep.points.count) design points on \(XML.escape(workloads.joined(separator: ", "))); "
            + "\(onFront) on the Pareto front over \(XML.escape(objectivesText))\(perWorkload), "
            + "\(flagged) Pareto-optimal over \(Self.flagText) (the sweep's <code>pareto</code> flag).</p>"
            + (choices.isEmpty ? "" : "\n<p class=\"note\">Figures: \(choices.joined(separator: "; ")).</p>")
    }

    func tooltip(_ p: SweepResults.Point) -> String {
        let e = energyUnit, t = timeUnit
        let bests = best.filter { $0.id == p.id }.map { "best \($0.objective)" }
        var marks: [String] = []
        if onFront(p) { marks.append("Pareto-optimal in \(objectivesText)") }
        if p.pareto { marks.append("flagged Pareto-optimal in \(Self.flagText)") }
        return "\(p.id)\(marks.isEmpty ? "" : " (" + marks.joined(separator: "; ") + ")")\(bests.isEmpty ? "" : " — " + bests.joined(separator: ", "))\n"
            + sweep.parameterText(p) + "\n"
            + "energy \(formatValue(e(p.energyPJ))) \(e.name) (\(fixed(p.pjPerMAC, 3)) pJ/MAC), latency \(formatValue(t(p.latencySeconds))) \(t.name)\n"
            + "EDP \(scientific(p.edp)) pJ·cycles; \(groupedInt(p.pes)) PEs, \(groupedInt(p.onchipWords)) on-chip words"
    }

    static let otherSeries = "other design point"
    /// Points are labelled with their ids up to this many; past it, only the highlighted ones.
    static let labelAllUpTo = 40

    var frontSeries: String { "Pareto-optimal in \(objectivesText)" }
    static let flagSeries = "Pareto-optimal in \(flagText) (sweep flag)"
    /// "energy–latency front".
    var frontLineSeries: String { choice.objectives.map(\.title).joined(separator: "–") + " front" }

    // MARK: - Parameter values: colours, shapes and lines

    /// The distinct values of `parameter` over the whole sweep: numerically sorted when every
    /// value is a number, else in order of first appearance (the sweep file's order).
    func values(of parameter: String) -> [String] {
        var seen: [SweepResults.ParameterValue] = []
        for p in sweep.points {
            let v = p.params[parameter] ?? .string("—")
            if !seen.contains(v) { seen.append(v) }
        }
        func number(_ v: SweepResults.ParameterValue) -> Double? {
            switch v {
            case .integer(let i): return Double(i)
            case .number(let d): return d
            case .string: return nil
            }
        }
        if seen.allSatisfy({ number($0) != nil }) { seen.sort { (number($0) ?? 0) < (number($1) ?? 0) } }
        return seen.map(\.description)
    }

    func value(_ p: SweepResults.Point, _ parameter: String) -> String { p.params[parameter]?.description ?? "—" }

    /// The colour-by parameter's value → (colour, shape), and the legend label of each value.
    var colorKey: [String: (color: String, shape: MarkerShape)] {
        guard let color = choice.color else { return [:] }
        let shapes = MarkerShape.allCases
        return Dictionary(uniqueKeysWithValues: values(of: color).enumerated().map { i, v in
            (v, (Palette.color(i), shapes[i % shapes.count]))
        })
    }

    func colorSeries(_ v: String) -> String { "\(choice.color ?? "") = \(v)" }

    /// Groups of points (at least two) that agree on every parameter but the line-by one, each
    /// ordered by that parameter's value; groups in order of first appearance.
    func lineGroups() -> [[SweepResults.Point]] {
        guard let line = choice.line else { return [] }
        let others = sweep.parameters.filter { $0 != line }
        let order = Dictionary(uniqueKeysWithValues: values(of: line).enumerated().map { ($1, $0) })
        var groups: [String: [SweepResults.Point]] = [:]
        var keys: [String] = []
        for p in points {
            let key = others.map { value(p, $0) }.joined(separator: "\u{1F}")
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(p)
        }
        return keys.compactMap { groups[$0] }.filter { $0.count > 1 }.map { group in
            group.enumerated().sorted { (order[value($0.element, line)] ?? 0, $0.offset) < (order[value($1.element, line)] ?? 0, $1.offset) }
                .map(\.element)
        }
    }

    var lineSeries: String { "\(choice.line ?? "") varies" }

    /// The line-by polylines for a chart with coordinates `xy`.
    func lines(_ xy: (SweepResults.Point) -> (Double, Double)) -> [ScatterChart.Line] {
        guard let line = choice.line else { return [] }
        let key = colorKey
        let fixed = sweep.parameters.filter { $0 != line }
        return lineGroups().map { group in
            let first = group[0] // invariant: groups hold at least two points
            let color = choice.color.flatMap { $0 == line ? nil : key[value(first, $0)]?.color } ?? "#777777"
            let tooltip = "\(line) varies: " + group.map { "\($0.id) (\(value($0, line)))" }.joined(separator: " → ")
                + (fixed.isEmpty ? "" : "\n" + fixed.map { "\($0)=\(value(first, $0))" }.joined(separator: ", "))
            return ScatterChart.Line(points: group.map(xy), color: color, width: 1.3, series: lineSeries, label: nil,
                                     data: [("points", group.map(\.id).joined(separator: " "))], obstacle: false,
                                     tooltip: tooltip)
        }
    }

    /// A point's marker: coloured by the colour-by value (else orange when `highlighted`, grey
    /// otherwise); highlighted points are outlined, drawn on top and labelled first.
    func marker(_ p: SweepResults.Point, x: Double, y: Double, highlighted: Bool, highlightSeries: String, radius: Double?,
                label: Bool, opacity: Double? = nil, bestIDs: Set<String>) -> ScatterChart.Point {
        var m = ScatterChart.Point(x: x, y: y, color: highlighted ? Palette.highlight : Palette.muted,
                                   radius: radius ?? (highlighted ? 5.5 : 4.5), stroke: highlighted ? "#7A2E00" : "#6B6B6B",
                                   label: label ? p.id : nil, series: highlighted ? highlightSeries : Self.otherSeries,
                                   tooltip: tooltip(p), ring: bestIDs.contains(p.id) ? "#000000" : nil, opacity: opacity,
                                   layer: highlighted ? 1 : 0,
                                   data: [("id", p.id), ("front", onFront(p) ? "true" : "false"), ("pareto", p.pareto ? "true" : "false")])
        if let parameter = choice.color, let style = colorKey[value(p, parameter)] {
            m.color = style.color
            m.shape = style.shape
            m.series = colorSeries(value(p, parameter))
            m.stroke = highlighted ? "#000000" : "#FFFFFF"
            m.strokeWidth = highlighted ? 1.8 : 0.8
            m.opacity = highlighted ? opacity : min(opacity ?? 1, 0.6)
        }
        return m
    }

    /// Legend entries: the highlight's meaning, the colour key, the lines and the rings.
    func legendEntries(highlightSeries: String, frontLine: Bool) -> [Legend.Entry] {
        var entries: [Legend.Entry] = []
        if let parameter = choice.color {
            let key = colorKey
            entries += values(of: parameter).compactMap { v in
                key[v].map { Legend.Entry(label: colorSeries(v), color: $0.color, swatch: .marker($0.shape, radius: 5)) }
            }
            entries.append(.init(label: "outlined: " + highlightSeries, color: "#FFFFFF", swatch: .marker(.circle, radius: 5)))
        } else {
            entries += [.init(label: highlightSeries, color: Palette.highlight, swatch: .marker(.circle, radius: 5)),
                        .init(label: Self.otherSeries, color: Palette.muted, swatch: .marker(.circle, radius: 5))]
        }
        if frontLine { entries.append(.init(label: frontLineSeries, color: choice.color == nil ? Palette.highlight : "#000000", swatch: .line(dash: nil))) }
        if choice.line != nil, !lineGroups().isEmpty {
            entries.append(.init(label: "\(lineSeries) (others fixed)", color: "#777777", swatch: .line(dash: nil)))
        }
        entries.append(.init(label: "best per objective (ringed)", color: "#000000", swatch: .ring))
        return entries
    }

    // MARK: - Charts

    /// A metric on an axis: the displayed value and the axis title (without the scale note).
    func axis(_ metric: SweepMetric) -> (value: (SweepResults.Point) -> Double, title: String) {
        switch metric {
        case .energy: let e = energyUnit; return ({ e($0.energyPJ) }, "energy (\(e.name)")
        case .latency: let t = timeUnit; return ({ t($0.latencySeconds) }, "latency (\(t.name)")
        case .edp: return ({ $0.edp }, "EDP (pJ·cycles")
        case .onchipWords: return ({ Double($0.onchipWords) }, "on-chip storage (words")
        case .pes: return ({ Double($0.pes) }, "PEs (count")
        }
    }

    /// The front over the chosen objectives on its first two (y: the first, x: the second).
    func paretoChart() -> String {
        let objectives = choice.objectives
        let yAxis = axis(objectives[0]), xAxis = axis(objectives[1]) // invariant: SweepFigure keeps at least two
        let bestIDs = Set(best.map(\.id))
        let labelAll = points.count <= Self.labelAllUpTo
        let markers = points.map { p in
            marker(p, x: xAxis.value(p), y: yAxis.value(p), highlighted: onFront(p), highlightSeries: frontSeries, radius: nil,
                   label: labelAll || onFront(p), bestIDs: bestIDs)
        }
        let frontPoints = points.filter(onFront).sorted { (xAxis.value($0), yAxis.value($0)) < (xAxis.value($1), yAxis.value($1)) }
        // A line needs two distinct places (a front of ties is one spot).
        let drawFront = objectives.count == 2
            && Set(frontPoints.map { "\(xAxis.value($0)),\(yAxis.value($0))" }).count > 1
        var chartLines = lines { (xAxis.value($0), yAxis.value($0)) }
        if drawFront {
            chartLines.append(.init(points: frontPoints.map { (xAxis.value($0), yAxis.value($0)) },
                                    color: choice.color == nil ? Palette.highlight : "#000000", width: 1.8, series: frontLineSeries))
        }
        let xs = markers.map(\.x), ys = markers.map(\.y)
        let xScale = scaleKind(xs), yScale = scaleKind(ys)
        let chart = ScatterChart(
            chart: chartName("pareto"),
            label: "\(objectives[0].title.capitalizedFirst) against \(objectives[1].title) of every design point" + (workload.map { " on \($0)" } ?? ""),
            xScale: xScale.make, yScale: yScale.make,
            xDomain: domain(xs, log: xScale.log), yDomain: domain(ys, log: yScale.log),
            xLabel: xAxis.title + (xScale.log ? ", log)" : ")"), yLabel: yAxis.title + (yScale.log ? ", log)" : ")"),
            points: markers, lines: chartLines,
            legend: legendEntries(highlightSeries: frontSeries, frontLine: drawFront))
        let title = objectives == SweepFigure.defaultObjectives ? "Energy and latency" : "Pareto front: \(objectivesText)"
        var caption = "Every design point of the sweep: \(objectives[0].title) against \(objectives[1].title) (lower left is better). "
            + "\(choice.color == nil ? "Highlighted" : "Outlined in black"): the Pareto front over \(XML.escape(objectivesText)), the points no other point of the workload is as good as in \(objectives.count == 2 ? "both" : "all of them") and better in one"
            + (drawFront ? ", joined by the front line" : "")
            + (objectives.count > 2 ? " (the axes show the first two objectives)" : "") + ". "
            + (labelAll ? "Every point is labelled with its id where there is room. " : "The front's points are labelled with their ids where there is room. ")
        if let color = choice.color { caption += "Colour and marker shape: <code>\(XML.escape(color))</code>. " }
        if let line = choice.line {
            caption += "Thin lines join points that differ only in <code>\(XML.escape(line))</code>, in its order. "
        }
        caption += "The best point for energy, latency and EDP is ringed. Hover over a point for its parameters. "
            + "Storage and PEs are in the next chart."
        return heading(title) + figure(chart.render(), caption: caption)
    }

    /// EDP against on-chip words, marker size = PEs; highlighted: the sweep's four-metric flag.
    func areaChart() -> String {
        let bestIDs = Set(best.map(\.id))
        let pes = points.map { Double($0.pes) }
        let minPEs = pes.min() ?? 1, maxPEs = pes.max() ?? 1
        func radius(_ n: Double) -> Double {
            guard maxPEs > minPEs else { return 6 }
            return 3.5 + 8.5 * (sqrt(n) - sqrt(minPEs)) / (sqrt(maxPEs) - sqrt(minPEs))
        }
        let labelFlagged = points.filter(\.pareto).count <= Self.labelAllUpTo
        let markers = points.map { p in
            marker(p, x: Double(p.onchipWords), y: p.edp, highlighted: p.pareto, highlightSeries: Self.flagSeries,
                   radius: radius(Double(p.pes)), label: p.pareto && labelFlagged, opacity: 0.7, bestIDs: bestIDs)
        }
        var sizes = [minPEs, maxPEs]
        if maxPEs > minPEs * 3 { sizes.insert((minPEs * maxPEs).squareRoot().rounded(), at: 1) }
        let sizeEntries = (maxPEs > minPEs ? sizes : [minPEs]).map {
            Legend.Entry(label: "\(groupedInt(Int($0))) PEs", color: "#FFFFFF", swatch: .marker(.circle, radius: radius($0)))
        }
        let xs = markers.map(\.x), ys = markers.map(\.y)
        let xScale = scaleKind(xs), yScale = scaleKind(ys)
        let chart = ScatterChart(
            chart: chartName("area"), label: "EDP against the area proxy" + (workload.map { " on \($0)" } ?? ""),
            xScale: xScale.make, yScale: yScale.make,
            xDomain: domain(xs, log: xScale.log), yDomain: domain(ys, log: yScale.log),
            xLabel: "on-chip storage (words\(xScale.log ? ", log" : ""))", yLabel: "EDP (pJ·cycles\(yScale.log ? ", log" : ""))",
            points: markers, lines: lines { (Double($0.onchipWords), $0.edp) },
            legend: legendEntries(highlightSeries: Self.flagSeries, frontLine: false) + sizeEntries, legendTitle: nil, plotHeight: 340)
        return heading("Cost against area") + figure(chart.render(), caption: "Area proxy: on-chip storage in words (every level but the outermost, all instances) on x, and the PE count as marker size (legend: marker size per PE count). "
            + "y: energy-delay product. \(choice.color == nil ? "Highlighted" : "Outlined in black")\(labelFlagged ? " and labelled" : ""): the points the sweep flags Pareto-optimal over \(Self.flagText) "
            + "(<code>pareto</code> in sweep.json and points.csv: no other point of the workload is as good in all four and better in one; with four objectives most points usually are).")
    }

    struct ScaleChoice {
        var log: Bool
        var make: (Double, Double, (Double, Double)) -> AxisScale
    }

    /// Log when the positive values span more than 30×, else linear, zoomed to the data (the
    /// differences between design points are what a sweep is about).
    func scaleKind(_ values: [Double]) -> ScaleChoice {
        let positive = values.filter { $0 > 0 }
        let log = (positive.max() ?? 1) / (positive.min() ?? 1) > 30 && positive.count == values.count
        return ScaleChoice(log: log, make: log ? { .log($0, $1, range: $2) } : { .linear($0, $1, range: $2, includeZero: false) })
    }

    /// The data range with a margin: ×1.3 on log axes, 6 % of the range (or of the value) on linear ones.
    func domain(_ values: [Double], log: Bool) -> (Double, Double) {
        let low = values.min() ?? 0, high = values.max() ?? 1
        if log { return (low / 1.3, high * 1.3) }
        let pad = high > low ? (high - low) * 0.06 : max(abs(high) * 0.05, 1e-12)
        return (low - pad < 0 && low >= 0 ? 0 : low - pad, high + pad)
    }

    // MARK: - Tables

    func row(_ p: SweepResults.Point) -> [HTMLTable.Cell] {
        let e = energyUnit, t = timeUnit
        return [.text(p.id)] + (workloads.count > 1 ? [.text(p.workload)] : []) + sweep.parameters.map { .text(p.params[$0]?.description ?? "—") }
            + [.number(formatValue(e(p.energyPJ))), .number(formatValue(t(p.latencySeconds))), .number(scientific(p.edp)),
               .number(fixed(p.pjPerMAC, 3)), .number(groupedInt(p.pes)), .number(groupedInt(p.onchipWords))]
    }

    var header: [HTMLTable.Cell] {
        [.text("id")] + (workloads.count > 1 ? [.text("workload")] : []) + sweep.parameters.map { .text($0) }
            + [.number("energy (\(energyUnit.name))"), .number("latency (\(timeUnit.name))"), .number("EDP (pJ·cycles)"),
               .number("pJ/MAC"), .number("PEs"), .number("on-chip words")]
    }

    func heading(_ text: String) -> String {
        workload == nil ? "<h2>\(XML.escape(text))</h2>\n" : "<h3>\(XML.escape(text))</h3>\n"
    }

    /// The front over the chosen objectives, sorted by the second objective, then the first.
    func paretoTable() -> String {
        let objectives = choice.objectives
        let front = points.filter(onFront).sorted { a, b in
            (objectives[1].value(a), objectives[0].value(a)) < (objectives[1].value(b), objectives[0].value(b))
        }
        return heading("Pareto front over \(objectivesText)") + "<p class=\"note\">\(front.count) points, sorted by \(XML.escape(objectives[1].title)).</p>\n"
            + HTMLTable(header: [header], rows: front.map(row)).render()
    }

    /// The points the sweep flags Pareto-optimal over all four metrics (folded).
    func flaggedTable() -> String {
        let flagged = points.filter(\.pareto).sorted { ($0.latencySeconds, $0.energyPJ) < ($1.latencySeconds, $1.energyPJ) }
        return "<details><summary>Pareto-optimal over \(Self.flagText) (the sweep's <code>pareto</code> flag): \(flagged.count) of \(points.count) points, by latency</summary>\n"
            + HTMLTable(header: [header], rows: flagged.map(row)).render() + "\n</details>"
    }

    /// The best point per objective (a sweep over several workloads: each workload's row of it).
    func bestTable() -> String {
        let rows = best.flatMap { objective, id -> [[HTMLTable.Cell]] in
            sweep.points.filter { $0.id == id }.map { [.html("<b>\(XML.escape(objective))</b>")] + row($0) }
        }
        return "<h2>Best per objective</h2>\n" + HTMLTable(header: [[.text("objective")] + header], rows: rows).render()
    }

    func allPoints() -> String {
        let rows = sweep.points.map { p -> [HTMLTable.Cell] in
            var cells = row(p)
            if onFront(p) { cells[0].className = "best" }
            return cells + [.text(p.pareto ? "yes" : "")]
        }
        return "<details><summary>All \(sweep.points.count) points (in bold: on the front over \(XML.escape(objectivesText)))</summary>\n"
            + HTMLTable(header: [header + [.text("Pareto (4 metrics)")]], rows: rows).render() + "\n</details>"
    }
}

extension String {
    /// The string with its first letter upper-cased ("energy" → "Energy"; "EDP" stays).
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
