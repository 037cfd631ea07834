import DFSim
import Dispatch
import Foundation

/// Progress of a network search on stderr. On a terminal one status line is redrawn twice a
/// second (layer i/n, mappings evaluated, best so far, proven bound, gap, elapsed); elsewhere one
/// line per finished layer. Also turns Ctrl-C into a stop request: the search returns what it has
/// (a second Ctrl-C exits at once).
final class LiveProgress: @unchecked Sendable {
    let control: SearchControl
    let objective: Objective
    let interactive: Bool
    private let started = Date()
    private let lock = NSLock()
    private var label = ""
    private var timer: DispatchSourceTimer?
    private var signalSource: DispatchSourceSignal?

    init(control: SearchControl, objective: Objective, interactive: Bool = isatty(2) == 1) {
        self.control = control
        self.objective = objective
        self.interactive = interactive
    }

    /// Starts the redraw timer (terminals only) and the Ctrl-C handler.
    func start() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [control] in
            if control.stopWasRequested { exit(130) }
            control.requestStop()
            printError("\r\u{1B}[2Kinterrupted: finishing with the best mappings so far (Ctrl-C again to quit at once)")
        }
        source.resume()
        signalSource = source
        guard interactive else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.redraw() }
        timer.resume()
        self.timer = timer
    }

    /// Stops redrawing and clears the status line.
    func stop() {
        timer?.cancel()
        timer = nil
        if interactive { printError("\r\u{1B}[2K", newline: false) }
    }

    /// A layer's search begins.
    func begin(index: Int, count: Int, layer: String) {
        lock.lock()
        label = "[\(index + 1)/\(count)] \(layer)"
        lock.unlock()
        redraw()
    }

    /// A layer's search ended: off a terminal, one line for it.
    func finish(_ result: NetworkSearch.LayerResult) {
        guard !interactive else { return }
        let r = result.result
        var line = "\(result.layer.name): "
        if let shared = result.sharedWith {
            line += "same einsum as \(shared)"
        } else {
            line += "\(r.statistics.evaluated) mappings evaluated, \(format(objective.value(r.evaluation))) "
            line += r.provenOptimal ? "(optimal)" : r.gap.map { String(format: "(gap %.2f %%)", $0 * 100) } ?? "(no bound)"
            line += String(format: ", %.1f s", result.seconds)
        }
        printError(line)
    }

    private func redraw() {
        guard interactive else { return }
        lock.lock()
        let label = self.label
        lock.unlock()
        let s = control.snapshot
        var line = "\(label): \(s.evaluated.formatted()) evaluated"
        if let best = s.best { line += ", best \(format(best))" }
        if let bound = s.bound, let best = s.best {
            line += ", bound \(format(min(bound, best)))"
            line += best > 0 ? String(format: ", gap %.2f %%", max(0, (best - min(bound, best)) / best * 100)) : ""
        }
        line += String(format: ", %.1f s", Date().timeIntervalSince(started))
        printError("\r\u{1B}[2K" + line, newline: false)
    }

    private func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
