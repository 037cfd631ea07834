import DFSimResultsFormat
import Foundation

/// The sections of a sweep folder's report: the energy–latency Pareto scatter, EDP against the
/// area proxy (on-chip words, marker size = PEs), the Pareto points and the best per objective.
///
/// A sweep over several workloads gets these sections once per workload (each workload's points
/// have their own scale and Pareto front); the best per objective is the sweep's, over all workloads.
struct SweepPage {
    let sweep: SweepResults
    /// The points of one workload (all points when the sweep has one workload).
    var points: [SweepResults.Point]
    /// The workload of `points` when the sweep has several, else `nil`.
    var workload: String?

    init(sweep: SweepResults) {
        self.sweep = sweep
        points = sweep.points
    }

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
            return [overview(), paretoChart(), areaChart(), paretoTable(), bestTable(), allPoints()].joined(separator: "\n")
        }
        let sections = names.map { name -> String in
            var page = self
            page.points = sweep.points.filter { $0.workload == name }
            page.workload = name
            return "<h2>On \(XML.escape(name))</h2>\n"
                + [page.paretoChart(), page.areaChart(), page.paretoTable()].joined(separator: "\n")
        }
        return ([overview(), bestTable()] + sections + [allPoints()]).joined(separator: "\n")
    }

    func overview() -> String {
        let pareto = sweep.points.filter(\.pareto).count
        return "<p class=\"lead\">Sweep <b>\(XML.escape(sweep.sweep))</b> over \(sweep.parameters.map { "<code>\(XML.escape($0))</code>" }.joined(separator: ", ")): "
            + "\(sweep.points.count) design points on \(XML.escape(workloads.joined(separator: ", "))), \(pareto) Pareto-optimal in energy and latency.</p>"
    }

    func tooltip(_ p: SweepResults.Point) -> String {
        let e = energyUnit, t = timeUnit
        let bests = best.filter { $0.id == p.id }.map { "best \($0.objective)" }
        return "\(p.id)\(p.pareto ? " (Pareto-optimal)" : "")\(bests.isEmpty ? "" : " — " + bests.joined(separator: ", "))\n"
            + sweep.parameterText(p) + "\n"
            + "energy \(formatValue(e(p.energyPJ))) \(e.name) (\(fixed(p.pjPerMAC, 3)) pJ/MAC), latency \(formatValue(t(p.latencySeconds))) \(t.name)\n"
            + "EDP \(scientific(p.edp)) pJ·cycles; \(groupedInt(p.pes)) PEs, \(groupedInt(p.onchipWords)) on-chip words"
    }

    static let paretoSeries = "Pareto-optimal point"
    static let frontSeries = "energy–latency front"

    /// The points no other point beats in both energy and latency, by latency (ties on both kept).
    var energyLatencyFront: [SweepResults.Point] {
        points.filter { p in
            !points.contains { q in
                q.energyPJ <= p.energyPJ && q.latencySeconds <= p.latencySeconds
                    && (q.energyPJ < p.energyPJ || q.latencySeconds < p.latencySeconds)
            }
        }.sorted { ($0.latencySeconds, $0.energyPJ) < ($1.latencySeconds, $1.energyPJ) }
    }
    static let otherSeries = "other design point"

    func legendEntries(sized: Bool) -> [Legend.Entry] {
        var entries: [Legend.Entry] = [
            .init(label: Self.paretoSeries, color: Palette.highlight, swatch: .marker(.circle, radius: 5)),
            .init(label: Self.otherSeries, color: Palette.muted, swatch: .marker(.circle, radius: 5)),
        ]
        if !sized { entries.append(.init(label: Self.frontSeries, color: Palette.highlight, swatch: .line(dash: nil))) }
        entries.append(.init(label: "best per objective (ringed)", color: "#000000", swatch: .ring))
        return entries
    }

    func paretoChart() -> String {
        let e = energyUnit, t = timeUnit
        let bestIDs = Set(best.map(\.id))
        let labelPareto = points.filter(\.pareto).count <= 14
        let markers = points.map { p in
            ScatterChart.Point(x: t(p.latencySeconds), y: e(p.energyPJ), color: p.pareto ? Palette.highlight : Palette.muted,
                               radius: p.pareto ? 5.5 : 4.5, stroke: p.pareto ? "#7A2E00" : "#6B6B6B",
                               label: p.pareto && labelPareto ? p.id : nil,
                               series: p.pareto ? Self.paretoSeries : Self.otherSeries, tooltip: tooltip(p),
                               ring: bestIDs.contains(p.id) ? "#000000" : nil, layer: p.pareto ? 1 : 0)
        }
        let front = energyLatencyFront
        let xs = markers.map(\.x), ys = markers.map(\.y)
        let xScale = scaleKind(xs), yScale = scaleKind(ys)
        let chart = ScatterChart(
            chart: chartName("pareto"), label: "Energy against latency of every design point" + (workload.map { " on \($0)" } ?? ""),
            xScale: xScale.make, yScale: yScale.make,
            xDomain: domain(xs, log: xScale.log), yDomain: domain(ys, log: yScale.log),
            xLabel: "latency (\(t.name)\(xScale.log ? ", log" : ""))", yLabel: "energy (\(e.name)\(yScale.log ? ", log" : ""))",
            points: markers,
            lines: front.count > 1 ? [.init(points: front.map { (t($0.latencySeconds), e($0.energyPJ)) }, color: Palette.highlight,
                                            width: 1.8, series: Self.frontSeries)] : [],
            legend: legendEntries(sized: false))
        return heading("Energy and latency") + figure(chart.render(), caption: "Every design point of the sweep: total energy against latency over the workload (lower left is better). "
            + "Pareto-optimal points (as the sweep marks them: no other point of the workload is as good in energy, latency, on-chip words and PEs and better in one) are highlighted\(labelPareto ? " and labelled with their ids" : ""); "
            + "the line joins the points no other point beats in both energy and latency; "
            + "the best point for energy, latency and EDP is ringed. Hover over a point for its parameters.")
    }

    func areaChart() -> String {
        let bestIDs = Set(best.map(\.id))
        let pes = points.map { Double($0.pes) }
        let minPEs = pes.min() ?? 1, maxPEs = pes.max() ?? 1
        func radius(_ n: Double) -> Double {
            guard maxPEs > minPEs else { return 6 }
            return 3.5 + 8.5 * (sqrt(n) - sqrt(minPEs)) / (sqrt(maxPEs) - sqrt(minPEs))
        }
        let markers = points.map { p in
            ScatterChart.Point(x: Double(p.onchipWords), y: p.edp, color: p.pareto ? Palette.highlight : Palette.muted,
                               radius: radius(Double(p.pes)), stroke: p.pareto ? "#7A2E00" : "#6B6B6B", label: nil,
                               series: p.pareto ? Self.paretoSeries : Self.otherSeries, tooltip: tooltip(p),
                               ring: bestIDs.contains(p.id) ? "#000000" : nil, opacity: 0.7, layer: p.pareto ? 1 : 0)
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
            points: markers, legend: legendEntries(sized: true) + sizeEntries, legendTitle: nil, plotHeight: 340)
        return heading("Cost against area") + figure(chart.render(), caption: "Area proxy: on-chip storage in words (every level but the outermost, all instances) on x, and the PE count as marker size (legend: marker size per PE count). "
            + "y: energy-delay product. Colours as above.")
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

    func paretoTable() -> String {
        let front = points.filter(\.pareto).sorted { ($0.latencySeconds, $0.energyPJ) < ($1.latencySeconds, $1.energyPJ) }
        return heading("Pareto-optimal points") + "<p class=\"note\">Sorted by latency.</p>\n"
            + HTMLTable(header: [header], rows: front.map(row)).render()
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
            if p.pareto { cells[0].className = "best" }
            return cells
        }
        return "<details><summary>All \(sweep.points.count) points (Pareto-optimal in bold)</summary>\n"
            + HTMLTable(header: [header], rows: rows).render() + "\n</details>"
    }
}
