import DFSimResultsFormat
/// The sections of a run folder's report: overview, per-layer table, energy by level and by
/// tensor, roofline, reuse heat-map, loop nests and the architecture's levels.
struct RunPage {
    let run: RunResults
    /// Level of section headings (2 on a run report, 3 inside a compare report's variant).
    var headingLevel = 2
    /// Prefix of chart names (`data-chart`), unique per page; empty on a run report.
    var scope = ""

    func chartName(_ name: String) -> String { scope.isEmpty ? name : "\(scope):\(name)" }

    func heading(_ text: String) -> String {
        "<h\(headingLevel)>\(XML.escape(text))</h\(headingLevel)>"
    }

    /// The unit that puts the median layer's energy at 1 or more (µJ for AlexNet).
    var energyUnit: DisplayUnit { .energy(largestPJ: median(run.layers.map(\.energyPJ))) }

    func render() -> String {
        [overview(), layerTable(), energyCharts(), roofline(), reuseTable(), loopNests(), architectureTable()]
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }

    func overview() -> String {
        let t = run.total
        let totalUnit = DisplayUnit.energy(largestPJ: t.energyPJ)
        var rows: [[HTMLTable.Cell]] = [
            [.text("architecture"), .text(run.arch + (run.architecture.map { " (\(groupedInt($0.totalPEs)) PEs, \(formatValue($0.clockMHz)) MHz, \($0.wordBits)-bit words)" } ?? ""))],
            [.text("workload"), .text("\(run.workload) (\(run.layers.count) layers mapped)")],
            [.text("objective"), .text(run.objective + (run.dataflow.map { ", dataflow \($0)" } ?? ""))],
            [.text("total energy"), .text("\(formatValue(totalUnit(t.energyPJ))) \(totalUnit.name) (\(fixed(t.energyPJ / Double(max(t.macs, 1)), 3)) pJ/MAC)")],
            [.text("total cycles"), .text(groupedInt(t.cycles) + (t.latencySeconds.map { latency in
                let unit = DisplayUnit.time(largestSeconds: latency)
                return " (\(formatValue(unit(latency))) \(unit.name))"
            } ?? ""))],
            [.text("MACs"), .text(groupedInt(t.macs))],
        ]
        if let edp = t.edp { rows.append([.text("energy-delay product"), .text("\(scientific(edp)) pJ·cycles")]) }
        let optimal = run.layers.allSatisfy { $0.search?.provenOptimal ?? true }
        let bounded = run.layers.allSatisfy { $0.search?.gapPercent != nil }
        let worst = run.layers.compactMap { $0.search?.gapPercent }.max() ?? 0
        rows.append([.text("search"), .text(optimal ? "proven optimal per layer"
            : bounded ? "stopped early (time limit or interrupt): best mappings found, largest proven gap \(fixed(worst, 2)) %"
            : "sampled: NOT proven optimal")])
        return heading("Overview") + "\n" + HTMLTable(header: [], rows: rows, className: "facts").render()
    }

    func layerTable() -> String {
        let unit = energyUnit
        var rows = run.layers.map { layer -> [HTMLTable.Cell] in
            [.text(layer.name), .number(groupedInt(layer.macs)), .number(formatValue(unit(layer.energyPJ))),
             .number(fixed(layer.pjPerMAC, 3)), .number(groupedInt(layer.cycles)), .number(fixed(layer.utilization, 3)),
             .number(fixed(layer.dramAccessesPerMAC, 4)), .number(layer.dramIntensityPerWord.map { formatValue($0) } ?? "—"),
             nestCell(layer)]
        }
        let t = run.total
        rows.append([.html("<b>total</b>"), .number(groupedInt(t.macs)), .number(formatValue(unit(t.energyPJ))),
                     .number(fixed(t.energyPJ / Double(max(t.macs, 1)), 3)), .number(groupedInt(t.cycles)),
                     .text(""), .text(""), .text(""), .text("")])
        let header: [HTMLTable.Cell] = [.text("layer"), .number("MACs"), .number("energy (\(unit.name))"), .number("pJ/MAC"),
                                         .number("cycles"), .number("utilization"), .number("DRAM accesses per MAC"),
                                         .number("MACs per DRAM word"), .text("loop nest (outermost level first)")]
        return heading("Layers") + "\n" + HTMLTable(header: [header], rows: rows).render()
    }

    /// The one-line loop nest in a table cell.
    func nestCell(_ layer: RunResults.LayerResult) -> HTMLTable.Cell {
        let gap = layer.search.flatMap { $0.provenOptimal == false ? $0.gapPercent : nil }.map { "  (gap \(fixed($0, 2)) %)" } ?? ""
        var cell = HTMLTable.Cell.code((layer.sharedWith.map { "(same as \($0)) " } ?? "") + LoopNestText.oneLine(layer, levelNames: run.levelNames) + gap)
        cell.className = "nest"
        return cell
    }

    /// Series of the by-level chart: every level (outermost first), then compute.
    var levelSeries: [Legend.Entry] {
        run.levelNames.enumerated().map { Legend.Entry(label: $0.element, color: Palette.color($0.offset)) }
            + [Legend.Entry(label: "compute (MACs)", color: Palette.compute)]
            + (run.layers.contains { $0.networkPJ > 0 } ? [Legend.Entry(label: "network", color: Palette.network)] : [])
    }

    /// Roles present in any layer, in the order inputs, weights, outputs, others; then compute.
    var roleSeries: [Legend.Entry] {
        var roles: [String] = []
        for layer in run.layers { for (role, _) in layer.energyByRole where !roles.contains(role) { roles.append(role) } }
        return roles.map { Legend.Entry(label: $0, color: Palette.role($0)) }
    }

