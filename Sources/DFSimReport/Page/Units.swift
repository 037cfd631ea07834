import Foundation

/// A display unit: values in the base unit are divided by `divisor` and labelled `name`.
struct DisplayUnit {
    var name: String
    var divisor: Double

    /// pJ, nJ, µJ, mJ or J, whichever puts `largestPJ` between 1 and 1000.
    static func energy(largestPJ: Double) -> DisplayUnit {
        let units = [("pJ", 1.0), ("nJ", 1e3), ("µJ", 1e6), ("mJ", 1e9), ("J", 1e12)]
        return pick(largestPJ, units)
    }

    /// ns, µs, ms or s, whichever puts `largestSeconds` between 1 and 1000.
    static func time(largestSeconds: Double) -> DisplayUnit {
        pick(largestSeconds, [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)])
    }

    private static func pick(_ value: Double, _ units: [(String, Double)]) -> DisplayUnit {
        var chosen = units[0] // invariant: callers pass a non-empty list
        for unit in units where abs(value) / unit.1 >= 1 { chosen = unit }
        return DisplayUnit(name: chosen.0, divisor: chosen.1)
    }

    func callAsFunction(_ value: Double) -> Double { value / divisor }
}

/// Up to three significant digits, trailing zeros dropped, thousands grouped ("1", "2.67", "21.9", "6,143").
func formatCompact(_ v: Double) -> String {
    guard v.isFinite else { return "—" }
    let magnitude = abs(v)
    if magnitude >= 100 || v == 0 { return groupedDecimal(v.rounded(), decimals: 0) }
    if magnitude < 0.01 { return String(format: "%.2g", v) }
    var s = String(format: magnitude >= 10 ? "%.1f" : (magnitude >= 1 ? "%.2f" : "%.3f"), v)
    while s.contains("."), s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

/// The value in the middle of `values` (the upper one of an even count); 0 when empty.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Thousands-grouped integer ("1,555,200").
func groupedInt(_ n: Int) -> String { groupedDecimal(Double(n), decimals: 0) }

/// `v` with `decimals` decimals, no grouping ("2.305").
func fixed(_ v: Double, _ decimals: Int) -> String {
    v.isFinite ? String(format: "%.\(decimals)f", v) : "—"
}

/// Scientific notation with `digits` significant digits ("5.391e+09").
func scientific(_ v: Double, digits: Int = 4) -> String {
    v.isFinite ? String(format: "%.\(max(digits - 1, 0))e", v) : "—"
}

/// Spreadsheet-style letters for index `i`: A … Z, AA, AB, ….
func letterLabel(_ i: Int) -> String {
    var n = i + 1
    var s = ""
    while n > 0 {
        let r = (n - 1) % 26
        s = String(UnicodeScalar(UInt8(65 + r))) + s
        n = (n - 1) / 26
    }
    return s
}
