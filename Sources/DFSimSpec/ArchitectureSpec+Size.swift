import DFSim
import Foundation
import Yams

/// A level's `size:` (docs/format.md §2.3): a plain number of words, or a number and a unit.
extension ArchitectureSpec {
    /// Bytes per unit. The binary units (KiB, MiB, GiB) are what memories are built in; the decimal
    /// ones (KB, MB, GB: 1000-based) are accepted with a warning, since `64 KB` almost always means 64 KiB.
    static let sizeUnits: [(unit: String, bytes: Double)] = [
        ("B", 1), ("KiB", 1024), ("MiB", 1024 * 1024), ("GiB", 1024 * 1024 * 1024),
        ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
    ]
    static let decimalUnits: [String: String] = ["KB": "KiB", "MB": "MiB", "GB": "GiB"]
    static let unitNames = ["words"] + sizeUnits.map(\.unit)

    /// `4096`, `4096 words`, `108 KiB`, `108KiB`, `2 MiB`, `512 B`, `64 KB` (decimal, with a
    /// warning) → words of `wordBits`. The number may be written with `_` separators.
    static func parseSize(_ node: Node, level: String, wordBits: Int, reader r: inout SpecReader) -> Int? {
        guard case .scalar(let scalar) = node else {
            r.error(node, "'size' of \(level) must be a number of words or a size like '108 KiB', got \(r.describe(node))")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        // The longest prefix that is a number; the rest is the unit.
        let chars = Array(text)
        var split = chars.count
        while split > 0 && Double(String(chars[..<split]).replacingOccurrences(of: "_", with: "")) == nil { split -= 1 }
        guard split > 0, let value = Double(String(chars[..<split]).replacingOccurrences(of: "_", with: "")) else {
            r.error(node, "'size' of \(level) must be a number of words or a size like '108 KiB', got '\(scalar.string)'")
            return nil
        }
        guard value > 0 else {
            r.error(node, "'size' of \(level) must be positive, got '\(scalar.string)'")
            return nil
        }
        let unit = String(chars[split...]).trimmingCharacters(in: .whitespaces)
        let words: Double
        if unit.isEmpty || unit == "words" || unit == "word" {
            words = value
        } else if let bytes = sizeUnits.first(where: { $0.unit == unit })?.bytes {
            words = value * bytes * 8 / Double(wordBits)
            if let binary = decimalUnits[unit], words.isFinite {
                let number = String(chars[..<split])
                r.warning(node, "'size' of \(level) is '\(scalar.string)': \(unit) is decimal (1 \(unit) = \(Int(bytes)) bytes), so this is "
                          + "\(count(value * bytes)) bytes (\(count(words)) words of \(wordBits) bits)",
                          hint: "for \(number) × \(Int(sizeUnits.first { $0.unit == binary }?.bytes ?? 0)) bytes write '\(number) \(binary)'; "
                          + "write '\(count(value * bytes)) B' to mean decimal bytes without this warning")
            }
        } else {
            r.error(node, "unknown size unit '\(unit)' for \(level)\(Suggestion.didYouMean(unit, unitNames))",
                    hint: "valid units: \(unitNames.joined(separator: ", ")); a plain number is words (e.g. '108 KiB', '4096')")
            return nil
        }
        guard words <= Double(SpecReader.largestCount) else {
            r.error(node, "'size' of \(level) must be at most \(SpecReader.largestCount) words, got '\(scalar.string)'")
            return nil
        }
        guard words == words.rounded(), words >= 1 else {
            r.error(node, "'size' of \(level) must be a whole number of \(wordBits)-bit words, got '\(scalar.string)'")
            return nil
        }
        return Int(words)
    }

    /// A count as digits (`64000`; `6.4e+10` beyond Int's exact range).
    private static func count(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x)
    }
}
