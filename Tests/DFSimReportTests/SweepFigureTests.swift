@testable import DFSimReport
import DFSimResultsFormat
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Sweep figures fit for a paper: colour by one parameter, lines along another, point ids, the
/// Pareto front over chosen objectives (apart from the sweep's four-metric flag), and each chart
/// as its own SVG file.
@Suite struct SweepFigureTests {
    func page(_ folder: URL, _ options: ReportOptions = ReportOptions()) throws -> ParsedPage {
        try ParsedPage(try HTMLReport.write(folder: folder, options: options))
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? { ParsedPage.attribute(element, name) }

    @Test func colourByGivesOneLegendEntryPerValueAndColoursEachPoint() throws {
        let folder = try Fixtures.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try page(folder, ReportOptions(colorBy: "pes"))
        for name in ["pareto", "area"] {
            let chart = try #require(page.chart(name).first, "\(name)")
            let legend = page.withClass("legend-entry", in: chart).compactMap { attribute($0, "data-series") }
            // Numeric values in numeric order, one entry each.
            #expect(legend.filter { $0.hasPrefix("pes = ") } == ["pes = 16", "pes = 64", "pes = 256", "pes = 1024"], "\(name)")
            let points = page.withClass("point", in: chart)
            #expect(points.count == 8)
            let pes = [16, 16, 64, 64, 256, 256, 1024, 1024]
            for point in points {
                let id = try #require(attribute(point, "data-id"))
                let index = try #require(Int(id.dropFirst()))
                #expect(attribute(point, "data-series") == "pes = \(pes[index])", "\(name) \(id)")
            }
            // One colour per value, and the legend's swatch has the points' colour.
            let fills = Dictionary(grouping: points, by: { attribute($0, "data-series") ?? "" }).mapValues { Set($0.compactMap { attribute($0, "fill") }) }
            #expect(fills.values.allSatisfy { $0.count == 1 })
            #expect(Set(fills.values.compactMap(\.first)).count == 4)
        }
        #expect(page.source.contains("colour and marker shape: <code>pes</code>"))
    }

    @Test func lineByJoinsThePointsThatDifferOnlyInThatParameter() throws {
        let folder = try Fixtures.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var page = try page(folder, ReportOptions(lineBy: "glb"))
        var chart = try #require(page.chart("pareto").first)
        var lines = page.withClass("line", in: chart).filter { attribute($0, "data-series") == "glb varies" }
        // Same pes, glb 1024 → 4096 words (the order the sweep lists them in).
        #expect(lines.compactMap { attribute($0, "data-points") } == ["p0 p1", "p2 p3", "p4 p5", "p7 p6"])
        // Each polyline runs through its points' markers.
        let centres = Dictionary(uniqueKeysWithValues: page.withClass("point", in: chart).compactMap { p -> (String, String)? in
            guard let id = attribute(p, "data-id"), let cx = attribute(p, "cx"), let cy = attribute(p, "cy") else { return nil }
            return (id, "\(cx),\(cy)")
        })
        for line in lines {
            let ids = (attribute(line, "data-points") ?? "").split(separator: " ").map(String.init)
            #expect(attribute(line, "points") == ids.compactMap { centres[$0] }.joined(separator: " "))
        }
        #expect(page.withClass("line", in: chart).filter { attribute($0, "data-series") == "energy–latency front" }.count == 1)

        page = try self.page(folder, ReportOptions(lineBy: "pes"))
        chart = try #require(page.chart("area").first)
        lines = page.withClass("line", in: chart).filter { attribute($0, "data-series") == "pes varies" }
        #expect(lines.compactMap { attribute($0, "data-points") } == ["p0 p2 p4 p7", "p1 p3 p5 p6"])
        let tooltip = try #require(page.find("title", in: lines[0]).first?.stringValue)
        #expect(tooltip == "pes varies: p0 (16) → p2 (64) → p4 (256) → p7 (1024)\nglb=1024 words")
    }

    /// 18 points on one workload, 17 flagged Pareto-optimal over four metrics (as a real sweep
    /// flags them when storage and PEs differ), but only p0…p3 on the energy–latency front.
    func crowdedFolder(count: Int = 18) throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        let front: [(energy: Double, cycles: Int)] = [(1e6, 10_000), (2e6, 6_000), (4e6, 3_000), (8e6, 1_000)]
        var metrics = front
        for i in 0..<(count - front.count) {
            let base = front[i % front.count]
            metrics.append((base.energy * (1.1 + Double(i) * 0.05), base.cycles + 100 * (i + 1)))
        }
        let points = metrics.enumerated().map { i, m in
            SweepResults.Point(id: "p\(i)", params: OrderedObject([("x", .integer(i))]), workload: "w", energyPJ: m.energy,
                               cycles: m.cycles, latencySeconds: Double(m.cycles) * 1e-9, edp: m.energy * Double(m.cycles),
                               macs: 1000, pjPerMAC: m.energy / 1000, pes: 16 + i, onchipWords: 4096 - 10 * i, pareto: i != count - 1)
        }
        let sweep = SweepResults(sweep: "crowded", parameters: ["x"], points: points, best: .init(energy: "p0", latency: "p3", edp: "p2"))
        try Fixtures.write(try Fixtures.encoded(sweep), to: "sweep.json", in: folder)
        return folder
    }

