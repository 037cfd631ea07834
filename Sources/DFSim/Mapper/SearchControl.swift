import Dispatch
import Foundation

/// Shared between a running search and whoever watches it: a deadline and a stop request (both
/// make the search return its best mapping so far with a certified gap), and live figures for a
/// progress display. Thread-safe; workers touch it only every few thousand tilings.
public final class SearchControl: @unchecked Sendable {
    private let lock = NSLock()
    private var deadlineNanos: UInt64?
    private var stopRequested = false
    private var evaluatedTotal = 0
    private var bestObjective: Double?
    private var boundObjective: Double?
    /// Partial tilings a worker visits between two looks at the deadline (small in tests).
    let checkInterval: Int

    public init() { checkInterval = 2048 }

    /// A control that is looked at every `checkInterval` partial tilings (tests stop searches early with 1).
    init(checkInterval: Int) { self.checkInterval = max(1, checkInterval) }

    /// Tests: a control that says stop from its `looks`-th look on (``shouldStop``), so a
    /// single-threaded search stops at the same point on every run.
    init(checkInterval: Int, stopAfterLooks looks: Int) {
        self.checkInterval = max(1, checkInterval)
        looksLeft = looks
    }

    private var looksLeft: Int?

    /// Stops every search once `seconds` from now have passed.
    public func setDeadline(secondsFromNow seconds: Double) {
        let nanos = Self.uptimeNanos(secondsFromNow: seconds)
        lock.locked { deadlineNanos = nanos }
    }

    /// Ends the mapper's aspiration passes (``Mapper/aspirationLimits(from:firstStep:)``) once `seconds`
    /// from now have passed while no mapping is known, so a bounded run keeps time for the
    /// unlimited pass that finds mappings; `nil` clears it.
    func setPassDeadline(secondsFromNow seconds: Double?) {
        let nanos = seconds.map(Self.uptimeNanos(secondsFromNow:))
        lock.locked { passDeadlineNanos = nanos }
    }

    /// The uptime, in nanoseconds, `seconds` from now (clamped to 0…10⁹ s).
    private static func uptimeNanos(secondsFromNow seconds: Double) -> UInt64 {
        DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, min(seconds, 1e9)) * 1e9)
    }

    private var passDeadlineNanos: UInt64?

    /// Whether a search inside an aspiration pass should stop: ``shouldStop``, or the pass
    /// deadline has passed and no worker has offered a mapping for this layer yet.
    var passShouldStop: Bool {
        if shouldStop { return true }
        return lock.locked {
            guard let passDeadlineNanos, bestObjective == nil else { return false }
            return DispatchTime.now().uptimeNanoseconds >= passDeadlineNanos
        }
    }

    /// Stops every search as soon as possible (a signal handler's request).
    public func requestStop() { lock.locked { stopRequested = true } }

    /// Whether a stop was requested (not counting the deadline).
    public var stopWasRequested: Bool { lock.locked { stopRequested } }

    /// Whether searches should stop now.
    public var shouldStop: Bool {
        lock.locked {
            if stopRequested { return true }
            if let left = looksLeft {
                looksLeft = left - 1
                return left <= 1
            }
            if let deadlineNanos { return DispatchTime.now().uptimeNanoseconds >= deadlineNanos }
            return false
        }
    }

    /// Seconds left before the deadline (`nil`: none).
    public var secondsLeft: Double? {
        lock.locked {
            deadlineNanos.map { Double(Int64(bitPattern: $0 &- DispatchTime.now().uptimeNanoseconds)) / 1e9 }
        }
    }

    /// Live figures of the current layer: mappings evaluated so far (all layers), the best
    /// objective and the proven lower bound (current layer).
    public var snapshot: (evaluated: Int, best: Double?, bound: Double?) {
        lock.locked { (evaluatedTotal, bestObjective, boundObjective) }
    }

    func addEvaluated(_ count: Int) { lock.locked { evaluatedTotal += count } }

    func offer(best objective: Double) {
        lock.locked { if bestObjective == nil || objective < bestObjective! { bestObjective = objective } } // invariant: nil checked
    }

    func setBound(_ objective: Double?) { lock.locked { boundObjective = objective } }

    func startLayer() { lock.locked { bestObjective = nil; boundObjective = nil } }
}

extension NSLock {
    /// Runs `body` holding the lock.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
