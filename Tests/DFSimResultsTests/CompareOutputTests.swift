import DFSim
import DFSimResults
import DFSimResultsFormat
import Foundation
import SwiftCSV
import Testing

/// Compare's planning and files in process: variant names, the baseline (named or chosen by the
/// objective), the word-bits warning, and CSVs that parse to the JSON's numbers.
@Suite("Compare output")
struct CompareOutputTests {
    @Test func variantNamesAreAsShortAsTheComparisonAllows() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arch = dir.appendingPathComponent("arch.yaml").path
        let byDataflow = try ComparePlan(archPaths: [arch], presets: [.weightStationary, .outputStationary])
        #expect(byDataflow.items.map(\.name) == ["weight_stationary", "output_stationary"])
        #expect(byDataflow.warnings.isEmpty)
        let twice = try ComparePlan(archPaths: [arch, arch], presets: [nil])
        #expect(twice.items.map(\.name) == ["tiny_arch#1", "tiny_arch#2"])
        let both = try ComparePlan(archPaths: [arch, arch], presets: [.rowStationary])
        #expect(both.items.map(\.name) == ["tiny_arch#1:row_stationary", "tiny_arch#2:row_stationary"])
        let twoByTwo = try ComparePlan(archPaths: [arch, arch], presets: [.rowStationary, .weightStationary])
        #expect(Set(twoByTwo.items.map(\.name)).count == 4)
        #expect(Set(twoByTwo.items.map { ComparePlan.folderName($0.name) }).count == 4)
        #expect(try byDataflow.baselineIndex("os") == 1)
        #expect(try byDataflow.baselineIndex("tiny_arch") == 0)
        let error = try #require(throws: ResultsError.self) { try byDataflow.baselineIndex("rs") }
        #expect(error.message == "--baseline 'rs' is none of the variants: weight_stationary, output_stationary")
        #expect(ComparePlan.folderName("weight_stationary") == "weight_stationary")
        #expect(ComparePlan.folderName("a:b") != ComparePlan.folderName("a_b"))
    }

    @Test func variantsOfDifferentWordBitsAreWarnedAbout() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let eight = Support.architecture.replacingOccurrences(of: "name: tiny_arch", with: "name: tiny8\nword_bits: 8")
        try eight.write(to: dir.appendingPathComponent("arch8.yaml"), atomically: true, encoding: .utf8)
        let plan = try ComparePlan(archPaths: [dir.appendingPathComponent("arch.yaml").path, dir.appendingPathComponent("arch8.yaml").path],
                                   presets: [nil])
        #expect(plan.warnings == ["the variants differ in word bits (tiny_arch 16-bit, tiny8 8-bit): energies and capacities compare different precisions"])
    }

    func output(in dir: URL, baseline: String?) throws -> CompareOutput {
        let variants = try [DataflowPreset.weightStationary, .outputStationary].map { preset in
            CompareOutput.Variant(name: preset.rawValue, archPath: "arch.yaml", dataflow: preset.rawValue,
                                  folder: preset.rawValue, run: try Support.run(in: dir, preset: preset))
        }
        return try CompareOutput(workload: variants[0].run.workload, variants: variants, baselineName: baseline, objective: .edp)
    }

    @Test func theDefaultBaselineHasTheLowestTotalObjective() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let compare = try output(in: dir, baseline: nil)
        let scores = compare.total.map { Objective.edp.value(energyPJ: $0.energyPJ, cycles: $0.cycles) }
        #expect(scores[compare.baseline] == scores.min())
        let named = try output(in: dir, baseline: "ws")
        #expect(named.baseline == 0)
        #expect(named.file().baseline == "weight_stationary")
        #expect(named.file().total?[0].energyVsBaseline == 1)
    }

    @Test func compareCSVsParseToTheNumbersInCompareJSON() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let compare = try output(in: dir, baseline: "ws")
        let out = dir.appendingPathComponent("cmp")
        try compare.write(to: out)
        let file = try ResultsFile.decode(CompareFile.self, at: out.appendingPathComponent("compare.json"))
        #expect(file.formatVersion == 1)
        let rows = try CSV<Named>(url: out.appendingPathComponent("compare.csv")).rows
        let layers = try #require(file.layers)
        #expect(rows.count == layers.count * 2)
        for (row, (layer, figures)) in zip(rows, layers.flatMap { l in l.variants.map { (l.name, $0) } }) {
            #expect(row["layer"] == layer)
            #expect(row["variant"] == figures.variant)
            #expect(row["energy_pj"].flatMap { Double($0) } == figures.energyPJ)
            #expect(row["cycles"].flatMap { Int($0) } == figures.cycles)
            #expect(row["energy_vs_baseline"].flatMap { Double($0) } == figures.energyVsBaseline)
        }
        #expect(rows.first?["layer"] == "fc, first \"a\"")
        let totals = try CSV<Named>(url: out.appendingPathComponent("compare_totals.csv")).rows
        #expect(totals.map { $0["variant"] } == (file.total ?? []).map(\.variant))
        #expect(totals.map { $0["energy_pj"].flatMap { Double($0) } } == (file.total ?? []).map(\.energyPJ))
    }
}
