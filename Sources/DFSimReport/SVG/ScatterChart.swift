import Foundation

/// Points and lines on two axes (linear or log), with a legend and labels placed so they do not
/// overlap each other (a label that finds no free place is left to the point's tooltip).
///
/// Points are `<circle|rect|polygon class="point" data-series=… data-label=…>`; lines are
/// `<polyline class="line" data-series=…>`.
struct ScatterChart {
    struct Point {
        var x: Double
        var y: Double
        var color: String
        var shape: MarkerShape = .circle
        var radius = 5.0
        var stroke: String? = "#333333"
        var strokeWidth = 1.0
        /// Text placed next to the point when there is room (labels of higher layers are placed first).
        var label: String?
        var series: String
        var tooltip: String
        /// Drawn as a ring around the point (e.g. best per objective).
        var ring: String?
        /// Fill opacity (for large, overlapping markers); `nil` = opaque.
        var opacity: Double?
        /// Points with a higher layer are drawn above the others.
        var layer = 0
        /// Extra `data-` attributes of the marker (e.g. `("id", "p3")`).
        var data: SVGCanvas.DataAttributes = []
    }

    struct Line {
        var points: [(Double, Double)]
        var color: String
        var width = 2.0
        var dash: String?
        var series: String
        /// Text drawn along the line near `labelAt` (data coordinates), left-anchored, above it.
        var label: String?
        var labelAt: (Double, Double)?
        var labelAnchor: SVGCanvas.TextAnchor = .start
        /// Whether the label is rotated to run along the line's first segment.
        var labelAlongLine = false
        /// Extra `data-` attributes of the polyline.
        var data: SVGCanvas.DataAttributes = []
        /// Whether point labels keep clear of the line (thin lines among many may be crossed).
        var obstacle = true
        /// Hover text (default: the label, else the series).
        var tooltip: String?
    }

    var chart: String
    var label: String
    var xScale: (Double, Double, (Double, Double)) -> AxisScale
    var yScale: (Double, Double, (Double, Double)) -> AxisScale
    /// Data bounds the axes must include.
    var xDomain: (Double, Double)
    var yDomain: (Double, Double)
    var xLabel: String
    var yLabel: String
    var points: [Point] = []
    var lines: [Line] = []
    var legend: [Legend.Entry] = []
    var legendTitle: String?
    var width = 900.0
    var plotHeight = 380.0

