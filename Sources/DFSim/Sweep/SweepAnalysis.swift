/// The Pareto front and the best points of a sweep's records.
///
/// **Pareto front** (per workload: points of different workloads are not comparable): a point is on
/// the front when no other point of the same workload is at least as good in all four of energy,
/// latency (seconds, so a swept clock counts), on-chip storage words and PE count, and strictly
/// better in one. Points with equal metrics are all on the front; failed points never are.
///
/// **Best point per objective**: the point whose totals over all the sweep's workloads are lowest
/// (energy: Σ pJ; latency: Σ seconds; EDP: Σ pJ × Σ cycles, as if the workloads ran one after the
/// other); for one workload simply its best point. Ties go to the lower energy, then the lower
/// latency, then the earlier point. Points that failed on any workload are skipped.
public struct SweepAnalysis: Sendable {
    /// For each record, in the order given, whether it lies on its workload's front.
    public let pareto: [Bool]
    /// The id of the best point for each objective (absent when no point succeeded).
    public let best: [Objective: String]
    /// The same, per workload, in the order the workloads first appear.
    public let bestByWorkload: [(workload: String, best: [Objective: String])]

    /// Analyzes `records` (points in sweep order; each point's workloads in sweep order).
    /// Complexity: O(n²) per workload in its n records.
    public init(records: [SweepRecord]) {
        var front = [Bool](repeating: false, count: records.count)
        let workloads = Self.orderedUnique(records.map(\.workload))
        for workload in workloads {
            let members = records.indices.filter { records[$0].workload == workload && records[$0].succeeded }
            for i in members {
                front[i] = !members.contains { j in j != i && Self.dominates(records[j], records[i]) }
            }
        }
        pareto = front
        best = Self.best(of: records, workloadCount: workloads.count)
        bestByWorkload = workloads.map { w in (w, Self.best(of: records.filter { $0.workload == w }, workloadCount: 1)) }
    }

    /// Whether `a` is no worse than `b` in energy, latency, on-chip words and PEs, and better in one.
    public static func dominates(_ a: SweepRecord, _ b: SweepRecord) -> Bool {
        let noWorse = a.energyPJ <= b.energyPJ && a.latencySeconds <= b.latencySeconds
            && a.onChipWords <= b.onChipWords && a.pes <= b.pes
        let better = a.energyPJ < b.energyPJ || a.latencySeconds < b.latencySeconds
            || a.onChipWords < b.onChipWords || a.pes < b.pes
        return noWorse && better
    }

    /// Per objective, the point with the lowest totals over its records (points with a failed or
    /// missing workload skipped).
    public static func best(of records: [SweepRecord], workloadCount: Int) -> [Objective: String] {
        struct Total { var id: String; var energy = 0.0; var seconds = 0.0; var cycles = 0.0; var count = 0; var failed = false }
        var totals: [Total] = []
        var position: [String: Int] = [:]
        for r in records {
            let i = position[r.id] ?? totals.count
            if i == totals.count {
                position[r.id] = i
                totals.append(Total(id: r.id))
            }
            totals[i].energy += r.energyPJ
            totals[i].seconds += r.latencySeconds
            totals[i].cycles += Double(r.cycles)
            totals[i].count += 1
            totals[i].failed = totals[i].failed || !r.succeeded
        }
        let candidates = totals.filter { !$0.failed && $0.count == workloadCount }
        var result: [Objective: String] = [:]
        for objective in Objective.allCases {
            func value(_ t: Total) -> Double {
                switch objective {
                case .energy: return t.energy
                case .latency: return t.seconds
                case .edp: return t.energy * t.cycles
                }
            }
            // min(by:) keeps the first of equal elements: the earlier point wins a complete tie.
            let winner = candidates.min { a, b in
                (value(a), a.energy, a.seconds) < (value(b), b.energy, b.seconds)
            }
            result[objective] = winner?.id
        }
        return result
    }

    static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
