/// How a share of the search hears of stop requests and hands over its progress (``SearchControl``).
extension TilingSearch {
    /// Reports progress and stops the share when `control` asks (once it has a mapping, if it must find one).
    mutating func checkStop() {
        sinceCheck = 0
        flushProgress()
        guard let control, inAspirationPass ? control.passShouldStop : control.shouldStop else { return }
        if !mustFind || best != nil { stopped = true }
    }

    /// Hands the evaluations not yet reported, and the best objective, to `control`.
    mutating func flushProgress() {
        guard let control else { return }
        control.addEvaluated(stats.evaluated - evaluatedReported)
        evaluatedReported = stats.evaluated
        // Only a mapping within `threshold` is news: above it, a better one is known, or (in an
        // aspiration pass) it does not count as found (``SearchControl/passShouldStop``).
        if let best, best.objective <= threshold * (1 + 1e-9) { control.offer(best: best.objective) }
    }
}
