import DFSim
import DFSimResults
import DFSimSpec
import Foundation

/// Progress of a sweep on standard error: on a terminal one status line redrawn in place (runs
/// done/total, ETA, current best, what is running); otherwise one plain line per finished run;
/// nothing when quiet.
struct SweepProgress {
    enum Style { case terminal, lines, quiet }

    let style: Style
    let total: Int
    let objective: Objective
    let workloadCount: Int
    /// Parameter names in column order, for showing the best point.
    let parameters: [String]
    let started = Date()
    /// Runs already in the folder when this process started.
    let resumed: Int
    private(set) var done: Int
    private(set) var records: [SweepRecord]
    private var best: String?

    init(style: Style, total: Int, objective: Objective, workloadCount: Int, parameters: [String], existing: [SweepRecord]) {
        self.style = style
        self.parameters = parameters
        self.total = total
        self.objective = objective
        self.workloadCount = workloadCount
        records = existing
        resumed = existing.count
        done = existing.count
        best = SweepAnalysis.best(of: existing, workloadCount: workloadCount)[objective]
    }

    /// `1m05s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m"
            : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : String(format: "%.1fs", seconds)
    }

    var eta: String {
        let ran = done - resumed
        guard ran > 0 else { return "ETA –" }
        return "ETA " + Self.duration(Date().timeIntervalSince(started) / Double(ran) * Double(total - done))
    }

    var bestText: String {
        let runs = records.filter { $0.id == best }
        guard let best, !runs.isEmpty else { return "best \(objective.rawValue) –" }
        let energy = runs.reduce(0) { $0 + $1.energyPJ }
        let value: Double = switch objective {
        case .energy: energy
        case .latency: runs.reduce(0) { $0 + $1.latencySeconds }
        case .edp: energy * Double(runs.reduce(0) { $0 + $1.cycles })
        }
        let unit = objective == .energy ? " pJ" : objective == .latency ? " s" : " pJ·cycles"
        let params = parameters.map { "\($0)=\(runs[0].params[$0] ?? "")" }.joined(separator: " ")
        return "best \(objective.rawValue) \(best) " + String(format: "%.4g", value) + unit + (params.isEmpty ? "" : " (\(params))")
    }

    func status(running: String?) -> String {
        let percent = total == 0 ? 100 : done * 100 / total
        let filled = total == 0 ? 20 : done * 20 / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
        return "\(bar) \(done)/\(total) \(percent)%  \(eta)  " + (running.map { "running \($0) · " } ?? "") + bestText
    }

    /// Before a run starts.
    func starting(_ id: String, on workload: String) {
        guard style == .terminal else { return }
        redraw(status(running: "\(id) on \(workload)"))
    }

    /// After a run's record was stored.
    mutating func finished(_ record: SweepRecord) {
        done += 1
        records.append(record)
        best = SweepAnalysis.best(of: records, workloadCount: workloadCount)[objective]
        switch style {
        case .terminal: redraw(status(running: nil))
        case .lines:
            let result = record.error.map { "failed: \($0)" }
                ?? String(format: "%.4g pJ, %d cycles", record.energyPJ, record.cycles)
            printError("[\(done)/\(total)] \(record.id) on \(record.workload): \(result) (" + String(format: "%.2f s", record.seconds) + ")")
        case .quiet: break
        }
    }

    /// Runner events that draw this progress (created when the runner knows what is done).
    static func events(style: Style, plan: SweepPlan) -> SweepRunner.Events {
        final class Box { var progress: SweepProgress? }
        let box = Box()
        var events = SweepRunner.Events()
        events.begin = { total, existing in
            box.progress = SweepProgress(style: style, total: total, objective: plan.objective, workloadCount: plan.workloads.count,
                                         parameters: plan.parameters, existing: existing)
        }
        events.starting = { id, workload in box.progress?.starting(id, on: workload) }
        events.finished = { record in
            box.progress?.finished(record)
            if box.progress?.done == box.progress?.total { box.progress?.end() }
        }
        events.warning = { printError("warning: \($0)") }
        return events
    }

    /// Clears the status line.
    func end() {
        if style == .terminal { printError("\r\u{1B}[2K", newline: false) }
    }

    func redraw(_ line: String) {
        var size = winsize()
        let width = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 120
        printError("\r\u{1B}[2K" + String(line.prefix(width - 1)), newline: false)
    }
}
