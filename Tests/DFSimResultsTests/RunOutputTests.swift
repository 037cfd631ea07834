import DFSim
import DFSimResults
import DFSimResultsFormat
import Foundation
import SwiftCSV
import Testing

/// The run folder's files: `details.json` decodes into the same type it was encoded from, every
/// CSV parses with a standard CSV reader (SwiftCSV) to the numbers in the JSON beside it, and
/// names with commas and quotes stay in their column.
@Suite("Run output")
struct RunOutputTests {
    @Test func detailsRoundTripsThroughTheSharedType() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = try Support.run(in: dir)
        let out = dir.appendingPathComponent("out")
        try output.write(to: out)
        let text = try Support.text(out.appendingPathComponent("details.json"))
        #expect(text.hasPrefix("{\n \"format_version\": 1,\n \"arch\": \"tiny_arch\",\n \"workload\": \"two\","), "\(text.prefix(120))")
        #expect(text.contains("\"dataflow\": null"))
        let decoded = try ResultsFile.decode(RunResults.self, at: out.appendingPathComponent("details.json"))
        #expect(decoded.formatVersion == ResultsFormat.version)
        #expect(decoded.layers.map(\.name) == ["fc, first \"a\"", "c"])
        // Encoding the decoded value gives the same JSON: no key or value is lost in a round trip
        // (compared as unordered objects: Foundation's decoder does not report keys in file order).
        let again = try OrderedJSONEncoder().text(decoded)
        let a = try JSONSerialization.jsonObject(with: Data(again.utf8)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
        #expect(a != nil && a == b)
        let mapping = try #require(decoded.layers.first?.mapping)
        #expect(Set(mapping.keys) == Set(output.details().layers[0].mapping.keys))
    }

    @Test func summaryCSVParsesToTheNumbersInDetails() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = try Support.run(in: dir)
        let out = dir.appendingPathComponent("out")
        try output.write(to: out)
        let details = try ResultsFile.decode(RunResults.self, at: out.appendingPathComponent("details.json"))
        let summary = try CSV<Named>(url: out.appendingPathComponent("summary.csv"))
        #expect(summary.rows.count == details.layers.count) // no total row: summing a column is safe
        for (row, layer) in zip(summary.rows, details.layers) {
            #expect(row["layer"] == layer.name)
            #expect(row["macs"].flatMap { Int($0) } == layer.macs)
            #expect(row["energy_pj"].flatMap { Double($0) } == layer.energyPJ)
            #expect(row["cycles"].flatMap { Int($0) } == layer.cycles)
            #expect(row["utilization"].flatMap { Double($0) } == layer.utilization)
            #expect(row["proven_optimal"] == "true")
            #expect(row["mapping"]?.isEmpty == false)
        }
        let energies = summary.rows.compactMap { $0["energy_pj"].flatMap { Double($0) } }
        let totals = try CSV<Named>(url: out.appendingPathComponent("totals.csv"))
        #expect(totals.rows.count == 1)
        let total = try #require(totals.rows.first)
        #expect(total["energy_pj"].flatMap { Double($0) } == details.total.energyPJ)
        #expect(total["cycles"].flatMap { Int($0) } == details.total.cycles)
        #expect(energies.reduce(0, +).isApproximatelyEqual(to: details.total.energyPJ))
    }

    @Test func csvQuotingFollowsRFC4180() {
        #expect(CSVTable.field("plain") == "plain")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("two\nlines") == "\"two\nlines\"")
        var table = CSVTable(header: ["name", "value"])
        table.append(["x, y", "1"])
        #expect(table.text == "name,value\n\"x, y\",1\n")
    }

    @Test func encoderKeepsOrderWritesNullsAndRefusesInfinity() throws {
        struct Sample: Encodable { var zeta = 1; var alpha: Double? = nil; var mid = [0.5]; var name = "a/b" }
        #expect(try OrderedJSONEncoder().text(Sample()) == "{\n \"zeta\": 1,\n \"alpha\": null,\n \"mid\": [\n  0.5\n ],\n \"name\": \"a/b\"\n}\n")
        struct Bad: Encodable { var energy = Double.infinity }
        #expect(throws: EncodingError.self) { try OrderedJSONEncoder().encode(Bad()) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-inf-\(UUID().uuidString).json")
        let error = try #require(throws: ResultsFileError.self) { try ResultsFile.write(Bad(), to: dir) }
        #expect(error.message.hasSuffix("energy: inf is not a finite number"), "\(error.message)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func newerFormatVersionsAreRefusedByName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dfsim-v9-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try "{\"format_version\": 9, \"workload\": \"w\", \"baseline\": \"a\", \"variants\": []}".write(to: url, atomically: true, encoding: .utf8)
        let error = try #require(throws: ResultsFileError.self) { try ResultsFile.decode(CompareFile.self, at: url) }
        #expect(error.message == "\(url.path): format_version 9 is newer than this dfsim reads (1); update dfsim")
    }

    @Test func modelCSVHasARowPerLevelAndTensorWithEveryCellFilled() throws {
        let dir = try Support.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Support.run(in: dir)
        let r = try #require(run.results.last)
        let model = ModelOutput(layer: r.layer.name, einsum: r.einsum, architecture: run.architecture, workload: "two",
                                mapping: r.result.mapping, evaluation: r.result.evaluation)
        let csv = try CSV<Named>(string: model.csv().text)
        let tensorRows = r.result.evaluation.levels.reduce(0) { $0 + $1.tensors.count }
        #expect(csv.rows.count == tensorRows + 1)
        for row in csv.rows {
            #expect(row.count == csv.header.count)
            #expect(row.values.allSatisfy { !$0.isEmpty }, "\(row)")
        }
        #expect(csv.rows.last?["level"] == "compute")
        #expect(csv.rows.last?["reads"].flatMap { Int($0) } == r.result.evaluation.macs)
    }
}

extension Double {
    func isApproximatelyEqual(to other: Double) -> Bool { abs(self - other) <= 1e-9 * Swift.max(abs(self), abs(other)) }
}
