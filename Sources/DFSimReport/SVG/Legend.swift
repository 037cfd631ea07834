/// A chart legend: swatches with labels, laid out left to right and wrapped to the chart width.
struct Legend {
    enum Swatch: Equatable {
        case box
        case marker(MarkerShape, radius: Double)
        case line(dash: String?)
        /// A hollow ring (e.g. "best per objective").
        case ring
    }

    struct Entry {
        var label: String
        var color: String
        var swatch: Swatch = .box
    }

    var entries: [Entry]
    var title: String?
    /// 20 px, or more when a size-legend marker needs it.
    var rowHeight: Double {
        entries.reduce(20.0) { height, entry in
            if case .marker(_, let radius) = entry.swatch { return max(height, 2 * radius + 6) }
            return height
        }
    }
    static let fontSize = 12.0

    /// Width of the swatch area: wide enough for large size-legend markers.
    private func swatchWidth(_ entry: Entry) -> Double {
        switch entry.swatch {
        case .marker(_, let radius): return max(14, 2 * radius + 2)
        case .line: return 16
        case .box, .ring: return 14
        }
    }

    private func entryWidth(_ entry: Entry) -> Double {
        swatchWidth(entry) + 6 + estimatedTextWidth(entry.label, size: Self.fontSize) + 16
    }

    /// Rows of entry indices for a legend `width` wide.
    func rows(width: Double) -> [[Int]] {
        var rows: [[Int]] = [[]]
        var used = title.map { estimatedTextWidth($0, size: Self.fontSize) + 12 } ?? 0
        for (index, entry) in entries.enumerated() {
            let w = entryWidth(entry)
            if used + w > width, !(rows[rows.count - 1].isEmpty) {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(index)
            used += w
        }
        return rows
    }

    /// Height the legend takes at `width` (0 when empty).
    func height(width: Double) -> Double { entries.isEmpty ? 0 : Double(rows(width: width).count) * rowHeight }

    /// Draws the legend with its top-left corner at (x, y).
    func draw(into canvas: inout SVGCanvas, x: Double, y: Double, width: Double) {
        guard !entries.isEmpty else { return }
        canvas.beginGroup(className: "legend")
        var cy = y + rowHeight / 2
        for (rowIndex, row) in rows(width: width).enumerated() {
            var cx = x
            if rowIndex == 0, let title {
                canvas.text(title, x: cx, y: cy + 4, size: Self.fontSize, weight: "bold")
                cx += estimatedTextWidth(title, size: Self.fontSize) + 12
            }
            for index in row {
                let entry = entries[index]
                canvas.beginGroup(className: "legend-entry", data: [("series", entry.label)])
                switch entry.swatch {
                case .box:
                    canvas.rect(x: cx, y: cy - 6, width: 14, height: 12, fill: entry.color, stroke: "#555555")
                case .marker(let shape, let radius):
                    canvas.marker(shape, cx: cx + swatchWidth(entry) / 2, cy: cy, r: radius, fill: entry.color, stroke: "#333333")
                case .line(let dash):
                    canvas.line(x1: cx, y1: cy, x2: cx + 16, y2: cy, stroke: entry.color, width: 2.5, dash: dash)
                case .ring:
                    canvas.circle(cx: cx + 7, cy: cy, r: 6, fill: "none", stroke: entry.color, strokeWidth: 2)
                }
                canvas.text(entry.label, x: cx + swatchWidth(entry) + 6, y: cy + 4, size: Self.fontSize)
                canvas.endGroup()
                cx += entryWidth(entry)
            }
            cy += rowHeight
        }
        canvas.endGroup()
    }
}
