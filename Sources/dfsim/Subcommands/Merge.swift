import ArgumentParser
import DFSim
import Foundation

/// `dfsim merge DIR…`: combines the folders of a sweep's shards into what one run would have written.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine sweep shard folders into one (byte for byte what an unsharded run writes).",
        discussion: "Reads each folder's manifest.json and points.jsonl only; refuses folders of different sweeps. When points are missing it still writes the merged points.jsonl, names what is missing and exits with 1; running the sweep into the merged folder computes the rest.")

    @Argument(help: "Results folders of one sweep (e.g. results/sweep-x/shard-*).") var folders: [String]
    @Option(help: "Output folder (default: results/sweep-<name>).") var out: String?
    @Flag(help: "Also write <out>/report.html (see 'dfsim report').") var html = false

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("name at least one sweep results folder") }
    }

    func run() throws {
        try reportingSpecErrors {
            var manifests: [(folder: String, manifest: SweepManifest)] = []
            for folder in folders {
                guard let manifest = try SweepStore(folder: folder).readManifest() else {
                    throw UsageError(message: "\(folder) is not a sweep results folder (no manifest.json)")
                }
                if let (firstFolder, first) = manifests.first, first.fingerprint != manifest.fingerprint {
                    throw UsageError(message: "\(folder) holds sweep '\(manifest.sweep)' (fingerprint \(manifest.fingerprint)) but \(firstFolder) holds '\(first.sweep)' (fingerprint \(first.fingerprint)); merge only the shards of one sweep")
                }
                manifests.append((folder, manifest))
            }
            guard var merged = manifests.first?.manifest else { return } // invariant: validate() requires a folder
            merged.shard = nil
            var records: [String: SweepRecord] = [:]
            for (folder, manifest) in manifests {
                let store = SweepStore(folder: folder)
                let (lines, unreadable) = try store.readRecords(repair: false)
                if unreadable > 0 { printError("warning: \(store.linesPath): \(unreadable) unreadable lines ignored") }
                records.merge(try SweepStore.index(lines, for: manifest, source: store.linesPath)) { first, _ in first }
            }
            let folder = out ?? "results/sweep-\(merged.sweep)"
            let store = SweepStore(folder: folder)
            let lock = try store.lock()
            defer { try? lock.close() }
            try store.write(merged)
            let ordered = merged.points.flatMap { p in merged.workloads.compactMap { records[SweepStore.runKey(p.id, $0)] } }
            try store.replaceRecords(ordered)
            let (files, missing) = SweepFiles.make(merged, records: records)
            guard let files else {
                printError("error: \(missing.count) of \(merged.points.count * merged.workloads.count) runs are missing (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); "
                           + "wrote the \(ordered.count) present to \(folder)/points.jsonl: run 'dfsim sweep SWEEP.yaml --out \(folder)' to compute the rest")
                throw ExitCode(1)
            }
            try files.write(to: folder)
            print("merged \(folders.count) folders: \(merged.points.count) points × \(merged.workloads.count) workloads, "
                  + "\(files.analysis.pareto.filter { $0 }.count) on the Pareto front")
            print("wrote \(folder)/ (points.csv, layers.csv, pareto.csv, best.json, sweep.json, points.jsonl, manifest.json)")
            if html { print("wrote \(try writeHTMLReport(folder: folder).path)") }
        }
    }
}