    @Test func theFrontIsOverEnergyAndLatencyNotTheFourMetricFlag() throws {
        let folder = try crowdedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try page(folder)
        let chart = try #require(page.chart("pareto").first)
        let highlighted = page.withClass("point", in: chart).filter { attribute($0, "data-series") == "Pareto-optimal in energy and latency" }
        #expect(Set(highlighted.compactMap { attribute($0, "data-id") }) == ["p0", "p1", "p2", "p3"])
        #expect(page.withClass("point", in: chart).filter { attribute($0, "data-front") == "true" }.count == 4)
        let frontLine = try #require(page.withClass("line", in: chart).first { attribute($0, "data-series") == "energy–latency front" })
        #expect((attribute(frontLine, "points") ?? "").split(separator: " ").count == 4)
        // The four-metric flag is its own view, labelled as such.
        let area = try #require(page.chart("area").first)
        let flagged = page.withClass("point", in: area).filter { attribute($0, "data-series") == SweepPage.flagSeries }
        #expect(flagged.count == 17)
        #expect(SweepPage.flagSeries == "Pareto-optimal in energy, latency, on-chip words and PEs (sweep flag)")
        // The front's table, by latency; the flagged points in their own (folded) table.
        let tables = page.find("table")
        let rows = page.find("tr", in: tables[0]).dropFirst().compactMap { page.find("td", in: $0).first?.stringValue }
        #expect(rows == ["p3", "p2", "p1", "p0"])
        #expect(page.source.contains("4 on the Pareto front over energy and latency, 17 Pareto-optimal over energy, latency, on-chip words and PEs"))
        #expect(page.source.contains("(the sweep&#39;s <code>pareto</code> flag): 17 of 18 points") || page.source.contains("(the sweep's <code>pareto</code> flag): 17 of 18 points"))

        // Other objectives: energy and PEs (PEs grow with the id, so p0 beats every point but p0 itself).
        let byPEs = try self.page(folder, ReportOptions(pareto: ["energy", "pes"]))
        let chartPEs = try #require(byPEs.chart("pareto").first)
        #expect(byPEs.withClass("point", in: chartPEs).filter { attribute($0, "data-front") == "true" }.compactMap { attribute($0, "data-id") } == ["p0"])
        #expect(byPEs.source.contains("<h2>Pareto front: energy and PEs</h2>"))
    }

