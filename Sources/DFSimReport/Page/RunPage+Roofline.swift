import DFSimResultsFormat
import Foundation

extension RunPage {
    /// The roofline (Williams, Waterman & Patterson, CACM 2009) at DRAM: attained MACs/cycle of
    /// every layer against its operational intensity in MACs per DRAM word, under the compute
    /// roof (one MAC per PE per cycle) and the memory roof (DRAM words/cycle × intensity).
    func roofline() -> String {
        guard let arch = run.architecture else {
            return heading("Roofline") + "\n<p class=\"note\">details.json has no <code>architecture</code> object (written by an older dfsim), so the peak and the DRAM bandwidth are unknown; re-run to get the roofline.</p>"
        }
        let peak = Double(arch.totalPEs)
        guard arch.totalPEs > 0 else {
            return heading("Roofline") + "\n<p class=\"note\">details.json gives <code>total_pes</code> = \(arch.totalPEs): with no PEs there is no compute roof, so no roofline is drawn.</p>"
        }
        let dram = arch.levels.first
        // A bandwidth that is not a positive finite number draws no memory roof.
        let bandwidth = dram?.totalBandwidth.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        let wordBits = dram?.wordBits ?? arch.wordBits
        let layers = run.layers.filter { layer in
            layer.cycles > 0 && layer.macsPerCycle > 0 && layer.macsPerCycle.isFinite
                && (layer.dramIntensityPerWord.map { $0 > 0 && $0.isFinite } ?? false)
        }
        guard !layers.isEmpty else { return "" }
        let intensities = layers.compactMap(\.dramIntensityPerWord)
        let attained = layers.map(\.macsPerCycle)
        let ridge = bandwidth.map { peak / $0 }
        // The axes span whole decades; the roofs run across all of them.
        let xLow = min(intensities.min() ?? 1, ridge ?? .infinity) / 2
        let xHigh = max((intensities.max() ?? 1) * 2, (ridge ?? 0) * 3)
        let yLow = min(attained.min() ?? 1, bandwidth.map { $0 * xLow } ?? .infinity) / 1.6
        let yHigh = peak * 1.6

        // Layers at the same point (shared mappings, repeated blocks) get one label naming them all.
        struct Spot: Hashable { var x, y: Int64 }
        func spot(_ layer: RunResults.LayerResult) -> Spot {
            Spot(x: Int64((log10(layer.dramIntensityPerWord ?? 1) * 1e4).rounded()), y: Int64((log10(max(layer.macsPerCycle, 1e-12)) * 1e4).rounded()))
        }
        var names: [Spot: [String]] = [:]
        for layer in layers { names[spot(layer), default: []].append(layer.name) }
        func label(_ layer: RunResults.LayerResult) -> String? {
            guard let all = names[spot(layer)], all.first == layer.name else { return nil }
            return all.count <= 2 ? all.joined(separator: ", ") : "\(layer.name) +\(all.count - 1) more"
        }
        let computeBound = "layer, compute-bound (cycles = compute cycles)"
        let throttled = "layer, bandwidth-throttled (a level stalls the PEs)"
        let points = layers.map { layer -> ScatterChart.Point in
            let bound = (layer.computeCycles ?? layer.cycles) >= layer.cycles
            let intensity = layer.dramIntensityPerWord ?? 0 // invariant: filtered above
            let tooltip = "\(layer.name)\n\(formatValue(intensity)) MACs/DRAM word (\(formatValue(intensity * 8 / Double(wordBits))) MACs/byte, \(formatValue(intensity * 16 / Double(wordBits))) FLOPs/byte)\n"
                + "\(formatValue(layer.macsPerCycle)) MACs/cycle of \(groupedInt(arch.totalPEs)) peak (utilization \(fixed(layer.utilization, 3)))\n"
                + (bound ? "compute-bound" : "bandwidth-throttled: \(groupedInt(layer.cycles)) cycles vs \(groupedInt(layer.computeCycles ?? 0)) compute cycles")
            return ScatterChart.Point(x: intensity, y: layer.macsPerCycle, color: bound ? Palette.color(0) : Palette.highlight,
                                      shape: bound ? .circle : .diamond, radius: 5.5,
                                      label: label(layer),
                                      series: bound ? computeBound : throttled, tooltip: tooltip)
        }
        var lines: [ScatterChart.Line] = []
        let roofStart = bandwidth.map { max(xLow, ($0 > 0 ? yLow / $0 : xLow)) } ?? xLow
        let computeRoof = "compute roof: \(groupedInt(arch.totalPEs)) MACs/cycle (\(groupedInt(arch.totalPEs)) PEs)"
        lines.append(.init(points: [(ridge ?? xLow, peak), (xHigh, peak)], color: "#000000", width: 2.5,
                           series: "compute roof", label: computeRoof, labelAt: (xHigh / 1.15, peak), labelAnchor: .end))
        var legend: [Legend.Entry] = [.init(label: "compute roof", color: "#000000", swatch: .line(dash: nil))]
        if let bandwidth, let ridge {
            let memoryRoof = "DRAM roof: \(formatCompact(bandwidth)) words/cycle × intensity"
            // Start the label where it stays farthest from the layers' points along the roof.
            let decades = log10(xHigh / xLow)
            let labelDecades = estimatedTextWidth(memoryRoof, size: 11.5) / 820 * decades * 0.8
            let from = log10(roofStart) + 0.05 * decades, to = log10(ridge) - labelDecades
            let candidates = stride(from: from, through: max(from, to), by: max((to - from) / 40, 0.01))
            let pointXs = intensities.map { log10($0) }
            let labelStart = pow(10, candidates.max { a, b in
                func clearance(_ start: Double) -> Double {
                    pointXs.map { x in x < start ? start - x : (x > start + labelDecades ? x - start - labelDecades : 0) }.min() ?? .infinity
                }
                return clearance(a) < clearance(b)
            } ?? from)
            lines.append(.init(points: [(roofStart, bandwidth * roofStart), (ridge, peak)], color: "#555555", width: 2.5,
                               dash: "7 4", series: "DRAM roof", label: memoryRoof, labelAt: (labelStart, bandwidth * labelStart),
                               labelAlongLine: true))
            legend.append(.init(label: "DRAM roof", color: "#555555", swatch: .line(dash: "7 4")))
        }
        if points.contains(where: { $0.series == computeBound }) {
            legend.append(.init(label: computeBound, color: Palette.color(0), swatch: .marker(.circle, radius: 5)))
        }
        if points.contains(where: { $0.series == throttled }) {
            legend.append(.init(label: throttled, color: Palette.highlight, swatch: .marker(.diamond, radius: 4.5)))
        }
        let chart = ScatterChart(
            chart: chartName("roofline"), label: "Roofline at DRAM",
            xScale: { .log($0, $1, range: $2, tight: true) }, yScale: { .log($0, $1, range: $2, tight: true) },
            xDomain: (xLow, xHigh), yDomain: (yLow, yHigh),
            xLabel: "operational intensity at DRAM (MACs per \(wordBits)-bit DRAM word, log)",
            yLabel: "attained throughput (MACs/cycle, log)",
            points: points, lines: lines, legend: legend)
        let memoryText = bandwidth.map {
            "the DRAM roof is its bandwidth, \(formatCompact($0)) words/cycle, times the intensity; they meet at the ridge point, \(formatCompact(peak / $0)) MACs/word."
        } ?? "this architecture's DRAM bandwidth is unlimited, so there is no memory roof: only the compute roof and the on-chip levels bound a layer."
        let caption = "Roofline at DRAM (log–log). x: operational intensity, the layer's MACs per word moved at DRAM (reads + fills + updates; × 8 / \(wordBits) for MACs per byte, × 16 / \(wordBits) for FLOPs per byte, one MAC being two FLOPs). "
            + "y: attained throughput, MACs ÷ cycles. The compute roof is the peak, one MAC per PE per cycle; \(XML.escape(memoryText)) "
            + "A point below the roofs loses throughput to unused PEs (spatial utilization) or to a bandwidth-bound level."
        return heading("Roofline") + "\n" + figure(chart.render(), caption: caption)
    }

