import DFSim
import DFSimResultsFormat
import DFSimSpec
import Foundation

/// What `dfsim run` found for a network, as the files of its results folder: `details.json`
/// (``RunResults``), `summary.csv` (one row per layer), `totals.csv` (the network's row),
/// `timing.json` and one mapping YAML per layer.
///
/// ```swift
/// let output = RunOutput(architecture: a, workload: w, results: layers, objective: .edp,
///                        dataflow: nil, elapsed: 1.2, threads: 2)
/// try output.write(to: URL(fileURLWithPath: "results/eyeriss_like-alexnet"))
/// ```
public struct RunOutput: Sendable {
    public let architecture: Architecture
    public let workload: Workload
    public let results: [NetworkSearch.LayerResult]
    public let objective: Objective
    /// The dataflow preset's name, when one was applied.
    public let dataflow: String?
    /// Wall-clock seconds of the whole run (only in `timing.json`).
    public let elapsed: Double
    public let threads: Int

    public init(architecture: Architecture, workload: Workload, results: [NetworkSearch.LayerResult], objective: Objective,
                dataflow: String?, elapsed: Double, threads: Int) {
        (self.architecture, self.workload, self.results, self.objective) = (architecture, workload, results, objective)
        (self.dataflow, self.elapsed, self.threads) = (dataflow, elapsed, threads)
    }

    public var totalEnergy: Double { results.reduce(0) { $0 + $1.result.evaluation.energyPJ } }
    public var totalCycles: Int { results.reduce(0) { $0 + $1.result.evaluation.cycles } }
    public var totalMACs: Int { results.reduce(0) { $0 + $1.result.evaluation.macs } }
    public var latencySeconds: Double { Double(totalCycles) / (architecture.clockMHz * 1e6) }
    public var provenOptimal: Bool { results.allSatisfy(\.result.provenOptimal) }
    /// The network's proven gap (``NetworkSearch/gap(of:)``), a fraction.
    public var networkGap: Double? { NetworkSearch.gap(of: results) }

    /// The content of `details.json`.
    public func details() -> RunResults {
        RunResults(arch: architecture.name, workload: workload.name, objective: objective.rawValue, dataflow: dataflow,
                   architecture: RunResults.ArchitectureFacts(architecture),
                   layers: results.map(layerResult),
                   total: .init(macs: totalMACs, energyPJ: totalEnergy, cycles: totalCycles, latencySeconds: latencySeconds,
                                edp: totalEnergy * Double(totalCycles), provenOptimal: provenOptimal,
                                gapPercent: networkGap.map { $0 * 100 }))
    }

    /// One layer's entry of `details.json`: its evaluation and what the search covered.
    public func layerResult(_ r: NetworkSearch.LayerResult) -> RunResults.LayerResult {
        var layer = RunResults.LayerResult(layer: r.layer.name, einsum: r.einsum, architecture: architecture,
                                           mapping: r.result.mapping, evaluation: r.result.evaluation)
        let s = r.result.statistics
        let z = s.mapspaceSize
        layer.search = .init(
            provenOptimal: r.result.provenOptimal, lowerBound: r.result.lowerBound, gapPercent: r.result.gap.map { $0 * 100 },
            sharedWith: r.sharedWith,
            mapspaceSize: .init(indexFactorizations: z.indexFactorizations, loopPermutations: z.loopPermutations,
                                spatialOrderings: z.spatialOrderings, bypassChoices: z.bypassChoices, total: z.total),
            spatialAssignments: s.spatialAssignments, tilings: s.tilings, evaluated: s.evaluated,
            pruned: .init(capacity: s.prunedCapacity, minUtilization: s.prunedUtilization, spatialBound: s.prunedByBound,
                          axisTwins: s.prunedAxisTwins, partialBound: s.prunedPartial, dominated: s.prunedDominated,
                          symmetricSpatialOrderings: s.prunedSymmetricSpatial, equivalentLoopOrders: s.prunedEquivalentOrders))
        return layer
    }

    /// The content of `timing.json`.
    public func timing() -> RunTiming {
        RunTiming(threads: threads, wallSeconds: elapsed, layers: results.map { .init(name: $0.layer.name, seconds: $0.seconds) })
    }