    @Test func frontKeepsTiesAndDropsDominatedPoints() {
        func point(_ id: String, _ e: Double, _ l: Double, pes: Int = 1) -> SweepResults.Point {
            .init(id: id, params: OrderedObject([]), workload: "w", energyPJ: e, cycles: 1, latencySeconds: l, edp: e, macs: 1,
                  pjPerMAC: e, pes: pes, onchipWords: 1, pareto: true)
        }
        let points = [point("a", 2, 2), point("b", 1, 3), point("c", 2, 2), point("d", 3, 1), point("e", 3, 3), point("f", 2, 3),
                      point("g", 1, 3, pes: 9)]
        #expect(SweepFigure.front(points, over: [.energy, .latency]).map(\.id) == ["a", "b", "c", "d", "g"])
        #expect(SweepFigure.front(points, over: [.energy, .latency, .pes]).map(\.id) == ["a", "b", "c", "d"])
    }

    @Test func pointIdsAreLabelledAndOnlyTheFrontsWhenThereAreMany() throws {
        var folder = try crowdedFolder()
        var page = try page(folder)
        var chart = try #require(page.chart("pareto").first)
        let labels = Set(page.withClass("point-label", in: chart).compactMap(\.stringValue))
        #expect(labels.isSuperset(of: ["p0", "p1", "p2", "p3"]))
        #expect(labels.count >= 10, "\(labels)")
        try? FileManager.default.removeItem(at: folder)
        folder = try crowdedFolder(count: 60)
        defer { try? FileManager.default.removeItem(at: folder) }
        page = try self.page(folder)
        chart = try #require(page.chart("pareto").first)
        #expect(Set(page.withClass("point-label", in: chart).compactMap(\.stringValue)) == ["p0", "p1", "p2", "p3"])
        #expect(page.source.contains("The front&#39;s points are labelled") || page.source.contains("The front's points are labelled"))
    }

    @Test func theSweepFilesPlotIsUsedAndOptionsOverrideIt() throws {
        let folder = try Fixtures.sweepFolder(plot: .init(color: "glb", line: "pes", pareto: ["energy", "latency", "pes"]))
        defer { try? FileManager.default.removeItem(at: folder) }
        var page = try page(folder)
        var chart = try #require(page.chart("pareto").first)
        var legend = page.withClass("legend-entry", in: chart).compactMap { attribute($0, "data-series") }
        #expect(legend.filter { $0.hasPrefix("glb = ") } == ["glb = 1024 words", "glb = 4096 words"])
        #expect(page.withClass("line", in: chart).filter { attribute($0, "data-series") == "pes varies" }.count == 2)
        // Three objectives: no front line; energy, latency and PEs make p0…p7 minus the dominated.
        #expect(page.withClass("line", in: chart).filter { (attribute($0, "data-series") ?? "").hasSuffix("front") }.isEmpty)
        #expect(page.source.contains("Pareto front over energy, latency and PEs"))

        page = try self.page(folder, ReportOptions(colorBy: "pes"))
        chart = try #require(page.chart("pareto").first)
        legend = page.withClass("legend-entry", in: chart).compactMap { attribute($0, "data-series") }
        #expect(legend.filter { $0.hasPrefix("glb = ") }.isEmpty)
        #expect(legend.filter { $0.hasPrefix("pes = ") }.count == 4)
        #expect(page.withClass("line", in: chart).filter { attribute($0, "data-series") == "pes varies" }.count == 2)
    }

