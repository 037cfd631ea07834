/// How a sweep report draws its figures, from `dfsim report`'s options; each choice given here
/// overrides the sweep file's `plot:` (carried in `sweep.json`).
///
/// ```swift
/// try HTMLReport.write(folder: url, options: ReportOptions(colorBy: "levels.GLB.size", pareto: ["energy", "latency"]))
/// ```
public struct ReportOptions: Sendable, Equatable {
    /// `--color-by`: the parameter whose value colours (and shapes) the points.
    public var colorBy: String?
    /// `--line-by`: the parameter along which lines join points that agree on every other parameter.
    public var lineBy: String?
    /// `--pareto`: the objectives of the Pareto front (names of `SweepResults.Plot.objectives`).
    public var pareto: [String]?

    public init(colorBy: String? = nil, lineBy: String? = nil, pareto: [String]? = nil) {
        (self.colorBy, self.lineBy, self.pareto) = (colorBy, lineBy, pareto)
    }

    /// Whether no choice is made (the only options a run or compare report accepts).
    public var isEmpty: Bool { colorBy == nil && lineBy == nil && pareto == nil }
}
