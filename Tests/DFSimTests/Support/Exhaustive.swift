import Foundation
import Testing

extension Tag {
    /// Tests that check the model or the mapper against a brute-force walk: the reference
    /// simulator, or a plain enumeration of the whole mapspace. They run in every `swift test`, on
    /// a default set sized to keep the suite within two CPU-minutes on two cores; with
    /// `DFSIM_EXHAUSTIVE=1` they walk the larger set. Only these: `swift test --filter tag:exhaustive`.
    @Tag static var exhaustive: Self
}

/// The size of the brute-force walks: the default set, or the larger one with `DFSIM_EXHAUSTIVE=1`.
enum Exhaustive {
    /// Whether `DFSIM_EXHAUSTIVE=1` is set.
    static let enabled = ProcessInfo.processInfo.environment["DFSIM_EXHAUSTIVE"] == "1"

    /// Seeds `0 ..< count`, or `0 ..< exhaustive` with `DFSIM_EXHAUSTIVE=1`; never empty.
    static func seeds(_ count: Int, exhaustive: Int) -> Range<Int> {
        precondition(count > 0 && exhaustive >= count, "seed counts \(count), \(exhaustive): the default set must be non-empty and within the exhaustive one")
        return 0..<(enabled ? exhaustive : count)
    }

    /// The largest golden case (in MACs) the reference simulator walks: 2,000 by default, 9,000
    /// with `DFSIM_EXHAUSTIVE=1`.
    static var simulatorMACLimit: Int { enabled ? 9_000 : 2_000 }
}
