@testable import DFSimReport
import DFSimResultsFormat
import Foundation
import Testing

/// Scales, number formats and escaping shared by every chart.
@Suite struct ChartPrimitiveTests {
    @Test func linearTicksAreNiceAndCoverTheData() {
        let scale = AxisScale.linear(0, 243.02, range: (300, 0))
        #expect(scale.ticks.map(\.label) == ["0", "50", "100", "150", "200", "250"])
        #expect(scale(0) == 300 && scale(250) == 0)
        #expect(AxisScale.linear(0, 1.07, range: (0, 1)).ticks.map(\.label) == ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25"])
    }

    @Test func logTicksLabelDecades() {
        let scale = AxisScale.log(0.42, 168, range: (0, 300))
        #expect(scale.lower == 0.1 && scale.upper == 1000)
        #expect(scale.ticks.filter(\.major).map(\.label) == ["0.1", "1", "10", "100", "1,000"])
        #expect(abs(scale(10) - 150) < 1e-9)
        let wide = AxisScale.log(1, 1e9, range: (0, 1))
        #expect(wide.ticks.filter { !$0.label.isEmpty }.map(\.label) == ["1", "100", "10,000", "10⁶", "10⁸"])
        let narrow = AxisScale.log(1.5, 40, range: (0, 1))
        #expect(narrow.ticks.filter { !$0.label.isEmpty }.map(\.label) == ["1", "2", "5", "10", "20", "50", "100"])
    }

    @Test func numbersAreFormattedForPeople() {
        #expect(formatValue(243.0217) == "243.0")
        #expect(formatValue(2.30512) == "2.305")
        #expect(formatValue(1_555_200) == "1,555,200")
        #expect(groupedInt(-1234567) == "-1,234,567")
        #expect(DisplayUnit.energy(largestPJ: 5.391e9).name == "mJ")
        #expect(DisplayUnit.energy(largestPJ: 12).name == "pJ")
        #expect(DisplayUnit.time(largestSeconds: 5.14e-3).name == "ms")
        #expect(letterLabel(0) == "A" && letterLabel(25) == "Z" && letterLabel(26) == "AA")
    }

    @Test func escapingMakesAnyNameSafeMarkup() {
        #expect(XML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(XML.escape("bell\u{07}") == "bell")
        #expect(XML.attributes([("data-series", "x\"y"), ("skip", nil)]) == " data-series=\"x&quot;y\"")
    }

    @Test func oneLineNestMatchesTheCLI() throws {
        var layer = try #require(try? JSONDecoderShim.layer())
        let glb = RunResults.MappingLevel(temporal: [["s": 11], ["q": 11]], spatial: [["m": "4 y"], ["c": "3 y"], ["m": "12 x"]])
        let dram = RunResults.MappingLevel(temporal: [["q": 5]], spatial: nil)
        layer.mapping = OrderedObject([("GLB", glb), ("DRAM", dram)])
        #expect(LoopNestText.oneLine(layer, levelNames: ["DRAM", "GLB", "RF"]) == "DRAM[q5] GLB[s11 q11 | m4y c3y m12x]")
    }
}

/// A minimal decoded layer to build mappings on.
enum JSONDecoderShim {
    static func layer() throws -> RunResults.LayerResult {
        let json = """
            {"name": "l", "macs": 1, "energy_pj": 1, "pj_per_mac": 1, "cycles": 1, "utilization": 1,
             "dram_accesses_per_mac": 1, "mapping": {}, "compute": {"energy_pj": 0}, "levels": []}
            """
        return try JSONDecoder().decode(RunResults.LayerResult.self, from: Data(json.utf8))
    }
}