    func energyCharts() -> String {
        let unit = energyUnit
        let levels = run.levelNames
        let byLevel = StackedBarChart(
            chart: chartName("energy-by-level"), label: "Energy per layer by storage level",
            series: levelSeries,
            groups: run.layers.map { layer in
                let network = run.layers.contains { $0.networkPJ > 0 } ? [layer.networkPJ] : []
                let values = levels.map { name in layer.levels.first { $0.name == name }?.energyPJ ?? 0 } + [layer.compute.energyPJ] + network
                return .init(label: layer.name, bars: [.init(label: nil, values: values.map { unit($0) },
                                                             totalLabel: formatValue(unit(layer.energyPJ)), tooltip: layer.name)])
            },
            yLabel: "energy (\(unit.name))", unit: unit.name)
        let roles = roleSeries
        let byRole = StackedBarChart(
            chart: chartName("energy-by-tensor"), label: "Energy per layer by tensor",
            series: roles,
            groups: run.layers.map { layer in
                let sums = Dictionary(layer.energyByRole.map { ($0.role, $0.energyPJ) }, uniquingKeysWith: +)
                return .init(label: layer.name, bars: [.init(label: nil, values: roles.map { unit(sums[$0.label] ?? 0) },
                                                             totalLabel: formatValue(unit(layer.energyPJ)), tooltip: layer.name)])
            },
            yLabel: "energy (\(unit.name))", unit: unit.name)
        return heading("Energy") + "\n"
            + figure(byLevel.render(), caption: "Energy of each layer's best mapping, stacked by storage level (reads, fills and updates of every tensor the level keeps) plus the MACs. Above each bar: the layer's total in \(XML.escape(unit.name)).")
            + "\n"
            + figure(byRole.render(), caption: "The same energy stacked by tensor: each tensor's accesses summed over all levels, plus the MACs.")
    }

    func loopNests() -> String {
        let unit = energyUnit
        let sections = run.layers.map { layer -> String in
            let summary = "<b>\(XML.escape(layer.name))</b> — \(formatValue(unit(layer.energyPJ))) \(XML.escape(unit.name)), "
                + "\(fixed(layer.pjPerMAC, 3)) pJ/MAC, \(groupedInt(layer.cycles)) cycles, utilization \(fixed(layer.utilization, 3))"
                + (layer.sharedWith.map { " (same einsum as \(XML.escape($0)), searched once)" } ?? "")
            let einsum = layer.einsum.map { "<p class=\"note\"><code>\(XML.escape($0))</code></p>\n" } ?? ""
            return "<details class=\"layer\" open=\"open\"><summary>\(summary)</summary>\n\(einsum)"
                + "<pre class=\"nest\">\(XML.escape(LoopNestText.nest(layer, levelNames: run.levelNames)))</pre>\n"
                + "<details><summary>accesses per level and tensor</summary>\n\(countsTable(layer))\n</details>\n</details>"
        }
        return heading("Loop nests of the best mappings") + "\n"
            + "<p class=\"note\">Outermost level first; each level lists its utilized instances (×N) and the tile of every tensor it keeps, in words; then its temporal loops and the spatial loops of the fan-out below it.</p>\n"
            + sections.joined(separator: "\n")
    }

    func countsTable(_ layer: RunResults.LayerResult) -> String {
        var rows: [[HTMLTable.Cell]] = []
        for level in layer.levels {
            for (i, t) in level.tensors.enumerated() {
                rows.append([.text(i == 0 ? level.name : ""), .number(i == 0 ? groupedInt(level.instances) : ""),
                             .text("\(t.tensor) (\(t.role))"), .number(groupedInt(t.utilizedCapacity)), .number(groupedInt(t.reads)),
                             .number(groupedInt(t.fills)), .number(groupedInt(t.updates)), .number(formatValue(t.energyPJ)),
                             .number(t.reuseFactor.map { fixed($0, 2) } ?? "—")])
            }
        }
        rows.append([.text("compute"), .number(layer.compute.instances.map(groupedInt) ?? ""), .text("MACs"), .text(""),
                     .number(groupedInt(layer.macs)), .text(""), .text(""), .number(formatValue(layer.compute.energyPJ)), .text("")])
        let header: [HTMLTable.Cell] = [.text("level"), .number("instances"), .text("tensor"), .number("tile (words)"), .number("reads"),
                                         .number("fills"), .number("updates"), .number("energy (pJ)"), .number("reuse")]
        return HTMLTable(header: [header], rows: rows).render()
    }

    func architectureTable() -> String {
        guard let arch = run.architecture else { return "" }
        func bandwidth(_ v: Double?) -> String { v.map { formatValue($0) } ?? "unlimited" }
        let rows = arch.levels.map { level -> [HTMLTable.Cell] in
            [.text(level.name), .text(level.kind ?? ""), .number(groupedInt(level.instances)),
             .number(level.sizeWords.map(groupedInt) ?? "unbounded"), .number(level.wordBits.map(String.init) ?? ""),
             .number(bandwidth(level.readBandwidth)), .number(bandwidth(level.writeBandwidth)),
             .number(level.bandwidth.map { formatValue($0) } ?? "—")]
        }
        let header: [HTMLTable.Cell] = [.text("level"), .text("kind"), .number("instances"), .number("size (words)"), .number("word bits"),
                                         .number("read bw (words/cycle)"), .number("write bw (words/cycle)"), .number("shared bw")]
        return heading("Architecture: \(arch.name)") + "\n"
            + "<p class=\"note\">\(groupedInt(arch.totalPEs)) PEs at \(formatValue(arch.clockMHz)) MHz; bandwidths are per instance.</p>\n"
            + HTMLTable(header: [header], rows: rows).render()
    }
}