    func render() -> String {
        let legendBox = Legend(entries: legend, title: legendTitle)
        let legendHeight = legendBox.height(width: width - 20)
        let top = 12 + legendHeight + 14
        let yProbe = yScale(yDomain.0, yDomain.1, (0, 1))
        let left = 34 + yProbe.widestTickLabel(size: 11)
        let plot = PlotArea(left: left, top: top, width: width - left - 24, height: plotHeight)
        let x = xScale(xDomain.0, xDomain.1, (plot.left, plot.right))
        let y = yScale(yDomain.0, yDomain.1, (plot.bottom, plot.top))
        var canvas = SVGCanvas(width: width, height: top + plotHeight + 50, chart: chart, label: label)
        legendBox.draw(into: &canvas, x: 10, y: 8, width: width - 20)
        canvas.drawXAxis(x, plot: plot, label: xLabel)
        canvas.drawYAxis(y, plot: plot, label: yLabel)

        var taken: [Box] = []
        for line in lines {
            let pixels = line.points.map { (x($0.0), y($0.1)) }
            canvas.polyline(pixels, stroke: line.color, width: line.width, dash: line.dash, className: "line",
                            data: [("series", line.series)] + line.data, tooltip: line.tooltip ?? line.label ?? line.series)
            // The line is an obstacle for labels: small boxes every few pixels along it.
            for (a, b) in zip(pixels, pixels.dropFirst()) where line.obstacle {
                let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
                let steps = max(Int(length / 4), 1)
                for i in 0...steps {
                    let t = Double(i) / Double(steps)
                    taken.append(Box(x: a.0 + t * (b.0 - a.0) - 1.5, y: a.1 + t * (b.1 - a.1) - 1.5, width: 3, height: 3))
                }
            }
            if let text = line.label, let at = line.labelAt, line.labelAlongLine, pixels.count > 1 {
                let angle = atan2(pixels[1].1 - pixels[0].1, pixels[1].0 - pixels[0].0)
                let px = x(at.0) + sin(angle) * 7, py = y(at.1) - cos(angle) * 7
                canvas.text(text, x: px, y: py, anchor: line.labelAnchor, size: 11.5, weight: "bold", fill: line.color,
                            rotate: angle * 180 / .pi, halo: true, className: "line-label")
                let w = estimatedTextWidth(text, size: 11.5)
                for i in 0...Int(w / 6) {
                    let d = Double(i) * 6
                    taken.append(Box(x: px + cos(angle) * d - 4 + sin(angle) * 5, y: py + sin(angle) * d - 4 - cos(angle) * 5,
                                     width: 8, height: 8))
                }
            } else if let text = line.label, let at = line.labelAt {
                let px = x(at.0), py = y(at.1) - 7
                let w = estimatedTextWidth(text, size: 11.5)
                let startX = line.labelAnchor == .start ? px : line.labelAnchor == .end ? px - w : px - w / 2
                canvas.text(text, x: px, y: py, anchor: line.labelAnchor, size: 11.5, weight: "bold", fill: line.color,
                            halo: true, className: "line-label")
                taken.append(Box(x: startX, y: py - 11, width: w, height: 13))
            }
        }
        // Lower layers first, and within a layer large markers first, so small ones stay visible on top.
        let order = points.indices.sorted { (points[$0].layer, -points[$0].radius, $0) < (points[$1].layer, -points[$1].radius, $1) }
        for index in order {
            let p = points[index]
            let px = x(p.x), py = y(p.y)
            if let ring = p.ring {
                canvas.circle(cx: px, cy: py, r: p.radius + 4, fill: "none", stroke: ring, strokeWidth: 2, className: "ring")
            }
            canvas.marker(p.shape, cx: px, cy: py, r: p.radius, fill: p.color, stroke: p.stroke, strokeWidth: p.strokeWidth,
                          opacity: p.opacity, className: "point",
                          data: [("series", p.series)] + (p.label.map { [("label", $0)] } ?? []) + p.data, tooltip: p.tooltip)
            taken.append(Box(x: px - p.radius, y: py - p.radius, width: 2 * p.radius, height: 2 * p.radius))
        }
        // Labelled points drawn at the same pixel share one label: "a, b" or "a +N more".
        struct Pixel: Hashable { var x, y: Int }
        var atPixel: [Pixel: [String]] = [:]
        let labelOrder = points.indices.sorted { (-points[$0].layer, $0) < (-points[$1].layer, $1) }
        for p in labelOrder.map({ points[$0] }) { if let text = p.label { atPixel[Pixel(x: Int(x(p.x).rounded()), y: Int(y(p.y).rounded())), default: []].append(text) } }
        for p in labelOrder.map({ points[$0] }) {
            guard let own = p.label, let shared = atPixel[Pixel(x: Int(x(p.x).rounded()), y: Int(y(p.y).rounded()))],
                  shared.first == own else { continue }
            let text = shared.count == 1 ? own : shared.count == 2 ? shared.joined(separator: ", ") : "\(own) +\(shared.count - 1) more"
            let px = x(p.x), py = y(p.y)
            let w = estimatedTextWidth(text, size: 11), h = 12.0
            let near = p.radius + 3, far = p.radius + 16
            // Next to the point first, then farther out with a leader line.
            var candidates: [(box: Box, leader: Bool)] = []
            for (gap, leader) in [(near, false), (far, true)] {
                candidates += [Box(x: px + gap, y: py - h / 2 - 1, width: w, height: h),
                               Box(x: px - gap - w, y: py - h / 2 - 1, width: w, height: h),
                               Box(x: px - w / 2, y: py - gap - h, width: w, height: h),
                               Box(x: px - w / 2, y: py + gap, width: w, height: h),
                               Box(x: px + gap * 0.7, y: py - gap * 0.7 - h, width: w, height: h),
                               Box(x: px + gap * 0.7, y: py + gap * 0.7, width: w, height: h),
                               Box(x: px - gap * 0.7 - w, y: py - gap * 0.7 - h, width: w, height: h),
                               Box(x: px - gap * 0.7 - w, y: py + gap * 0.7, width: w, height: h)].map { ($0, leader) }
            }
            guard let spot = candidates.first(where: { candidate in
                let box = candidate.box
                return box.x >= plot.left && box.x + box.width <= plot.right + 20 && box.y >= plot.top - 4
                    && box.y + box.height <= plot.bottom && !taken.contains { $0.overlaps(box) }
            }) else { continue }
            taken.append(spot.box)
            if spot.leader {
                let tx = min(max(px, spot.box.x), spot.box.x + spot.box.width)
                let ty = min(max(py, spot.box.y), spot.box.y + spot.box.height)
                let length = ((tx - px) * (tx - px) + (ty - py) * (ty - py)).squareRoot()
                if length > p.radius + 1 {
                    let sx = px + (tx - px) / length * (p.radius + 1), sy = py + (ty - py) / length * (p.radius + 1)
                    canvas.line(x1: sx, y1: sy, x2: tx, y2: ty, stroke: "#777777", width: 0.8, className: "leader")
                }
            }
            canvas.text(text, x: spot.box.x, y: spot.box.y + h - 2, size: 11, halo: true, className: "point-label",
                        data: [("label", text)])
        }
        return canvas.render()
    }

    struct Box {
        var x, y, width, height: Double
        func overlaps(_ other: Box) -> Bool {
            x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height
        }
    }
}
