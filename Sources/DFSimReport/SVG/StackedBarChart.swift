import Foundation

/// Groups of stacked bars: one group per category (a layer), one bar per member (a variant),
/// each bar stacked by series (a level or a tensor role).
///
/// The `<svg>` carries `data-chart`; each group is a `<g class="bar-group" data-group=…>`, each bar
/// a `<g class="bar" data-bar=…>` and each segment a `<rect class="segment" data-series=…>` with
/// a hover tooltip giving the value and its share of the bar.
struct StackedBarChart {
    struct Bar {
        /// Short label drawn under the bar (e.g. "A"); `nil` for single-bar groups.
        var label: String?
        /// One value per series (same order as `series`), in the chart's unit.
        var values: [Double]
        /// Text above the bar (e.g. the normalized total "0.83").
        var totalLabel: String?
        /// First line of every segment's tooltip (e.g. "conv1 · rs").
        var tooltip: String
    }

    struct Group {
        var label: String
        var bars: [Bar]
    }

    var chart: String
    var label: String
    var series: [Legend.Entry]
    var groups: [Group]
    var yLabel: String
    /// Unit appended to values in tooltips (e.g. "µJ").
    var unit: String
    var width = 900.0
    var plotHeight = 280.0
    /// A dashed horizontal reference line (e.g. the baseline at 1.0) and its label.
    var reference: (value: Double, label: String)?
    /// A note under the legend explaining bar labels (e.g. "A = rs, B = ws").
    var barKey: String?

    func render() -> String {
        let yMax = groups.flatMap(\.bars).map { $0.values.reduce(0, +) }.max() ?? 1
        let legend = Legend(entries: series)
        let legendHeight = legend.height(width: width - 20)
        let keyHeight = barKey == nil ? 0.0 : 18
        let top = 10 + legendHeight + keyHeight + 18
        var probe = AxisScale.linear(0, max(yMax, reference?.value ?? 0), range: (0, 1))
        var left = 34 + probe.widestTickLabel(size: 11)
        var groupWidth = (width - left - 16) / Double(max(groups.count, 1))
        // Group labels: horizontal when they fit their slot, else slanted at 40° while the slots
        // leave room between the slanted lines, else vertical; only every n-th label when even
        // vertical ones would touch.
        let labelWidth = groups.map { estimatedTextWidth($0.label, size: 11.5) }.max() ?? 0
        let rotated = labelWidth > groupWidth - 4
        let angle = groupWidth * sin(40 * .pi / 180) >= 14 ? 40.0 : 90.0
        if rotated, angle == 40, let first = groups.first {
            // The first slanted label reaches left of its bar; widen the margin so it is not clipped.
            let overhang = estimatedTextWidth(first.label, size: 11.5) * cos(angle * .pi / 180) - groupWidth / 2 + 6
            if overhang > left {
                left = overhang
                groupWidth = (width - left - 16) / Double(max(groups.count, 1))
            }
        }
        let plotWidth = width - left - 16
        let barsPerGroup = Double(groups.map(\.bars.count).max() ?? 1)
        let barWidth = min(groupWidth * 0.78 / barsPerGroup, 64)
        let labelEvery = max(1, Int((13 / groupWidth).rounded(.up)))
        let barLabelHeight = groups.contains { $0.bars.contains { $0.label != nil } } ? 16.0 : 0
        let groupLabelHeight = rotated ? labelWidth * sin(angle * .pi / 180) + 16 : 18
        let height = top + plotHeight + barLabelHeight + groupLabelHeight + 10
        let plot = PlotArea(left: left, top: top, width: plotWidth, height: plotHeight)
        probe = AxisScale.linear(0, max(yMax, reference?.value ?? 0), range: (plot.bottom, plot.top))
        let y = probe

        var canvas = SVGCanvas(width: width, height: height, chart: chart, label: label)
        legend.draw(into: &canvas, x: 10, y: 8, width: width - 20)
        if let barKey {
            let note = reference.map { barKey + " · dashed line: \($0.label)" } ?? barKey
            canvas.text(note, x: 10, y: 8 + legendHeight + 13, size: 11.5, fill: "#444444", className: "bar-key")
        }
        canvas.drawYAxis(y, plot: plot, label: yLabel)
        for (g, group) in groups.enumerated() {
            let groupLeft = plot.left + Double(g) * groupWidth
            let barsWidth = barWidth * Double(group.bars.count)
            canvas.beginGroup(className: "bar-group", data: [("group", group.label)])
            for (b, bar) in group.bars.enumerated() {
                let x = groupLeft + (groupWidth - barsWidth) / 2 + Double(b) * barWidth
                let total = bar.values.reduce(0, +)
                canvas.beginGroup(className: "bar", data: [("bar", bar.label ?? group.label)])
                var base = 0.0
                for (s, value) in bar.values.enumerated() where value > 0 && s < series.count {
                    let share = total > 0 ? value / total * 100 : 0
                    let tooltip = "\(bar.tooltip)\n\(series[s].label): \(formatValue(value)) \(unit) (\(String(format: "%.1f", share)) %)"
                    canvas.rect(x: x + 1, y: y(base + value), width: barWidth - 2, height: y(base) - y(base + value),
                                fill: series[s].color, stroke: "#FFFFFF", className: "segment",
                                data: [("series", series[s].label)], tooltip: tooltip)
                    base += value
                }
                let room = group.bars.count == 1 ? groupWidth - 2 : barWidth + 4
                if let totalLabel = bar.totalLabel, estimatedTextWidth(totalLabel, size: 10) < room {
                    canvas.text(totalLabel, x: x + barWidth / 2, y: y(total) - 4, anchor: .middle, size: 10, className: "bar-total")
                }
                if let barLabel = bar.label {
                    canvas.text(barLabel, x: x + barWidth / 2, y: plot.bottom + 13, anchor: .middle, size: 10, fill: "#555555",
                                className: "bar-label")
                }
                canvas.endGroup()
            }
            let cx = groupLeft + groupWidth / 2
            let ly = plot.bottom + barLabelHeight + 16
            if g % labelEvery != 0 {
                // No room for this label; the bars' tooltips name the group.
            } else if rotated {
                canvas.text(group.label, x: cx + 4, y: ly - 4, anchor: .end, size: 11.5, rotate: -angle, className: "group-label")
            } else {
                canvas.text(group.label, x: cx, y: ly, anchor: .middle, size: 11.5, className: "group-label")
            }
            canvas.endGroup()
        }
        canvas.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        if let reference {
            let ry = y(reference.value)
            canvas.line(x1: plot.left, y1: ry, x2: plot.right, y2: ry, stroke: "#000000", width: 1.2, dash: "5 4",
                        className: "reference")
        }
        return canvas.render()
    }
}

/// Four significant digits with thousands separators ("12,345", "2.305", "0.0123").
func formatValue(_ v: Double) -> String {
    guard v.isFinite else { return "—" }
    if v == 0 { return "0" }
    let magnitude = abs(v)
    if magnitude >= 1e7 || magnitude < 1e-3 { return String(format: "%.3e", v) }
    let decimals = max(0, 3 - Int(floor(log10(magnitude))))
    return groupedDecimal(v, decimals: decimals)
}