    /// A layer's gap in %, as the CSV writes it: `0` when proven optimal, empty without a bound.
    static func gapText(_ gap: Double?) -> String { gap.map { String(format: "%.4f", $0 * 100) } ?? "" }

    /// `summary.csv`: one row per layer (the network's totals are in ``totalsCSV()``, so summing a
    /// column of this file gives the total).
    public func summaryCSV() -> CSVTable {
        var table = CSVTable(header: ["layer", "macs", "energy_pj", "pj_per_mac", "cycles", "utilization", "dram_accesses_per_mac",
                                      "shared_with", "proven_optimal", "gap_percent", "mapping"])
        for r in results {
            let e = r.result.evaluation
            table.append([r.layer.name, "\(e.macs)", CSVTable.number(e.energyPJ), CSVTable.number(e.energyPerMAC), "\(e.cycles)",
                          CSVTable.number(e.utilization), CSVTable.number(e.dramAccessesPerMAC), r.sharedWith ?? "",
                          "\(r.result.provenOptimal)", Self.gapText(r.result.gap),
                          r.result.mapping.oneLine(for: r.einsum, on: architecture)])
        }
        return table
    }

    /// `totals.csv`: the network's row.
    public func totalsCSV() -> CSVTable {
        CSVTable(header: ["workload", "arch", "objective", "macs", "energy_pj", "pj_per_mac", "cycles", "latency_s", "edp",
                          "proven_optimal", "gap_percent"],
                 rows: [[workload.name, architecture.name, objective.rawValue, "\(totalMACs)", CSVTable.number(totalEnergy),
                         CSVTable.number(totalEnergy / Double(max(totalMACs, 1))), "\(totalCycles)", CSVTable.number(latencySeconds),
                         CSVTable.number(totalEnergy * Double(totalCycles)), "\(provenOptimal)", Self.gapText(networkGap)]])
    }

    /// The mapping file of a layer: `<layer>.mapping.yaml`, the name made safe (``SafeFileName``).
    public static func mappingFileName(_ layer: String) -> String { SafeFileName.make(layer) + ".mapping.yaml" }

    /// The default results folder of a run: `results/<arch>-<workload>`, the name made safe.
    public static func defaultFolder(architecture: String, workload: String) -> String {
        "results/" + SafeFileName.make("\(architecture)-\(workload)")
    }

    /// The files written into a results folder, in order.
    public static let fileNames = ["summary.csv", "totals.csv", "details.json", "timing.json"]

    /// Every file of the folder, rendered: the files of ``fileNames`` and `<layer>.mapping.yaml`
    /// per layer. Throws when a number is not finite (naming the key), before anything is written.
    public func files() throws -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        do {
            files = [("summary.csv", summaryCSV().text), ("totals.csv", totalsCSV().text),
                     ("details.json", try OrderedJSONEncoder().text(details())),
                     ("timing.json", try OrderedJSONEncoder().text(timing()))]
        } catch let EncodingError.invalidValue(value, context) {
            let key = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            throw ResultsError("the results hold a number that is not finite (\(value) at details.json \(key.drop { $0 == "." })); "
                               + "an energy, size or bandwidth of the architecture is out of range")
        }
        for r in results {
            let e = r.result.evaluation
            let comment = String(format: "written by dfsim run (objective %@): %.6g pJ, %d cycles, utilization %.4f",
                                 objective.rawValue as NSString, e.energyPJ, e.cycles, e.utilization)
            files.append((Self.mappingFileName(r.layer.name),
                          MappingWriter.yaml(r.result.mapping, einsum: r.einsum, architecture: architecture,
                                             layer: r.layer.name, workload: workload.name, comment: comment)))
        }
        return files
    }

    /// Writes the folder (``ResultsFolder/writeRun(arch:workload:files:)``: created if needed,
    /// refused when it holds other results unless `force`).
    public func write(to folder: URL, force: Bool = false) throws {
        try ResultsFolder(folder, force: force).writeRun(arch: architecture.name, workload: workload.name, files: try files())
    }
}
