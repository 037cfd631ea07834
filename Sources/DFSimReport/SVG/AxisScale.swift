import Foundation

/// A map from data values to pixels along one axis, linear or logarithmic, with its ticks.
///
/// Linear domains are widened to "nice" bounds (multiples of 1, 2 or 5 × 10ᵏ); log domains to
/// whole decades. Ticks carry their labels, so every chart labels numbers the same way.
struct AxisScale {
    enum Kind { case linear, log }

    struct Tick {
        var value: Double
        /// Empty for an unlabelled (minor) tick.
        var label: String
        var major: Bool
    }

    let kind: Kind
    /// Data bounds after widening.
    let lower: Double
    let upper: Double
    /// Pixel positions of `lower` and `upper` (for a y axis, `rangeStart` is the bottom).
    let rangeStart: Double
    let rangeEnd: Double
    let ticks: [Tick]

    /// A linear scale over `[min(0, low), high]` (or `[low, high]` when `includeZero` is false)
    /// with about `tickCount` nice ticks.
    static func linear(_ low: Double, _ high: Double, range: (Double, Double), tickCount: Int = 6,
                       includeZero: Bool = true) -> AxisScale {
        var lo = includeZero ? min(0, low) : low
        var hi = includeZero ? max(0, high) : high
        if !(hi > lo) { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.5) }
        if !includeZero, hi - lo < 1e-12 * max(abs(hi), 1) { lo -= 1; hi += 1 }
        let step = niceStep((hi - lo) / Double(max(tickCount - 1, 1)))
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        var ticks: [Tick] = []
        // Enough decimals to show the step exactly (0.25 needs two).
        let decimals = (0...6).first { k in
            let scaled = step * pow(10, Double(k))
            return abs(scaled - scaled.rounded()) < 1e-6 * max(scaled, 1)
        } ?? 6
        var v = lo
        while v <= hi + step * 1e-6 {
            let clean = abs(v) < step * 1e-9 ? 0 : v
            ticks.append(Tick(value: clean, label: formatTick(clean, decimals: decimals), major: true))
            v += step
        }
        return AxisScale(kind: .linear, lower: lo, upper: hi, rangeStart: range.0, rangeEnd: range.1, ticks: ticks)
    }

    /// A log-10 scale over `[low, high]` (both > 0), widened to whole decades unless `tight`.
    /// Decades are labelled (every other one past six decades); spans of up to 2.5 decades also
    /// label 2× and 5×. A tight axis that would still show fewer than two labels (a range within
    /// one decade) labels every 1…9 × 10ᵏ inside it, and failing that (less than about 2×) gets
    /// nice linear ticks placed on the log axis, so every log axis has at least two labels.
    static func log(_ low: Double, _ high: Double, range: (Double, Double), tight: Bool = false) -> AxisScale {
        let positiveLow = low > 0 && low.isFinite ? low : 1
        var positiveHigh = high > 0 && high.isFinite ? max(high, positiveLow) : positiveLow
        if positiveHigh <= positiveLow * 1.000001 { positiveHigh = positiveLow * 10 }
        let lowExponent = Int(floor(log10(positiveLow) + 1e-9))
        var highExponent = Int(ceil(log10(positiveHigh) - 1e-9))
        if highExponent <= lowExponent { highExponent = lowExponent + 1 }
        let lower = tight ? positiveLow : pow(10, Double(lowExponent))
        let upper = tight ? positiveHigh : pow(10, Double(highExponent))
        let span = log10(upper / lower)
        let labelEvery = span > 6 ? 2 : 1
        var ticks: [Tick] = []
        for e in lowExponent...highExponent {
            let decade = pow(10, Double(e))
            for m in 1...9 {
                let value = Double(m) * decade
                guard value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) else { continue }
                if m == 1 {
                    ticks.append(Tick(value: value, label: (e - lowExponent) % labelEvery == 0 ? formatPower(e) : "", major: true))
                } else {
                    let labelled = span <= 2.5 && (m == 2 || m == 5)
                    ticks.append(Tick(value: value, label: labelled ? formatMantissa(m, e) : "", major: false))
                }
            }
        }
        func labelledCount(_ ticks: [Tick]) -> Int {
            ticks.filter { !$0.label.isEmpty && $0.value >= lower * (1 - 1e-9) && $0.value <= upper * (1 + 1e-9) }.count
        }
        if labelledCount(ticks) < 2 {
            ticks = ticks.map { tick in
                guard tick.label.isEmpty else { return tick }
                let e = Int(floor(log10(tick.value) + 1e-9))
                let m = Int((tick.value / pow(10, Double(e))).rounded())
                return Tick(value: tick.value, label: formatMantissa(m, e), major: tick.major)
            }
        }
        if labelledCount(ticks) < 2 {
            ticks = linear(lower, upper, range: range, includeZero: false).ticks
                .filter { $0.value >= lower * (1 - 1e-9) && $0.value <= upper * (1 + 1e-9) }
        }
        return AxisScale(kind: .log, lower: lower, upper: upper, rangeStart: range.0, rangeEnd: range.1, ticks: ticks)
    }

    /// A log scale when the positive values span more than `ratio` (default 30×), else linear from zero.
    static func auto(_ values: [Double], range: (Double, Double), ratio: Double = 30) -> AxisScale {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let low = positive.min(), let high = positive.max() else { return .linear(0, 1, range: range) }
        return high / low > ratio ? .log(low, high, range: range) : .linear(0, high, range: range)
    }

    /// The pixel position of `value` (clamped to the axis for log scales and non-positive values).
    func callAsFunction(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear:
            t = (value - lower) / (upper - lower)
        case .log:
            let v = max(value, lower * 1e-3)
            t = (Foundation.log10(v) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        }
        return rangeStart + t * (rangeEnd - rangeStart)
    }

    /// Whether `value` lies within the axis bounds.
    func contains(_ value: Double) -> Bool { value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) }

    /// 1, 2, 2.5 or 5 × 10ᵏ, the smallest not below `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let exponent = floor(log10(rough))
        let base = pow(10, exponent)
        for m in [1.0, 2, 2.5, 5, 10] where m * base >= rough * (1 - 1e-9) { return m * base }
        return 10 * base
    }

    static func formatTick(_ v: Double, decimals: Int) -> String {
        if abs(v) >= 1e6 || (abs(v) < 1e-3 && v != 0) { return formatScientific(v) }
        return groupedDecimal(v, decimals: min(decimals, 6))
    }

    /// `10ⁿ` as plain digits within 0.001 … 100,000 ("0.01", "1,000"), else with a superscript exponent ("10⁶").
    static func formatPower(_ e: Int) -> String {
        if (-3...5).contains(e) { return groupedDecimal(pow(10, Double(e)), decimals: max(0, -e)) }
        return "10" + superscript(e)
    }

    static func formatMantissa(_ m: Int, _ e: Int) -> String {
        if (-3...4).contains(e) { return groupedDecimal(Double(m) * pow(10, Double(e)), decimals: max(0, -e)) }
        return "\(m)×10" + superscript(e)
    }

    static func formatScientific(_ v: Double) -> String {
        let e = Int(floor(log10(abs(v))))
        let m = v / pow(10, Double(e))
        let mantissa = String(format: "%.2g", m)
        return mantissa == "1" ? "10" + superscript(e) : "\(mantissa)×10" + superscript(e)
    }

    static func superscript(_ e: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                              "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(e).map { digits[$0] ?? $0 })
    }
}

/// `v` with `decimals` decimals and thousands separators ("12,345.6").
func groupedDecimal(_ v: Double, decimals: Int) -> String {
    let s = String(format: "%.\(max(decimals, 0))f", v)
    let negative = s.hasPrefix("-")
    let body = negative ? String(s.dropFirst()) : s
    let parts = body.split(separator: ".", maxSplits: 1)
    var integer = String(parts[0])
    var groups: [String] = []
    while integer.count > 3 {
        groups.insert(String(integer.suffix(3)), at: 0)
        integer = String(integer.dropLast(3))
    }
    groups.insert(integer, at: 0)
    let joined = groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    return (negative && joined.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" : "") + joined
}