    @Test func badNamesAreExactErrors() throws {
        let folder = try Fixtures.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func message(_ options: ReportOptions) throws -> String {
            try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder, options: options) }.message
        }
        #expect(try message(ReportOptions(colorBy: "pess")) == "--color-by: 'pess' is not a parameter of sweep 'pe-glb <grid>'; did you mean 'pes'? (parameters: pes, glb)")
        #expect(try message(ReportOptions(lineBy: "dataflow")) == "--line-by: 'dataflow' is not a parameter of sweep 'pe-glb <grid>' (parameters: pes, glb)")
        #expect(try message(ReportOptions(colorBy: "workload")) == "--color-by: each workload gets its own charts, so 'workload' cannot be used (parameters: pes, glb)")
        #expect(try message(ReportOptions(pareto: ["energy", "latncy"])) == "--pareto: unknown objective 'latncy'; did you mean 'latency'? (objectives: energy, latency, edp, onchip_words, pes)")
        #expect(try message(ReportOptions(pareto: ["energy"])) == "--pareto needs at least two objectives, got 1 (e.g. energy,latency)")
        #expect(try message(ReportOptions(pareto: ["edp", "edp"])) == "--pareto: 'edp' appears twice")
        // A bad name in sweep.json's own plot names the file.
        let stored = try Fixtures.sweepFolder(plot: .init(line: "glbb"))
        defer { try? FileManager.default.removeItem(at: stored) }
        let error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: stored) }
        #expect(error.message == "\(stored.appendingPathComponent("sweep.json").path): plot.line: 'glbb' is not a parameter of sweep 'pe-glb <grid>'; did you mean 'glb'? (parameters: pes, glb)")
        // The options are for sweeps only.
        let run = try Fixtures.runFolder()
        defer { try? FileManager.default.removeItem(at: run) }
        let runError = try #require(throws: ReportError.self) { try HTMLReport.render(folder: run, options: ReportOptions(colorBy: "x")) }
        #expect(runError.message == "--color-by, --line-by and --pareto apply to a sweep folder (sweep.json); \(run.path) holds a run (details.json)")
    }

    @Test func everyChartIsAlsoAStandaloneSVGFile() throws {
        let folder = try Fixtures.compareFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write("<svg/>", to: "report-stale.svg", in: folder)
        let written = try HTMLReport.writeFiles(folder: folder)
        let page = try ParsedPage(written.page)
        let inline = page.find("svg").compactMap { attribute($0, "data-chart") }
        #expect(written.charts.count == inline.count && inline.count > 4)
        #expect(written.charts.map(\.lastPathComponent).contains("report-variant-rs-energy-by-level.svg"))
        #expect(written.charts.map(\.lastPathComponent).contains("report-compare-energy-by-level.svg"))
        for (url, chart) in zip(written.charts, inline) {
            #expect(url.path == folder.appendingPathComponent(url.lastPathComponent).path)
            #expect(url.lastPathComponent.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
            let svg = try ParsedPage(url) // parses as XML
            let root = try #require(svg.document.rootElement())
            #expect(root.localName == "svg" && attribute(root, "data-chart") == chart)
            #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report-stale.svg").path))
    }

    @Test func chartFileNamesAreSanitizedAndUnique() {
        let html = "<p><svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"pareto:vgg&lt;16&gt;\" class=\"chart\"><title>a</title></svg></p>"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"pareto:vgg(16)\"><text>b</text></svg>"
        let files = ChartFile.extract(from: html)
        #expect(files.map(\.chart) == ["pareto:vgg<16>", "pareto:vgg(16)"])
        #expect(files.map(\.fileName) == ["report-pareto-vgg-16-.svg", "report-pareto-vgg-16--2.svg"])
        #expect(files[1].text == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"pareto:vgg(16)\"><text>b</text></svg>\n")
    }

    @Test func sweepJSONCarriesThePlotOnlyWhenChosen() throws {
        let plain = SweepResults(sweep: "s", parameters: ["x"], points: [], best: .init(energy: nil, latency: nil, edp: nil))
        #expect(!(try Fixtures.encoded(plain)).contains("\"plot\""))
        var chosen = plain
        chosen.plot = .init(color: "x", line: nil, pareto: ["energy", "pes"])
        let text = try Fixtures.encoded(chosen)
        // After the parameters, every key written (null for none).
        let order = ["\"parameters\"", "\"plot\"", "\"points\""].compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "\(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let plot = try #require(object["plot"] as? [String: Any])
        #expect(plot["color"] as? String == "x" && plot["line"] is NSNull && plot["pareto"] as? [String] == ["energy", "pes"])
        let decoded = try JSONDecoder().decode(SweepResults.self, from: Data(text.utf8))
        #expect(decoded.plot == chosen.plot)
        #expect(try JSONDecoder().decode(SweepResults.self, from: Data(try Fixtures.encoded(plain).utf8)).plot == nil)
    }
}

