import DFSim
import DFSimSpec
import Foundation

/// Runs a sweep's points (or one shard's) into a results folder, one after the other, each with
/// the mapper's threads. Every finished run is appended to `points.jsonl` and flushed before the
/// next starts, so a killed sweep resumes where it stopped; runs already in the folder are skipped.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let shard: Shard?
    public let folder: String
    public let threads: Int
    /// Seconds per point and workload (`nil`: each search runs to its proven optimum).
    public var timeLimit: Double?
    /// Require an existing folder of this sweep.
    public let resume: Bool

    public init(plan: SweepPlan, shard: Shard?, folder: String, threads: Int, timeLimit: Double? = nil, resume: Bool) {
        (self.plan, self.shard, self.folder, self.threads, self.timeLimit, self.resume) = (plan, shard, folder, threads, timeLimit, resume)
    }

    /// What the runner tells its caller as it goes (the CLI draws progress from it).
    public struct Events {
        /// Before the first run: how many runs the share has and which are already in the folder.
        public var begin: (_ total: Int, _ existing: [SweepRecord]) -> Void = { _, _ in }
        /// Before a run starts.
        public var starting: (_ id: String, _ workload: String) -> Void = { _, _ in }
        /// After a run's record was stored.
        public var finished: (SweepRecord) -> Void = { _ in }
        /// Something the user should know that does not stop the sweep.
        public var warning: (String) -> Void = { _ in }
        public init() {}
    }

    /// What a finished run produced, for the summary.
    public struct Outcome: Sendable {
        public var files: SweepFiles
        public var ran: Int
        public var skipped: Int
    }

    public func run(events: Events = Events()) throws -> Outcome {
        let store = SweepStore(folder: folder)
        let lock = try store.lock()
        defer { try? lock.close() }
        let manifest = SweepManifest(plan: plan, shard: shard)
        if let existing = try store.readManifest() {
            guard existing.fingerprint == manifest.fingerprint else {
                throw ResultsError("\(folder) holds results of another sweep ('\(existing.sweep)', fingerprint \(existing.fingerprint)); "
                    + "this is '\(plan.name)' (fingerprint \(manifest.fingerprint)): the sweep file, its architecture or a workload changed since. "
                    + "Use another --out, or delete the folder to start over")
            }
            if let shard, existing.shard != shard.description {
                throw ResultsError("\(folder) holds \(existing.shard.map { "shard \($0)" } ?? "the whole sweep") of '\(existing.sweep)'; "
                    + "this run is shard \(shard): give each shard its own --out (merge them with 'dfsim merge')")
            }
        } else if resume {
            throw ResultsError("nothing to resume: \(folder) holds no sweep (no manifest.json)")
        }
        try store.write(manifest)
        let (stored, unreadable) = try store.readRecords(repair: true)
        if unreadable > 0 { events.warning("\(store.linesPath): \(unreadable) unreadable lines ignored; their runs are redone") }
        let done = try SweepStore.index(stored, for: manifest, source: store.linesPath)

        let share = plan.points(in: shard)
        let runs = share.flatMap { p in plan.workloads.map { (point: p, workload: $0) } }
        let todo = runs.filter { done[SweepStore.runKey($0.point.point.id, $0.workload.name)] == nil }
        let existing = runs.compactMap { done[SweepStore.runKey($0.point.point.id, $0.workload.name)] }
        events.begin(runs.count, existing)
        for (point, workload) in todo {
            events.starting(point.point.id, workload.name)
            let record = Self.evaluate(point, on: workload, parameters: plan.parameters, threads: threads, timeLimit: timeLimit)
            try store.append(record)
            events.finished(record)
        }

        let (final, _) = try store.readRecords(repair: false)
        let (files, missing) = SweepFiles.make(manifest, records: try SweepStore.index(final, for: manifest, source: store.linesPath))
        guard let files else {
            throw ResultsError("\(folder): \(missing.count) runs are still missing after the sweep (\(missing.prefix(3).joined(separator: ", ")), …)")
        }
        try files.write(to: folder)
        return Outcome(files: files, ran: todo.count, skipped: runs.count - todo.count)
    }

    /// One point on one workload: the optimal mapping of each layer, or the mapper's reason for none.
    public static func evaluate(_ point: SweepPlan.Point, on workload: SweepPlan.WorkloadEntry, parameters: [String], threads: Int,
                         timeLimit: Double? = nil) -> SweepRecord {
        let started = Date()
        let search = NetworkSearch(workload: workload.workload, architecture: point.architecture, objective: point.objective,
                                   dataflow: point.dataflow, threads: threads, timeLimit: timeLimit)
        do {
            let results = try search.run(layers: workload.layers, clock: { Date().timeIntervalSince(started) })
            let record = SweepRecord(point: point.point, parameters: parameters, workload: workload.name, architecture: point.architecture,
                                     results: results, seconds: Date().timeIntervalSince(started))
            // A point whose figures overflow is a failed point, recorded and passed over: the sweep goes on.
            let figures = [record.energyPJ, record.latencySeconds, record.edp, record.pjPerMAC]
                + record.layers.flatMap { [$0.energyPJ, $0.pjPerMAC, $0.utilization] }
            guard figures.allSatisfy(\.isFinite) else {
                return SweepRecord(point: point.point, parameters: parameters, workload: workload.name, architecture: point.architecture,
                                   error: "the figures are not finite (energy \(record.energyPJ) pJ, EDP \(record.edp)): an energy, size or bandwidth is out of range",
                                   seconds: record.seconds)
            }
            return record
        } catch {
            return SweepRecord(point: point.point, parameters: parameters, workload: workload.name, architecture: point.architecture,
                               error: error.message, seconds: Date().timeIntervalSince(started))
        }
    }
}
