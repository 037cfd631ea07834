/// A self-contained report page: XHTML-compatible HTML5 (every element closed, attributes quoted,
/// only XML's predefined entities), inline CSS, inline SVG; no scripts, fonts, images or network.
struct HTMLPage {
    var title: String
    /// Already-rendered body sections, in order.
    var sections: [String] = []

    mutating func append(_ html: String) { sections.append(html) }

    func render() -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="dfsim report"/>
        <title>\(XML.escape(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <main>
        <h1>\(XML.escape(title))</h1>
        \(sections.joined(separator: "\n"))
        <footer>Written by <code>dfsim report</code> from the files of the results folder; hover over bars and points for their values.</footer>
        </main>
        </body>
        </html>

        """
    }

    static let css = """
    body { margin: 0; background: #FFFFFF; color: #1A1A1A; font: 14px/1.45 Helvetica, Arial, sans-serif; }
    main { max-width: 940px; margin: 0 auto; padding: 16px 20px 40px; }
    h1 { font-size: 22px; margin: 8px 0 4px; }
    h2 { font-size: 18px; margin: 28px 0 6px; border-bottom: 1px solid #DDDDDD; padding-bottom: 3px; }
    h3 { font-size: 15px; margin: 20px 0 4px; }
    p.lead, p.note, figcaption { color: #444444; }
    p.note, figcaption { font-size: 12.5px; }
    figure { margin: 10px 0 18px; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    table { border-collapse: collapse; margin: 6px 0 14px; font-size: 12.5px; }
    th, td { border: 1px solid #D6D6D6; padding: 3px 7px; text-align: left; vertical-align: top; }
    th { background: #F3F3F3; font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.num { white-space: nowrap; }
    td.nest code { font-size: 11px; }
    td.best { font-weight: 700; }
    table.heat td.num { min-width: 44px; }
    table.facts th { background: none; font-weight: 600; width: 190px; }
    .wide { overflow-x: auto; }
    pre.nest { font: 12px/1.35 Menlo, Consolas, "DejaVu Sans Mono", monospace; background: #F7F7F7;
      border: 1px solid #E2E2E2; padding: 8px 10px; overflow-x: auto; margin: 6px 0 10px; }
    code { font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
    details { margin: 6px 0; }
    details > summary { cursor: pointer; padding: 3px 0; }
    details.variant { border: 1px solid #DDDDDD; padding: 4px 12px; margin: 10px 0; }
    details.variant > summary { font-weight: 600; font-size: 15px; }
    .swatch { display: inline-block; width: 26px; height: 12px; border: 1px solid #999999; vertical-align: middle; margin: 0 3px 0 10px; }
    footer { margin-top: 32px; color: #777777; font-size: 12px; }
    """
}

/// An HTML table; cells are escaped unless built with ``Cell/html(_:)``.
struct HTMLTable {
    struct Cell {
        var html: String
        var numeric = false
        var className: String?
        var style: String?
        var title: String?
        var colspan = 1

        static func text(_ s: String) -> Cell { Cell(html: XML.escape(s)) }
        static func number(_ s: String) -> Cell { Cell(html: XML.escape(s), numeric: true) }
        static func html(_ s: String) -> Cell { Cell(html: s) }
        static func code(_ s: String) -> Cell { Cell(html: "<code>\(XML.escape(s))</code>") }
    }

    /// Header rows (usually one); cells marked numeric right-align.
    var header: [[Cell]]
    var rows: [[Cell]]
    var className: String?

    func render() -> String {
        func cell(_ c: Cell, _ tag: String) -> String {
            let classes = [c.numeric ? "num" : nil, c.className].compactMap { $0 }.joined(separator: " ")
            let attrs = XML.attributes([("class", classes.isEmpty ? nil : classes), ("style", c.style), ("title", c.title),
                                        ("colspan", c.colspan > 1 ? String(c.colspan) : nil)])
            return "<\(tag)\(attrs)>\(c.html)</\(tag)>"
        }
        let head = header.map { "<tr>" + $0.map { cell($0, "th") }.joined() + "</tr>" }.joined(separator: "\n")
        let body = rows.map { "<tr>" + $0.map { cell($0, "td") }.joined() + "</tr>" }.joined(separator: "\n")
        return "<div class=\"wide\"><table\(XML.attributes([("class", className)]))>\n<thead>\n\(head)\n</thead>\n<tbody>\n\(body)\n</tbody>\n</table></div>"
    }
}

/// A chart with its caption.
func figure(_ svg: String, caption: String, id: String? = nil) -> String {
    "<figure\(XML.attributes([("id", id)]))>\n\(svg)\n<figcaption>\(caption)</figcaption>\n</figure>"
}
