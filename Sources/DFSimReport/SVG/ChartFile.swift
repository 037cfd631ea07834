/// One chart of a report as a standalone SVG file (`report-<chart>.svg`): the `<svg>` element
/// exactly as the page inlines it, after an XML declaration.
struct ChartFile: Equatable {
    /// The chart's `data-chart` name.
    var chart: String
    /// `report-<sanitized chart>.svg`, unique within the report.
    var fileName: String
    var text: String

    /// `name` with every character outside `A-Za-z0-9_-` replaced by `-` ("pareto:vgg<16>" → "pareto-vgg-16-").
    static func sanitize(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "-" })
    }

    /// Whether `name` looks like a chart file a report writes.
    static func isChartFileName(_ name: String) -> Bool { name.hasPrefix("report-") && name.hasSuffix(".svg") }

    static let open = "<svg xmlns=\"http://www.w3.org/2000/svg\""

    /// Every chart of a rendered page, in page order. Charts are the `<svg>` elements
    /// ``SVGCanvas`` writes (never nested, attributes escaped by ``XML``).
    static func extract(from html: String) -> [ChartFile] {
        var files: [ChartFile] = []
        var taken = Set<String>()
        var rest = html[...]
        while let start = rest.range(of: open), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            rest = rest[end.upperBound...]
            let tag = svg.prefix { $0 != ">" }
            guard let nameStart = tag.range(of: " data-chart=\"") else { continue }
            let escaped = tag[nameStart.upperBound...].prefix { $0 != "\"" }
            let chart = XML.unescape(String(escaped))
            let base = "report-" + sanitize(chart)
            var name = base + ".svg"
            var n = 2
            while taken.contains(name) {
                name = "\(base)-\(n).svg"
                n += 1
            }
            taken.insert(name)
            files.append(ChartFile(chart: chart, fileName: name, text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n"))
        }
        return files
    }
}