/// Axes: every log axis keeps at least two labels, and labels never overlap.
@Suite struct AxisLabelTests {
    @Test func aLogAxisWithinOneDecadeHasTwoLabels() {
        for (low, high) in [(3.0, 4.5), (2.0, 8.0), (1.1, 1.9), (0.031, 0.047), (12.0, 90.0), (5e6, 7e6)] {
            let scale = AxisScale.log(low, high, range: (0, 820), tight: true)
            let labels = scale.visibleXLabels
            #expect(labels.count >= 2, "\(low)…\(high): \(labels.map(\.label))")
            #expect(labels.allSatisfy { scale.contains($0.value) }, "\(low)…\(high)")
            #expect(Set(labels.map(\.label)).count == labels.count, "\(low)…\(high): \(labels.map(\.label))")
        }
        #expect(AxisScale.log(3, 4.5, range: (0, 1), tight: true).ticks.filter { !$0.label.isEmpty }.map(\.label) == ["3", "4"])
        #expect(AxisScale.log(1.1, 1.9, range: (0, 1), tight: true).ticks.map(\.label) == ["1.2", "1.4", "1.6", "1.8"])
        #expect(AxisScale.log(2, 8, range: (0, 1), tight: true).ticks.filter { !$0.label.isEmpty }.map(\.label) == ["2", "5"])
    }

    @Test func labelsThatWouldTouchAreThinnedMajorsFirst() {
        // Two decades on 60 px: 1, 10 and 100 stay; the 2× and 5× labels between them do not fit.
        let scale = AxisScale.log(1, 100, range: (0, 60))
        #expect(scale.ticks.filter { !$0.label.isEmpty }.map(\.label) == ["1", "2", "5", "10", "20", "50", "100"])
        let labels = scale.visibleXLabels
        #expect(labels.map(\.label) == ["1", "10", "100"])
        for (a, b) in zip(labels, labels.dropFirst()) {
            let gap = scale(b.value) - scale(a.value) - (estimatedTextWidth(a.label, size: 11) + estimatedTextWidth(b.label, size: 11)) / 2
            #expect(gap >= 6, "\(a.label) \(b.label)")
        }
    }

    /// The tick labels (text, x or y) of one axis group of a chart.
    func tickLabels(_ page: ParsedPage, _ chart: XMLElement, axis: String) -> [(text: String, x: Double, y: Double)] {
        let group = page.find("g", in: chart).first { ParsedPage.hasClass($0, axis) }
        return (group.map { page.withClass("tick-label", in: $0) } ?? []).compactMap { e in
            guard let text = e.stringValue, let x = Double(ParsedPage.attribute(e, "x") ?? ""), let y = Double(ParsedPage.attribute(e, "y") ?? "") else { return nil }
            return (text, x, y)
        }
    }

    @Test func rooflineAxesHaveTwoLabelsEachThatDoNotOverlap() throws {
        // Layers clustered within a factor of 2 and a peak close to them: narrow ranges on both axes.
        for layers in [Fixtures.runLayers, [("a", 1.0), ("b", 1.3), ("c", 1.6)]] {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Fixtures.write(try Fixtures.details(layers: layers), to: "details.json", in: folder)
            let page = try ParsedPage(try HTMLReport.write(folder: folder))
            let chart = try #require(page.chart("roofline").first)
            let xs = tickLabels(page, chart, axis: "x-axis"), ys = tickLabels(page, chart, axis: "y-axis")
            #expect(xs.count >= 2 && ys.count >= 2, "\(xs.map(\.text)) \(ys.map(\.text))")
            for (a, b) in zip(xs, xs.dropFirst()) {
                #expect(b.x - a.x >= (estimatedTextWidth(a.text, size: 11) + estimatedTextWidth(b.text, size: 11)) / 2, "\(a.text) \(b.text)")
            }
            for (a, b) in zip(ys, ys.dropFirst()) { #expect(abs(b.y - a.y) >= 12, "\(a.text) \(b.text)") }
        }
    }
}
