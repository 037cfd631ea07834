import DFSim
import DFSimResultsFormat
import Foundation

/// The final files of a sweep folder (`points.csv`, `layers.csv`, `pareto.csv`, `best.json`,
/// `sweep.json`), made from its manifest and records alone, in point order (each point's workloads
/// in sweep order): a sharded-and-merged sweep writes the same bytes as a single run.
public struct SweepFiles: Sendable {
    public let manifest: SweepManifest
    /// Every run of the folder's points, in point order.
    public let rows: [SweepRecord]
    public let analysis: SweepAnalysis

    /// The files for `manifest`'s own points; `nil` while some run is missing (with the missing ones).
    public static func make(_ manifest: SweepManifest, records: [String: SweepRecord]) -> (SweepFiles?, missing: [String]) {
        var rows: [SweepRecord] = []
        var missing: [String] = []
        for point in manifest.ownPoints {
            for workload in manifest.workloads {
                if let r = records[SweepStore.runKey(point.id, workload)] { rows.append(r) } else { missing.append("\(point.id) on \(workload)") }
            }
        }
        guard missing.isEmpty else { return (nil, missing) }
        return (SweepFiles(manifest: manifest, rows: rows, analysis: SweepAnalysis(records: rows)), [])
    }

    public static let pointColumns = ["macs", "energy_pj", "pj_per_mac", "cycles", "latency_s", "edp", "pes", "onchip_words", "pareto", "error"]

    /// `points.csv` (or `pareto.csv` with `onlyPareto`): one row per point and workload.
    public func pointsCSV(onlyPareto: Bool = false) -> CSVTable {
        var table = CSVTable(header: ["id"] + parameterColumns + ["workload"] + Self.pointColumns)
        for (r, onFront) in zip(rows, analysis.pareto) where onFront || !onlyPareto {
            let metrics = r.succeeded
                ? ["\(r.macs)", CSVTable.number(r.energyPJ), CSVTable.number(r.pjPerMAC), "\(r.cycles)",
                   CSVTable.number(r.latencySeconds), CSVTable.number(r.edp)]
                : Array(repeating: "", count: 6)
            table.append([r.id] + params(r) + [r.workload] + metrics
                         + ["\(r.pes)", "\(r.onChipWords)", onFront ? "true" : "false", r.error ?? ""])
        }
        return table
    }

    /// `layers.csv`: one row per point, workload and layer.
    public func layersCSV() -> CSVTable {
        var table = CSVTable(header: ["id"] + parameterColumns + ["workload", "layer", "macs", "energy_pj", "pj_per_mac", "cycles",
                                                                     "utilization", "shared_with", "mapping"])
        for r in rows {
            for l in r.layers {
                table.append([r.id] + params(r) + [r.workload, l.name, "\(l.macs)", CSVTable.number(l.energyPJ),
                                                   CSVTable.number(l.pjPerMAC), "\(l.cycles)", CSVTable.number(l.utilization),
                                                   l.sharedWith ?? "", l.mapping])
            }
        }
        return table
    }

    func typedParams(_ r: SweepRecord) -> OrderedObject<SweepResults.ParameterValue> {
        OrderedObject(manifest.parameters.map { ($0, SweepResults.ParameterValue(text: r.params[$0] ?? "")) })
    }

    /// The contract the HTML report reads: `sweep.json` (``SweepResults``).
    public func sweepResults() -> SweepResults {
        let points = zip(rows, analysis.pareto).filter { $0.0.succeeded }.map { r, onFront in
            SweepResults.Point(id: r.id, params: typedParams(r), workload: r.workload, energyPJ: r.energyPJ, cycles: r.cycles,
                               latencySeconds: r.latencySeconds, edp: r.edp, macs: r.macs, pjPerMAC: r.pjPerMAC,
                               pes: r.pes, onchipWords: r.onChipWords, pareto: onFront)
        }
        return SweepResults(sweep: manifest.sweep, parameters: manifest.parameters, points: points, best: bestIDs(analysis.best),
                            plot: manifest.plot)
    }

    /// `best.json` (``SweepBest``).
    public func best() -> SweepBest {
        func summary(_ id: String?) -> SweepBest.Summary? {
            let runs = rows.filter { $0.id == id }
            guard let id, let first = runs.first else { return nil }
            let energy = runs.reduce(0) { $0 + $1.energyPJ }, cycles = runs.reduce(0) { $0 + $1.cycles }
            return .init(id: id, params: typedParams(first), energyPJ: energy, cycles: cycles,
                         latencySeconds: runs.reduce(0) { $0 + $1.latencySeconds }, edp: energy * Double(cycles),
                         pes: first.pes, onchipWords: first.onChipWords)
        }
        let b = analysis.best
        return SweepBest(
            sweep: manifest.sweep, objective: manifest.objective,
            best: .init(energy: summary(b[.energy]), latency: summary(b[.latency]), edp: summary(b[.edp])),
            byWorkload: OrderedObject(analysis.bestByWorkload.map { ($0.workload, bestIDs($0.best)) }),
            pareto: OrderedObject(manifest.workloads.map { w in
                (w, zip(rows, analysis.pareto).filter { $0.0.workload == w && $0.1 }.map { $0.0.id })
            }),
            failed: rows.filter { !$0.succeeded }.map { .init(id: $0.id, workload: $0.workload, error: $0.error ?? "") })
    }

    /// `energy`, `latency`, `edp`: the order of `best` in the files.
    public static let objectiveOrder: [Objective] = [.energy, .latency, .edp]

    func bestIDs(_ best: [Objective: String]) -> SweepResults.Best {
        .init(energy: best[.energy], latency: best[.latency], edp: best[.edp])
    }

    /// The files written into a sweep folder when it is complete (beside `manifest.json` and `points.jsonl`).
    public static let fileNames = ["points.csv", "layers.csv", "pareto.csv", "best.json", "sweep.json"]

    /// Writes the five files of ``fileNames`` into `folder` (each atomically).
    public func write(to folder: String) throws {
        let url = URL(fileURLWithPath: folder)
        do {
            try pointsCSV().text.write(to: url.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
            try layersCSV().text.write(to: url.appendingPathComponent("layers.csv"), atomically: true, encoding: .utf8)
            try pointsCSV(onlyPareto: true).text.write(to: url.appendingPathComponent("pareto.csv"), atomically: true, encoding: .utf8)
            try ResultsFile.write(best(), to: url.appendingPathComponent("best.json"))
            try ResultsFile.write(sweepResults(), to: url.appendingPathComponent("sweep.json"))
        } catch let error as ResultsFileError {
            throw ResultsError(error.message)
        } catch {
            throw ResultsError("cannot write \(folder) (\(error.localizedDescription))")
        }
    }

    /// The parameter columns: each parameter, and after a `levels.<name>.size` parameter its
    /// numeric companions `…_words` and `…_bytes` (the resolved size).
    var parameterColumns: [String] {
        manifest.parameters.flatMap { p in Self.isSize(p) ? [p, p + "_words", p + "_bytes"] : [p] }
    }

    static func isSize(_ parameter: String) -> Bool { parameter.hasPrefix("levels.") && parameter.hasSuffix(".size") }

    func params(_ r: SweepRecord) -> [String] {
        manifest.parameters.flatMap { p -> [String] in
            let value = r.params[p] ?? ""
            guard Self.isSize(p) else { return [value] }
            let size = r.sizes?[p]
            return [value, size.map { "\($0.words)" } ?? "", size.map { "\($0.bytes)" } ?? ""]
        }
    }
}
