import DFSimResultsFormat
import DFSimReport
import Foundation
import Testing

/// The reports of compare and sweep folders (hand-written fixtures in the contracts' shape).
@Suite struct CompareSweepReportTests {
    @Test func compareHasGroupedBarsPerLayerAndTotalNormalizedToTheBaseline() throws {
        let folder = try Fixtures.compareFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ResultsFolderKind.detect(folder) == .compare)
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        for name in ["compare-energy-by-level", "compare-energy-by-tensor"] {
            let chart = try #require(page.chart(name).first, "\(name)")
            let groups = page.withClass("bar-group", in: chart)
            #expect(groups.map { ParsedPage.attribute($0, "data-group") } == ["conv1", "conv2", "total"])
            for group in groups {
                #expect(page.withClass("bar", in: group).map { ParsedPage.attribute($0, "data-bar") } == ["A", "B"])
            }
            // The baseline's bars are exactly 1.
            let totals = groups.map { page.withClass("bar-total", in: $0).compactMap(\.stringValue) }
            #expect(totals.allSatisfy { $0.first == "1.00" }, "\(totals)")
            #expect(page.withClass("reference", in: chart).count == 1)
        }
        // ws: conv1 is 1.5× and conv2 0.5× the baseline's.
        let byLevel = try #require(page.chart("compare-energy-by-level").first)
        let ws = page.withClass("bar-group", in: byLevel).map { page.withClass("bar-total", in: $0).last?.stringValue }
        #expect(ws == ["1.50", "0.50", "0.83"])
        // Each variant's own run report, with its charts.
        #expect(page.find("details").filter { ParsedPage.hasClass($0, "variant") }.count == 2)
        #expect(page.chart("variant-rs:energy-by-level").count == 1)
        #expect(page.chart("variant-ws:roofline").count == 1)
        #expect(page.source.contains("pJ/MAC"))
    }

    @Test func sweepHasAParetoScatterAndAnAreaScatter() throws {
        let folder = try Fixtures.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ResultsFolderKind.detect(folder) == .sweep)
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        let pareto = try #require(page.chart("pareto").first)
        let points = page.withClass("point", in: pareto)
        #expect(points.count == 8)
        let highlighted = points.filter { ParsedPage.attribute($0, "data-series") == "Pareto-optimal in energy and latency" }
        #expect(Set(highlighted.compactMap { ParsedPage.attribute($0, "data-label") }) == ["p1", "p3", "p5", "p6"])
        // Few points: every point is labelled with its id.
        #expect(Set(page.withClass("point-label", in: pareto).compactMap(\.stringValue)) == Set((0..<8).map { "p\($0)" }))
        #expect(page.withClass("line", in: pareto).compactMap { ParsedPage.attribute($0, "data-series") } == ["energy–latency front"])
        #expect(page.withClass("ring", in: pareto).count == 3)
        // Tooltips carry the parameters.
        let tooltips = points.compactMap { page.find("title", in: $0).first?.stringValue }
        #expect(tooltips.contains { $0.contains("pes=64, glb=4096 words") })
        let area = try #require(page.chart("area").first)
        #expect(page.withClass("point", in: area).count == 8)
        let legend = page.withClass("legend-entry", in: area).compactMap { ParsedPage.attribute($0, "data-series") }
        #expect(legend.contains("16 PEs") && legend.contains("1,024 PEs"))
        // Escaped sweep name; Pareto table rows sorted by latency.
        #expect(page.source.contains("pe-glb &lt;grid&gt;"))
        let tables = page.find("table")
        let paretoRows = page.find("tr", in: tables[0]).dropFirst().compactMap { page.find("td", in: $0).first?.stringValue }
        #expect(paretoRows == ["p6", "p5", "p3", "p1"])
    }

    @Test func aFolderWithoutResultsIsAClearError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: ReportError.self) { try HTMLReport.write(folder: folder) }
        #expect(error.message.contains("is not a results folder"))
        #expect(error.message.contains("details.json") && error.message.contains("compare.json") && error.message.contains("sweep.json"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    @Test func corruptFilesAreNamedWithTheKeyAtFault() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write("{\"arch\": \"a\"", to: "details.json", in: folder)
        var error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder) }
        #expect(error.message.hasSuffix("details.json: not valid JSON"), "\(error.message)")
        var details = try Fixtures.details(layers: [("a", 1)])
        details = details.replacingOccurrences(of: "\"energy_pj\": 705.0", with: "\"energy_pj\": \"lots\"")
        try Fixtures.write(details, to: "details.json", in: folder)
        error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder) }
        #expect(error.message.contains("details.json: layers[0].energy_pj: expected a number"), "\(error.message)")
    }

    @Test func compareNamesAMissingVariantFolderOrBaseline() throws {
        let folder = try Fixtures.compareFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("ws"))
        var error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder) }
        #expect(error.message.contains("variant 'ws'") && error.message.contains("ws/details.json does not exist"), "\(error.message)")
        try Fixtures.write(try Fixtures.json(["workload": "w", "baseline": "zz", "variants": [
            ["name": "rs", "arch": "a", "folder": "rs"]]]), to: "compare.json", in: folder)
        error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder) }
        #expect(error.message.contains("compare.json: baseline 'zz' is not one of the variants (rs)"), "\(error.message)")
    }

    @Test func sweepRejectsAPointWithoutEnergy() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write(try Fixtures.json(["sweep": "s", "parameters": ["x"], "points": [["id": "p0", "params": ["x": 1]]]]),
                           to: "sweep.json", in: folder)
        let error = try #require(throws: ReportError.self) { try HTMLReport.render(folder: folder) }
        #expect(error.message.contains("sweep.json: missing key"), "\(error.message)")
    }
}

