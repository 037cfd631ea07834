import ArgumentParser
import DFSim
import Foundation

extension Objective: ExpressibleByArgument {}

extension DataflowPreset: ExpressibleByArgument {
    /// A full name (`row_stationary`) or its short name (`rs`).
    public init?(argument: String) { self.init(name: argument) }
}

/// How `run` searches each layer's mapspace.
enum SearchKind: String, ExpressibleByArgument, CaseIterable {
    /// Every mapping that can win, with exact pruning: the proven optimum.
    case exhaustive
    /// Sampling: the best of the sampled mappings, not proven optimal.
    case random
}

/// The options every searching subcommand shares (`run`, `compare`).
struct SearchOptions: ParsableArguments {
    @Option(help: "Only these layers (repeat the option for several).") var layer: [String] = []
    @Option(help: "Override the workload's batch size (the n of every shorthand layer).") var batch: Int?
    @Option(help: "What to minimize.") var objective: Objective = .edp
    @Option(help: "Worker threads (default: all cores).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Override the architecture's min_utilization: only mappings using at least this fraction of the PEs (0 to 1).")
    var minUtilization: Double?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let minUtilization, !(0...1).contains(minUtilization) { throw ValidationError("--min-utilization must be between 0 and 1") }
    }

    /// `architecture` with `--min-utilization` applied.
    func applied(to architecture: Architecture) -> Architecture {
        var result = architecture
        if let minUtilization { result.constraints.minUtilization = minUtilization }
        return result
    }
}

/// Where and how a subcommand writes its results.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format on stdout.") var format: OutputFormat = .table
    @Flag(help: "Also write <out>/report.html (see 'dfsim report').") var html = false
    @Flag(help: "Write into --out even when it holds other results (a sweep, a compare, or another run), replacing them.")
    var force = false
}
