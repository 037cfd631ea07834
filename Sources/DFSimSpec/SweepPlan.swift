import DFSim

/// A validated design-space sweep (`dfsim sweep SWEEP.yaml`): the ordered points, each with its
/// architecture, dataflow and objective, and the workloads every point runs.
///
/// Built by ``SweepSpec/load(_:)``. Every point's architecture has already passed the usual
/// architecture validation, so running a point can only fail in the mapper (e.g. a buffer too
/// small for any tile).
public struct SweepPlan: Sendable {
    /// One point, ready to run.
    public struct Point: Sendable {
        public var point: SweepPoint
        public var architecture: Architecture
        /// The preset overriding the architecture's (`nil`: the architecture's own constraints).
        public var dataflow: DataflowPreset?
        public var objective: Objective
    }

    /// One workload of the sweep and the layers each point maps.
    public struct WorkloadEntry: Sendable {
        /// The workload's `name:` (unique in the sweep).
        public var name: String
        public var path: String
        public var workload: Workload
        /// The layers to map: every layer with MACs, or those named by the sweep's `layers:`.
        public var layers: [Layer]
    }

    /// The sweep's `name:` (default: the file name without `.yaml`).
    public var name: String
    public var file: String
    /// Parameter names in column order (`vary:` keys, then keys that only `points:` set; never
    /// `workload`, which is a column of its own).
    public var parameters: [String]
    public var points: [Point]
    public var workloads: [WorkloadEntry]
    /// The sweep's objective (`objective:`, default edp): what progress reports as the current best.
    public var objective: Objective
    /// 16 hex digits identifying the sweep: the points and their values, the defaults, and the
    /// architecture and workload trees (comments and formatting do not count; energy-table files
    /// an architecture refers to are not included). Results folders of different sweeps differ here.
    public var fingerprint: String
    /// The sweep file's `plot:` (how the report draws it); `nil` when the file has none. Not part
    /// of the fingerprint: changing it changes no result.
    public var plot: SweepPlot? = nil

    /// The points of `shard` (all points when `nil`), in sweep order.
    public func points(in shard: Shard?) -> [Point] {
        guard let shard else { return points }
        return points.filter { shard.contains(position: $0.point.index) }
    }
}

/// The figures a sweep file asks the report for (`plot:`, docs/sweep.md), already checked against
/// the sweep's parameters.
///
/// ```yaml
/// plot: {color: levels.GLB.size, line: levels.RF.spatial.x, pareto: [energy, latency]}
/// ```
public struct SweepPlot: Sendable, Equatable {
    /// The parameter whose value colours a point.
    public var color: String?
    /// The parameter along which lines join points that agree on every other parameter.
    public var line: String?
    /// The objectives of the report's Pareto front (from ``objectives``); `nil`: energy and latency.
    public var pareto: [String]?

    public init(color: String? = nil, line: String? = nil, pareto: [String]? = nil) {
        (self.color, self.line, self.pareto) = (color, line, pareto)
    }

    /// The metrics a front may be taken over: the columns of `points.csv` (the same list as
    /// `SweepResults.Plot.objectives`, which the report checks against).
    public static let objectives = ["energy", "latency", "edp", "onchip_words", "pes"]
}
