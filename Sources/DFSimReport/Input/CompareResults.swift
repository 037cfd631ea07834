import DFSimResultsFormat
import Foundation

/// A compare folder: `compare.json` (written by `dfsim compare`) and one run folder per variant.
///
/// ```json
/// {"workload": "alexnet", "baseline": "rs",
///  "variants": [{"name": "rs", "arch": "eyeriss_like", "dataflow": "row_stationary", "folder": "rs"}]}
/// ```
public struct CompareResults: Sendable {
    public var workload: String
    /// Name of the variant the others are normalized to.
    public var baseline: String
    public var variants: [Variant]

    public struct Variant: Sendable {
        public var name: String
        public var arch: String
        public var dataflow: String?
        /// Subfolder, relative to the compare folder.
        public var folder: String
        /// The variant's own `details.json`.
        public var run: RunResults
    }

    /// Loads `folder/compare.json` and every variant's `details.json`.
    public static func load(folder: URL) throws -> CompareResults {
        let file = folder.appendingPathComponent("compare.json")
        let index = try ResultsFile.decodeForReport(CompareFile.self, at: file)
        guard !index.variants.isEmpty else { throw ReportError("\(file.path): no variants to compare") }
        guard index.variants.contains(where: { $0.name == index.baseline }) else {
            throw ReportError("\(file.path): baseline '\(index.baseline)' is not one of the variants (\(index.variants.map(\.name).joined(separator: ", ")))")
        }
        var seen = Set<String>()
        for entry in index.variants where !seen.insert(entry.name).inserted {
            throw ReportError("\(file.path): two variants are named '\(entry.name)'")
        }
        let variants = try index.variants.map { entry in
            let sub = folder.appendingPathComponent(entry.folder)
            guard FileManager.default.fileExists(atPath: sub.appendingPathComponent("details.json").path) else {
                throw ReportError("\(file.path): variant '\(entry.name)': \(sub.appendingPathComponent("details.json").path) does not exist")
            }
            return Variant(name: entry.name, arch: entry.arch, dataflow: entry.dataflow, folder: entry.folder,
                           run: try RunResults.load(folder: sub))
        }
        return CompareResults(workload: index.workload, baseline: index.baseline, variants: variants)
    }

    /// The baseline variant.
    public var baselineVariant: Variant { variants.first { $0.name == baseline } ?? variants[0] } // invariant: load() checks both

    /// Layer names in the baseline's order, then any layer only other variants have.
    public var layerNames: [String] {
        var names = baselineVariant.run.layers.map(\.name)
        for variant in variants {
            for layer in variant.run.layers where !names.contains(layer.name) { names.append(layer.name) }
        }
        return names
    }
}