    /// Reuse per level and tensor (uses served per word filled, docs/format.md §4.2) as a heat-map table:
    /// one row per layer, one column per level × tensor, colour on a log scale.
    func reuseTable() -> String {
        var columns: [(level: String, tensor: String, role: String)] = []
        for name in run.levelNames {
            for layer in run.layers {
                for t in layer.levels.first(where: { $0.name == name })?.tensors ?? []
                where !columns.contains(where: { $0.level == name && $0.tensor == t.tensor }) {
                    columns.append((name, t.tensor, t.role))
                }
            }
        }
        guard !columns.isEmpty else { return "" }
        let edges = [3.0, 10, 30, 100, 300, 1000, 3000]
        func bin(_ v: Double) -> Int { edges.firstIndex { v < $0 } ?? edges.count }
        var levelHeader: [HTMLTable.Cell] = [.text("")]
        for name in run.levelNames {
            let span = columns.filter { $0.level == name }.count
            if span > 0 { levelHeader.append(.init(html: XML.escape(name), className: "level", colspan: span)) }
        }
        let tensorHeader: [HTMLTable.Cell] = [.text("layer")] + columns.map { .number("\($0.tensor) (\($0.role))") }
        let rows = run.layers.map { layer -> [HTMLTable.Cell] in
            [.text(layer.name)] + columns.map { column -> HTMLTable.Cell in
                guard let t = layer.levels.first(where: { $0.name == column.level })?.tensors.first(where: { $0.tensor == column.tensor }),
                      let reuse = t.reuseFactor, reuse > 0 else { return .number("—") }
                let b = bin(reuse)
                let style = "background: \(Palette.sequential(b, of: edges.count + 1)); color: \(b >= 5 ? "#FFFFFF" : "#1A1A1A")"
                return .init(html: XML.escape(formatCompact(reuse)), numeric: true, style: style,
                             title: "\(layer.name) · \(column.level) · \(column.tensor): reuse \(formatValue(reuse))")
            }
        }
        let bounds = ["< 3"] + zip(edges, edges.dropFirst()).map { "\(formatCompact($0.0))–\(formatCompact($0.1))" } + ["≥ \(groupedInt(Int(edges.last ?? 0)))"]
        let key = bounds.enumerated().map { "<span class=\"swatch\" style=\"background: \(Palette.sequential($0.offset, of: edges.count + 1))\"></span>\(XML.escape($0.element))" }.joined()
        return heading("Data reuse per level") + "\n"
            + "<p class=\"note\">Reuse factor of each tensor at each level: the uses the level serves (reads to the level below or to the MACs; for outputs also the updates it absorbs) per word it brings in (fills from above; at DRAM and for outputs also the words it holds from the start). At DRAM, 1 means each word is read once. — = the level does not keep the tensor in this mapping, or nothing is filled.</p>\n"
            + HTMLTable(header: [levelHeader, tensorHeader], rows: rows, className: "heat").render()
            + "\n<p class=\"note\">colour scale (log):\(key)</p>"
    }
}
