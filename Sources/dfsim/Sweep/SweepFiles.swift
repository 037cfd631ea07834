import DFSim
import Foundation

/// The final files of a sweep folder (`points.csv`, `layers.csv`, `pareto.csv`, `best.json`,
/// `sweep.json`), made from its manifest and records alone, in point order (each point's workloads
/// in sweep order): a sharded-and-merged sweep writes the same bytes as a single run.
struct SweepFiles {
    let manifest: SweepManifest
    /// Every run of the folder's points, in point order.
    let rows: [SweepRecord]
    let analysis: SweepAnalysis

    /// The files for `manifest`'s own points; `nil` while some run is missing (with the missing ones).
    static func make(_ manifest: SweepManifest, records: [String: SweepRecord]) -> (SweepFiles?, missing: [String]) {
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

    static let pointColumns = ["macs", "energy_pj", "pj_per_mac", "cycles", "latency_s", "edp", "pes", "onchip_words", "pareto", "error"]

    func pointsCSV(onlyPareto: Bool = false) -> String {
        var lines = [csvLine(["id"] + manifest.parameters + ["workload"] + Self.pointColumns)]
        for (r, onFront) in zip(rows, analysis.pareto) where onFront || !onlyPareto {
            let metrics = r.succeeded
                ? ["\(r.macs)", "\(r.energyPJ)", "\(r.pjPerMAC)", "\(r.cycles)", "\(r.latencySeconds)", "\(r.edp)"]
                : Array(repeating: "", count: 6)
            lines.append(csvLine([r.id] + params(r) + [r.workload] + metrics
                                 + ["\(r.pes)", "\(r.onChipWords)", onFront ? "true" : "false", r.error ?? ""]))
        }
        return lines.joined()
    }

    func layersCSV() -> String {
        var lines = [csvLine(["id"] + manifest.parameters + ["workload", "layer", "macs", "energy_pj", "pj_per_mac", "cycles",
                                                             "utilization", "shared_with", "mapping"])]
        for r in rows {
            for l in r.layers {
                lines.append(csvLine([r.id] + params(r) + [r.workload, l.name, "\(l.macs)", "\(l.energyPJ)", "\(l.pjPerMAC)",
                                                           "\(l.cycles)", "\(l.utilization)", l.sharedWith ?? "", l.mapping]))
            }
        }
        return lines.joined()
    }

    /// The contract the HTML report reads: `{sweep, parameters, points: [...], best: {energy, latency, edp}}`.
    func sweepJSON() -> JSONValue {
        let points: [JSONValue] = zip(rows, analysis.pareto).filter { $0.0.succeeded }.map { r, onFront in
            .object([
                ("id", .string(r.id)),
                ("params", .object(manifest.parameters.map { ($0, Self.typed(r.params[$0] ?? "")) })),
                ("workload", .string(r.workload)),
                ("energy_pj", .double(r.energyPJ)), ("cycles", .int(r.cycles)), ("latency_s", .double(r.latencySeconds)),
                ("edp", .double(r.edp)), ("macs", .int(r.macs)), ("pj_per_mac", .double(r.pjPerMAC)),
                ("pes", .int(r.pes)), ("onchip_words", .int(r.onChipWords)), ("pareto", .bool(onFront)),
            ])
        }
        return .object([
            ("sweep", .string(manifest.sweep)),
            ("parameters", .array(manifest.parameters.map { .string($0) })),
            ("points", .array(points)),
            ("best", bestIDs(analysis.best)),
        ])
    }

    func bestJSON() -> JSONValue {
        func summary(_ id: String?) -> JSONValue {
            let runs = rows.filter { $0.id == id }
            guard let id, let first = runs.first else { return .null }
            let energy = runs.reduce(0) { $0 + $1.energyPJ }, cycles = runs.reduce(0) { $0 + $1.cycles }
            return .object([
                ("id", .string(id)),
                ("params", .object(manifest.parameters.map { ($0, Self.typed(first.params[$0] ?? "")) })),
                ("energy_pj", .double(energy)), ("cycles", .int(cycles)),
                ("latency_s", .double(runs.reduce(0) { $0 + $1.latencySeconds })), ("edp", .double(energy * Double(cycles))),
                ("pes", .int(first.pes)), ("onchip_words", .int(first.onChipWords)),
            ])
        }
        let workloads = manifest.workloads
        return .object([
            ("sweep", .string(manifest.sweep)),
            ("objective", .string(manifest.objective)),
            ("best", .object(Self.objectiveOrder.map { ($0.rawValue, summary(analysis.best[$0])) })),
            ("by_workload", .object(analysis.bestByWorkload.map { ($0.workload, bestIDs($0.best)) })),
            ("pareto", .object(workloads.map { w in
                (w, .array(zip(rows, analysis.pareto).filter { $0.0.workload == w && $0.1 }.map { .string($0.0.id) }))
            })),
            ("failed", .array(rows.filter { !$0.succeeded }.map { .object([("id", .string($0.id)), ("workload", .string($0.workload)),
                                                                            ("error", .string($0.error ?? ""))]) })),
        ])
    }

    /// `energy`, `latency`, `edp`: the order of `best` in the files.
    static let objectiveOrder: [Objective] = [.energy, .latency, .edp]

    func bestIDs(_ best: [Objective: String]) -> JSONValue {
        .object(Self.objectiveOrder.map { ($0.rawValue, best[$0].map { .string($0) } ?? .null) })
    }

    /// Writes the five files into `folder` (each atomically).
    func write(to folder: String) throws {
        func put(_ name: String, _ text: String) throws {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try put("points.csv", pointsCSV())
        try put("layers.csv", layersCSV())
        try put("pareto.csv", pointsCSV(onlyPareto: true))
        try put("best.json", bestJSON().render() + "\n")
        try put("sweep.json", sweepJSON().render() + "\n")
    }

    func params(_ r: SweepRecord) -> [String] { manifest.parameters.map { r.params[$0] ?? "" } }

    /// A parameter value as a JSON number when it is one (`8`, `0.5`), else as text (`64 KiB`).
    static func typed(_ text: String) -> JSONValue {
        if let i = Int(text) { return .int(i) }
        if let d = Double(text), d.isFinite, text.first?.isNumber == true || text.first == "-" || text.first == "." { return .double(d) }
        return .string(text)
    }

    /// One CSV line (RFC 4180 quoting where needed).
    func csvLine(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",") + "\n"
    }
}
