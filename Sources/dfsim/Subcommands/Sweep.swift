import ArgumentParser
import DFSim
import DFSimResults
import DFSimSpec
import Foundation

/// `dfsim sweep SWEEP.yaml`: the optimal mappings of every point of a design-space grid.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the mapper on every point of a design-space sweep (docs/sweep.md).",
        discussion: """
            Writes results/sweep-<name>/ (results/sweep-<name>/shard-I-of-N/ for a shard): points.jsonl grows by one \
            flushed line per finished point and workload, so a killed sweep loses nothing and re-running it (or --resume) \
            skips what is done. When every point is done: points.csv, layers.csv, pareto.csv, best.json, sweep.json. \
            Without --shard, Slurm job arrays (SLURM_ARRAY_TASK_ID/COUNT/MIN/STEP) and Kubernetes indexed Jobs \
            (JOB_COMPLETION_INDEX with DFSIM_SHARD_COUNT or --shard-count) pick the shard.
            """)

    @Argument(help: "Sweep YAML (docs/sweep.md).") var file: String
    @Option(help: "Output folder (default: results/sweep-<name>, or results/sweep-<name>/shard-I-of-N for a shard).") var out: String?
    @Option(help: "Run only shard I of N (1-based, e.g. 2/3): the points whose position modulo N is I-1.") var shard: String?
    @Option(name: .customLong("shard-count"), help: "Shard count for a Kubernetes indexed Job (JOB_COMPLETION_INDEX); default $DFSIM_SHARD_COUNT.")
    var shardCount: Int?
    @Option(help: "Mapper threads per point (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Seconds per point and workload: each search then returns its best mapping with a proven lower bound, recorded as gap_percent in points.jsonl (default: every point proven optimal).")
    var timeLimit: Double?
    @Flag(help: "Continue the sweep in --out; fails if the folder holds no sweep. (Re-running without it resumes too.)") var resume = false
    @Flag(help: "Print the points (id and parameters; those of the shard) and exit.") var list = false
    @Flag(help: "No progress on standard error.") var quiet = false
    @Flag(help: "Also write <out>/report.html when the sweep is complete (see 'dfsim report').") var html = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count must be at least 1") }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        try reportingSpecErrors {
            let plan = try SweepSpec.load(file)
            try reportSpecWarnings(sweep: plan)
            let (selected, source) = try chosenShard()
            if list {
                for p in plan.points(in: selected) {
                    print(([p.point.id] + zip(plan.parameters, p.point.values).map { "\($0)=\($1)" }).joined(separator: "  "))
                }
                return
            }
            let folder = out ?? "results/" + SafeFileName.make("sweep-\(plan.name)") + (selected.map { "/shard-\($0.index)-of-\($0.count)" } ?? "")
            let style: SweepProgress.Style = quiet ? .quiet : isatty(2) == 1 ? .terminal : .lines
            if let selected, !quiet {
                printError("shard \(selected) (\(source)): \(plan.points(in: selected).count) of \(plan.points.count) points")
            }
            let outcome = try SweepRunner(plan: plan, shard: selected, folder: folder, threads: threads, timeLimit: timeLimit,
                                          resume: resume).run(events: SweepProgress.events(style: style, plan: plan))
            print(summary(outcome, folder: folder))
            if html { print("wrote \(try writeHTMLReport(folder: folder).path)") }
        }
    }

    /// `--shard`, else the scheduler's environment, else none.
    func chosenShard() throws -> (Shard?, String) {
        do {
            if let shard { return (try Shard.parse(shard), "--shard") }
            if let found = try Shard.fromEnvironment(ProcessInfo.processInfo.environment, count: shardCount) {
                return (found.shard, found.source)
            }
        } catch {
            throw UsageError(message: error.message)
        }
        if shardCount != nil { throw UsageError(message: "--shard-count needs JOB_COMPLETION_INDEX (a Kubernetes indexed Job); use --shard I/N otherwise") }
        return (nil, "")
    }

    func summary(_ o: SweepRunner.Outcome, folder: String) -> String {
        let rows = o.files.rows
        let front = o.files.analysis.pareto.filter { $0 }.count
        let failed = rows.filter { !$0.succeeded }.count
        var text = "\(o.files.manifest.ownPoints.count) points × \(o.files.manifest.workloads.count) workloads: "
            + "\(o.ran) run, \(o.skipped) already done" + (failed > 0 ? ", \(failed) without a mapping" : "")
            + "; \(front) on the Pareto front\n"
        for objective in SweepFiles.objectiveOrder {
            guard let id = o.files.analysis.best[objective], let r = rows.first(where: { $0.id == id }) else { continue }
            let params = o.files.manifest.parameters.map { "\($0)=\(r.params[$0] ?? "")" }.joined(separator: " ")
            text += "best \(objective.rawValue): \(id) \(params)\n"
        }
        return text + "wrote \(folder)/ (\(SweepFiles.fileNames.joined(separator: ", ")), points.jsonl, manifest.json)"
    }
}
