/// An SVG image under construction: elements are appended in paint order and rendered as one
/// `<svg>` element with inline attributes only (no CSS classes needed to display it).
///
/// Every drawing call takes an optional `tooltip`, rendered as a `<title>` child that browsers
/// show on hover, and optional `data` attributes (`data-series`, `data-layer`, …) that tests
/// use to find the series of a chart.
struct SVGCanvas {
    let width: Double
    let height: Double
    /// Identifies the chart (`data-chart` on the `<svg>` element).
    let chart: String
    /// Accessible name of the image (`aria-label` and the first `<title>`).
    let label: String
    private(set) var elements: [String] = []
    private var openGroups = 0

    init(width: Double, height: Double, chart: String, label: String) {
        self.width = width
        self.height = height
        self.chart = chart
        self.label = label
    }

    /// Extra attributes written as `data-<key>="value"`.
    typealias DataAttributes = [(String, String)]

    private static func data(_ pairs: DataAttributes) -> [(String, String?)] {
        pairs.map { ("data-\($0.0)", $0.1) }
    }

    private mutating func emit(_ tag: String, _ attributes: [(String, String?)], tooltip: String?, text: String? = nil) {
        let attrs = XML.attributes(attributes)
        if tooltip == nil && text == nil {
            elements.append("<\(tag)\(attrs)/>")
        } else {
            let title = tooltip.map { "<title>\(XML.escape($0))</title>" } ?? ""
            elements.append("<\(tag)\(attrs)>\(title)\(text.map(XML.escape) ?? "")</\(tag)>")
        }
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                       className: String? = nil, data: DataAttributes = [], tooltip: String? = nil) {
        emit("rect", [("x", f(x)), ("y", f(y)), ("width", f(max(width, 0))), ("height", f(max(height, 0))),
                      ("fill", fill), ("stroke", stroke), ("stroke-width", stroke.map { _ in "0.6" }),
                      ("class", className)] + Self.data(data), tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil, className: String? = nil) {
        emit("line", [("x1", f(x1)), ("y1", f(y1)), ("x2", f(x2)), ("y2", f(y2)), ("stroke", stroke),
                      ("stroke-width", f(width)), ("stroke-dasharray", dash), ("class", className)], tooltip: nil)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil,
                           className: String? = nil, data: DataAttributes = [], tooltip: String? = nil) {
        let coordinates = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        emit("polyline", [("points", coordinates), ("fill", "none"), ("stroke", stroke), ("stroke-width", f(width)),
                          ("stroke-dasharray", dash), ("stroke-linejoin", "round"), ("class", className)] + Self.data(data),
             tooltip: tooltip)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1,
                         opacity: Double? = nil, className: String? = nil, data: DataAttributes = [], tooltip: String? = nil) {
        emit("circle", [("cx", f(cx)), ("cy", f(cy)), ("r", f(r)), ("fill", fill), ("stroke", stroke),
                        ("stroke-width", stroke.map { _ in f(strokeWidth) }), ("fill-opacity", opacity.map(f)),
                        ("class", className)] + Self.data(data), tooltip: tooltip)
    }

    /// A marker of `shape` centred on (cx, cy) with "radius" `r`.
    mutating func marker(_ shape: MarkerShape, cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                         strokeWidth: Double = 1, opacity: Double? = nil, className: String? = nil, data: DataAttributes = [],
                         tooltip: String? = nil) {
        let width = stroke != nil && strokeWidth != 1 ? f(strokeWidth) : nil
        switch shape {
        case .circle:
            circle(cx: cx, cy: cy, r: r, fill: fill, stroke: stroke, strokeWidth: strokeWidth, opacity: opacity, className: className,
                   data: data, tooltip: tooltip)
        case .square:
            emit("rect", [("x", f(cx - r)), ("y", f(cy - r)), ("width", f(2 * r)), ("height", f(2 * r)), ("fill", fill),
                          ("stroke", stroke), ("stroke-width", width), ("fill-opacity", opacity.map(f)), ("class", className)]
                 + Self.data(data), tooltip: tooltip)
        case .diamond, .triangle:
            let points = shape == .diamond
                ? [(cx, cy - r * 1.3), (cx + r * 1.3, cy), (cx, cy + r * 1.3), (cx - r * 1.3, cy)]
                : [(cx, cy - r * 1.3), (cx + r * 1.2, cy + r * 0.9), (cx - r * 1.2, cy + r * 0.9)]
            emit("polygon", [("points", points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")), ("fill", fill),
                             ("stroke", stroke), ("stroke-width", width), ("fill-opacity", opacity.map(f)), ("class", className)]
                 + Self.data(data), tooltip: tooltip)
        }
    }

    enum TextAnchor: String { case start, middle, end }

    /// Text at (x, y) (the baseline); `rotate` in degrees about the anchor point; `halo` outlines
    /// it in white so it stays readable over lines.
    mutating func text(_ s: String, x: Double, y: Double, anchor: TextAnchor = .start, size: Double = 12,
                       weight: String? = nil, fill: String = Palette.axis, rotate: Double? = nil, halo: Bool = false,
                       className: String? = nil, data: DataAttributes = [], tooltip: String? = nil) {
        emit("text", [("x", f(x)), ("y", f(y)), ("text-anchor", anchor == .start ? nil : anchor.rawValue),
                      ("font-size", f(size)), ("font-weight", weight), ("fill", fill),
                      ("stroke", halo ? "#FFFFFF" : nil), ("stroke-width", halo ? "3" : nil),
                      ("stroke-linejoin", halo ? "round" : nil), ("paint-order", halo ? "stroke" : nil),
                      ("transform", rotate.map { "rotate(\(f($0)) \(f(x)) \(f(y)))" }), ("class", className)]
             + Self.data(data), tooltip: tooltip, text: s)
    }

    /// Opens a `<g>`; close it with ``endGroup()``.
    mutating func beginGroup(className: String? = nil, data: DataAttributes = [], tooltip: String? = nil) {
        let title = tooltip.map { "<title>\(XML.escape($0))</title>" } ?? ""
        elements.append("<g\(XML.attributes([("class", className)] + Self.data(data)))>\(title)")
        openGroups += 1
    }

    mutating func endGroup() {
        guard openGroups > 0 else { return }
        elements.append("</g>")
        openGroups -= 1
    }

    /// The `<svg>` element; it scales down to its container's width and keeps its aspect ratio.
    func render() -> String {
        let open = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + XML.attributes([
            ("viewBox", "0 0 \(f(width)) \(f(height))"), ("width", f(width)), ("height", f(height)),
            ("role", "img"), ("aria-label", label), ("data-chart", chart), ("class", "chart"),
            ("font-family", "Helvetica, Arial, sans-serif"),
        ]) + "><title>\(XML.escape(label))</title>"
        return ([open] + elements + Array(repeating: "</g>", count: openGroups) + ["</svg>"]).joined(separator: "\n")
    }

    /// A coordinate with at most two decimals.
    private func f(_ v: Double) -> String { formatCoordinate(v) }
}

/// Marker shapes for scatter points.
enum MarkerShape: CaseIterable { case circle, square, diamond, triangle }

/// A coordinate with at most two decimals and no trailing zeros ("12.5", "3", "-0.25").
func formatCoordinate(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let rounded = (v * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var s = String(rounded)
    if s.contains("e") { s = String(Int(rounded.rounded())) }
    return s
}

/// Rough width of `text` in pixels at `size` (Helvetica-like average glyph width), for layout.
func estimatedTextWidth(_ text: String, size: Double) -> Double {
    var units = 0.0
    for ch in text {
        switch ch {
        case "i", "l", "j", "t", "f", "I", ".", ",", ":", ";", "|", "!", "'", " ", "(", ")", "[", "]": units += 0.33
        case "m", "w", "M", "W", "@": units += 0.85
        case "A"..."Z", "0"..."9", "_", "×": units += 0.62
        default: units += 0.55
        }
    }
    return units * size
}
