/// The rectangle data is drawn in, in pixels.
struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
}

extension AxisScale {
    /// Width of the widest tick label at `size`.
    func widestTickLabel(size: Double) -> Double {
        ticks.map { estimatedTextWidth($0.label, size: size) }.max() ?? 0
    }
}

extension AxisScale {
    /// The ticks whose labels are drawn: labelled ticks inside the axis, thinned so that no two
    /// labels come closer than `gap` pixels along the axis (decades and other major ticks are kept
    /// first, then minor ones in order). `extent` is a label's size along the axis: its width on
    /// an x axis, its height on a y axis.
    func visibleLabels(gap: Double = 6, extent: (Tick) -> Double) -> [Tick] {
        let candidates = ticks.filter { !$0.label.isEmpty && contains($0.value) }
        var kept: [(tick: Tick, low: Double, high: Double)] = []
        for tick in candidates.filter(\.major) + candidates.filter({ !$0.major }) {
            let centre = self(tick.value), half = extent(tick) / 2
            let (low, high) = (centre - half, centre + half)
            if kept.contains(where: { low < $0.high + gap && $0.low < high + gap }) { continue }
            kept.append((tick, low, high))
        }
        return kept.map(\.tick).sorted { $0.value < $1.value }
    }

    /// The labels an x axis draws (widths at 11 px).
    var visibleXLabels: [Tick] { visibleLabels { estimatedTextWidth($0.label, size: 11) } }
    /// The labels a y axis draws (11 px text, 12 px high).
    var visibleYLabels: [Tick] { visibleLabels(gap: 2) { _ in 12 } }
}

extension SVGCanvas {
    /// A horizontal axis along the bottom of `plot`: line, ticks, tick labels, vertical grid
    /// lines, and `label` (with its unit) centred below.
    mutating func drawXAxis(_ scale: AxisScale, plot: PlotArea, label: String, grid: Bool = true) {
        beginGroup(className: "axis x-axis")
        for tick in scale.ticks where scale.contains(tick.value) {
            let x = scale(tick.value)
            if grid { line(x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: Palette.grid, width: tick.major ? 1 : 0.5) }
            line(x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + (tick.major ? 5 : 3), stroke: Palette.axis)
        }
        for tick in scale.visibleXLabels {
            text(tick.label, x: scale(tick.value), y: plot.bottom + 18, anchor: .middle, size: 11, className: "tick-label")
        }
        line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        text(label, x: plot.left + plot.width / 2, y: plot.bottom + 38, anchor: .middle, size: 12.5, weight: "bold",
             className: "axis-label")
        endGroup()
    }

    /// A vertical axis along the left of `plot`, its `label` rotated and placed left of the tick labels.
    mutating func drawYAxis(_ scale: AxisScale, plot: PlotArea, label: String, grid: Bool = true) {
        beginGroup(className: "axis y-axis")
        for tick in scale.ticks where scale.contains(tick.value) {
            let y = scale(tick.value)
            if grid { line(x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: Palette.grid, width: tick.major ? 1 : 0.5) }
            line(x1: plot.left - (tick.major ? 5 : 3), y1: y, x2: plot.left, y2: y, stroke: Palette.axis)
        }
        for tick in scale.visibleYLabels {
            text(tick.label, x: plot.left - 8, y: scale(tick.value) + 4, anchor: .end, size: 11, className: "tick-label")
        }
        line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: Palette.axis)
        let x = plot.left - 14 - scale.widestTickLabel(size: 11)
        text(label, x: x, y: plot.top + plot.height / 2, anchor: .middle, size: 12.5, weight: "bold", rotate: -90,
             className: "axis-label")
        endGroup()
    }
}
