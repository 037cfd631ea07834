/// One point of a design-space sweep: a value for every swept parameter.
///
/// Points are numbered in grid order (the last parameter varies fastest, then the explicit
/// `points:` in file order); the id is that position, zero-padded (`p0007`), and the key is a
/// ``StableHash`` of the assignment, so a results folder can tell whether a stored point is the
/// same parameter assignment as the sweep's point of that id.
public struct SweepPoint: Hashable, Sendable {
    /// Position in the sweep (0-based).
    public var index: Int
    /// `p` and the position, zero-padded to at least four digits (`p0007`).
    public var id: String
    /// The value of each parameter, in the sweep's parameter order, as written in the sweep file
    /// (`64 KiB`, `8`, `row_stationary`); a parameter the point does not set holds the base value.
    public var values: [String]
    /// 16 hex digits hashing the parameter names and values.
    public var key: String

    public init(index: Int, id: String, values: [String], key: String) {
        self.index = index
        self.id = id
        self.values = values
        self.key = key
    }

    /// A point at `index` of `count` with the given parameter values.
    public init(index: Int, count: Int, parameters: [String], values: [String]) {
        self.init(index: index, id: SweepGrid.id(index: index, count: count), values: values,
                  key: SweepGrid.key(parameters: parameters, values: values))
    }
}

/// Expands a grid of parameter values into the ordered list of its points.
public enum SweepGrid {
    /// The largest sweep dfsim expands (each point is at least one mapper run).
    public static let largestCount = 1_000_000

    /// Every combination of one value per axis, the last axis varying fastest
    /// (`[[1, 2], [a, b]]` → `1a 1b 2a 2b`). No axes give one empty combination.
    /// Complexity: O(product of the axis sizes × axis count).
    public static func combinations<Value>(_ axes: [[Value]]) -> [[Value]] {
        var result: [[Value]] = [[]]
        for axis in axes {
            result = result.flatMap { prefix in axis.map { prefix + [$0] } }
        }
        return result
    }

    /// The number of combinations, or `nil` when it exceeds ``largestCount``.
    public static func count(_ sizes: [Int]) -> Int? {
        var total = 1
        for size in sizes {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow, product <= largestCount else { return nil }
            total = product
        }
        return total
    }

    /// `p0007`: the index zero-padded to at least four digits, and to as many as the largest index has.
    public static func id(index: Int, count: Int) -> String {
        let width = max(4, String(max(count - 1, 0)).count)
        let digits = String(index)
        return "p" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The stable key of an assignment: a hash of `name=value` lines.
    public static func key(parameters: [String], values: [String]) -> String {
        StableHash.hex(zip(parameters, values).map { "\($0)=\($1)\n" }.joined())
    }
}
