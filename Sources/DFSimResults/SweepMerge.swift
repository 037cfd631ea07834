import DFSim
import Foundation

/// Combines the folders of one sweep's shards into what an unsharded run writes, byte for byte:
/// reads each folder's manifest and `points.jsonl` only, refuses folders of different sweeps,
/// writes the merged manifest and records in point order, then the final files when no run is
/// missing.
public struct SweepMerge: Sendable {
    public let folders: [String]

    public init(folders: [String]) { self.folders = folders }

    /// What a merge wrote.
    public struct Outcome: Sendable {
        /// The merged (whole-sweep) manifest.
        public var manifest: SweepManifest
        /// The final files; `nil` when runs are missing (only `points.jsonl` and the manifest were written).
        public var files: SweepFiles?
        /// `id on workload` for each missing run.
        public var missing: [String]
        /// Records written to the merged `points.jsonl`.
        public var present: Int
    }

    /// Reads and checks every folder; the merged manifest and the records keyed by ``SweepStore/runKey(_:_:)``.
    public func read(warning: (String) -> Void = { _ in }) throws -> (manifest: SweepManifest, records: [String: SweepRecord]) {
        var manifests: [(folder: String, manifest: SweepManifest)] = []
        for folder in folders {
            guard let manifest = try SweepStore(folder: folder).readManifest() else {
                throw ResultsError("\(folder) is not a sweep results folder (no manifest.json)")
            }
            if let (firstFolder, first) = manifests.first, first.fingerprint != manifest.fingerprint {
                throw ResultsError("\(folder) holds sweep '\(manifest.sweep)' (fingerprint \(manifest.fingerprint)) but \(firstFolder) holds '\(first.sweep)' (fingerprint \(first.fingerprint)); merge only the shards of one sweep")
            }
            manifests.append((folder, manifest))
        }
        guard var merged = manifests.first?.manifest else { throw ResultsError("name at least one sweep results folder") }
        merged.shard = nil
        var records: [String: SweepRecord] = [:]
        for (folder, manifest) in manifests {
            let store = SweepStore(folder: folder)
            let (lines, unreadable) = try store.readRecords(repair: false)
            if unreadable > 0 { warning("\(store.linesPath): \(unreadable) unreadable lines ignored") }
            records.merge(try SweepStore.index(lines, for: manifest, source: store.linesPath)) { first, _ in first }
        }
        return (merged, records)
    }

    /// Merges into `folder` (default: `results/sweep-<name>`, returned in the outcome's manifest name).
    public func write(to out: String?, warning: (String) -> Void = { _ in }) throws -> (folder: String, outcome: Outcome) {
        let (merged, records) = try read(warning: warning)
        let folder = out ?? "results/" + SafeFileName.make("sweep-\(merged.sweep)")
        let store = SweepStore(folder: folder)
        let lock = try store.lock()
        defer { try? lock.close() }
        try store.write(merged)
        let ordered = merged.points.flatMap { p in merged.workloads.compactMap { records[SweepStore.runKey(p.id, $0)] } }
        try store.replaceRecords(ordered)
        let (files, missing) = SweepFiles.make(merged, records: records)
        try files?.write(to: folder)
        return (folder, Outcome(manifest: merged, files: files, missing: missing, present: ordered.count))
    }
}