/// Sweep files from other writers: boolean parameters and objectives without a best point.
@Suite struct SweepEdgeCaseTests {
    @Test func booleanParametersAndNullBestAreAccepted() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let point: [String: Any] = ["id": "only", "params": ["multicast": true], "workload": "w", "energy_pj": 10.0, "cycles": 5,
                                    "latency_s": 5e-9, "edp": 50.0, "macs": 4, "pj_per_mac": 2.5, "pes": 1, "onchip_words": 64,
                                    "pareto": true]
        try Fixtures.write(try Fixtures.json(["sweep": "s", "parameters": ["multicast"], "points": [point],
                                              "best": ["energy": "only", "latency": NSNull()]]), to: "sweep.json", in: folder)
        let sweep = try SweepResults.load(folder: folder)
        #expect(sweep.best == ["energy": "only"])
        #expect(sweep.parameterText(sweep.points[0]) == "multicast=true")
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        #expect(page.withClass("point", in: try #require(page.chart("pareto").first)).count == 1)
    }

    @Test func eachWorkloadGetsItsOwnCharts() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var points: [[String: Any]] = []
        for workload in ["alexnet", "vgg<16>"] {
            for (i, pes) in [16, 64, 256].enumerated() {
                let energy = Double(10 + i) * (workload == "alexnet" ? 1 : 20), cycles = 1000 / pes
                points.append(["id": "p\(i)", "params": ["pes": pes], "workload": workload, "energy_pj": energy,
                               "cycles": cycles, "latency_s": Double(cycles) * 1e-9, "edp": energy * Double(cycles), "macs": 4,
                               "pj_per_mac": energy / 4, "pes": pes, "onchip_words": 64 * pes, "pareto": true])
            }
        }
        try Fixtures.write(try Fixtures.json(["sweep": "s", "parameters": ["pes"], "points": points,
                                              "best": ["energy": "p0", "latency": "p2", "edp": "p1"]]), to: "sweep.json", in: folder)
        let page = try ParsedPage(try HTMLReport.write(folder: folder))
        for workload in ["alexnet", "vgg<16>"] {
            let chart = try #require(page.chart("pareto:\(workload)").first, "\(workload)")
            #expect(page.withClass("point", in: chart).count == 3)
            #expect(page.chart("area:\(workload)").count == 1)
        }
        #expect(page.chart("pareto").isEmpty)
        // The best table lists each workload's row of the best point.
        let best = try #require(page.find("table").first)
        #expect(page.find("tr", in: best).count == 1 + 3 * 2)
    }
}
