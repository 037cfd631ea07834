import DFSimReport
import Foundation
import Testing

/// The report of a run folder: well-formed, one chart per kind with one series per layer and
/// level, names escaped.
@Suite struct RunReportTests {
    func report() throws -> (URL, ParsedPage) {
        let folder = try Fixtures.runFolder()
        let url = try HTMLReport.write(folder: folder)
        #expect(url.lastPathComponent == "report.html")
        return (folder, try ParsedPage(url))
    }

    @Test func isWellFormedAndSelfContained() throws {
        let (folder, page) = try report()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(page.source.hasPrefix("<!DOCTYPE html>"))
        #expect(page.find("script").isEmpty)
        #expect(page.find("img").isEmpty)
        #expect(page.find("link").isEmpty)
        #expect(!page.source.contains("http://") || page.source.components(separatedBy: "http://").dropFirst().allSatisfy {
            $0.hasPrefix("www.w3.org/")
        })
        #expect(page.find("title").first?.stringValue == "tiny on tiny_arch")
    }

    @Test func energyChartsHaveOneBarGroupPerLayerAndOneSeriesPerLevel() throws {
        let (folder, page) = try report()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = Fixtures.runLayers.map(\.0)
        let byLevel = try #require(page.chart("energy-by-level").first)
        #expect(page.chart("energy-by-level").count == 1)
        let groups = page.withClass("bar-group", in: byLevel)
        #expect(groups.map { ParsedPage.attribute($0, "data-group") } == names)
        let legend = page.withClass("legend-entry", in: byLevel).compactMap { ParsedPage.attribute($0, "data-series") }
        #expect(legend == Fixtures.levels + ["compute (MACs)"])
        // Every layer's stack has one segment per level plus compute, summing to its energy.
        for group in groups {
            let series = page.withClass("segment", in: group).compactMap { ParsedPage.attribute($0, "data-series") }
            #expect(series == Fixtures.levels + ["compute (MACs)"])
        }
        let byTensor = try #require(page.chart("energy-by-tensor").first)
        #expect(page.withClass("bar-group", in: byTensor).count == names.count)
        let roles = page.withClass("legend-entry", in: byTensor).compactMap { ParsedPage.attribute($0, "data-series") }
        #expect(roles == ["inputs", "weights", "outputs", "compute"])
    }

    @Test func rooflineHasOnePointPerLayerAndBothRoofs() throws {
        let (folder, page) = try report()
        defer { try? FileManager.default.removeItem(at: folder) }
        let roofline = try #require(page.chart("roofline").first)
        let points = page.withClass("point", in: roofline)
        #expect(points.count == Fixtures.runLayers.count)
        let lines = page.withClass("line", in: roofline).compactMap { ParsedPage.attribute($0, "data-series") }
        #expect(lines == ["compute roof", "DRAM roof"])
        // The throttled layer (scale 4) is marked as such.
        let series = Set(points.compactMap { ParsedPage.attribute($0, "data-series") })
        #expect(series.count == 2)
        // conv3 shares conv1's mapping: one label names both.
        let labels = page.withClass("point", in: roofline).compactMap { ParsedPage.attribute($0, "data-label") }
        #expect(labels.contains("conv1, conv3"))
        #expect(page.source.contains("log"))
    }

    @Test func escapesNamesAndShowsNestsAndReuse() throws {
        let (folder, page) = try report()
        defer { try? FileManager.default.removeItem(at: folder) }
        let odd = "conv<2>&\"x\""
        #expect(!page.source.contains(odd))
        #expect(page.source.contains("conv&lt;2&gt;&amp;&quot;x&quot;"))
        let groups = page.find("g", ["data-group": odd])
        #expect(groups.count == 2) // one per energy chart
        let nests = page.find("pre").filter { ParsedPage.hasClass($0, "nest") }
        #expect(nests.count == Fixtures.runLayers.count)
        let nest = try #require(nests.first?.stringValue)
        #expect(nest.contains("GLB [ I:16 O:16 ]"))
        #expect(nest.contains("|     for c in [0:2)\n|       for m in [0:2) (spatial y)\n|         for p in [0:5) (spatial x)"))
        let heat = try #require(page.find("table").first { ParsedPage.hasClass($0, "heat") })
        let rows = page.find("tr", in: heat)
        #expect(rows.count == 2 + Fixtures.runLayers.count)
        #expect(heat.stringValue?.contains("1,500") == true)
    }

    @Test func rooflineIsExplainedAwayWithoutArchitecture() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write(try Fixtures.details(layers: [("a", 1)], architecture: false), to: "details.json", in: folder)
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        #expect(page.chart("roofline").isEmpty)
        #expect(page.source.contains("no <code>architecture</code> object"))
        #expect(page.chart("energy-by-level").count == 1)
    }

    @Test func unlimitedDRAMBandwidthDrawsOnlyTheComputeRoof() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write(try Fixtures.details(layers: [("a", 1), ("b", 2)], dramBandwidth: nil), to: "details.json", in: folder)
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        let roofline = try #require(page.chart("roofline").first)
        #expect(page.withClass("line", in: roofline).compactMap { ParsedPage.attribute($0, "data-series") } == ["compute roof"])
        #expect(page.source.contains("no memory roof"))
    }
}

/// The roofline speaks the course's units too: FLOPs per byte beside MACs per word and per byte.
@Suite struct RooflineUnitTests {
    @Test func tooltipsGiveMACsPerWordPerByteAndFLOPsPerByte() throws {
        let folder = try Fixtures.runFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try HTMLReport.render(folder: folder)
        // conv1 (scale 1): 0.25 DRAM accesses per MAC → 4 MACs per 16-bit word, 2 MACs and 4 FLOPs per byte.
        #expect(html.contains("4.000 MACs/DRAM word (2.000 MACs/byte, 4.000 FLOPs/byte)"))
        #expect(html.contains("× 16 / 16 for FLOPs per byte"))
    }
}

/// A results file edited by hand must not hang or crash the report: no PEs or a zero bandwidth
/// leave the roofline out with a note.
@Suite struct EditedResultsTests {
    @Test func zeroPEsOrBandwidthDrawNoRoofline() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let details = try Fixtures.details(layers: [("a", 1), ("b", 2)])
        try Fixtures.write(details.replacingOccurrences(of: "\"total_pes\": 16", with: "\"total_pes\": 0"), to: "details.json", in: folder)
        let html = try HTMLReport.render(folder: folder)
        #expect(html.contains("with no PEs there is no compute roof"))
        try Fixtures.write(details.replacingOccurrences(of: "\"bandwidth\": 2.0", with: "\"bandwidth\": 0.0")
            .replacingOccurrences(of: "\"read_bandwidth\": 2.0", with: "\"read_bandwidth\": 0.0"), to: "details.json", in: folder)
        #expect(!(try HTMLReport.render(folder: folder)).isEmpty)
    }
}
