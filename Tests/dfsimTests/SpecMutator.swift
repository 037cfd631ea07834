import DFSim
import Foundation

/// A seeded mutation engine over spec files (YAML text), for ``FuzzCLITests``: structural
/// mutations (a line deleted, duplicated or re-indented, a key renamed to a near miss, a list
/// turned into a scalar or back), extreme numbers put in place of numbers or under keys the
/// schema knows, and hostile names (`../../x`, `a/b`, a NUL, 300 characters, `..`, `.hidden`).
///
/// Everything is drawn from a ``SplitMix64`` seeded by the fuzz seed and the mutant's index, so a
/// mutant reproduces from those two numbers alone.
struct SpecMutator {
    /// What a spec file is, which picks the keys an insertion may add.
    enum Kind: String {
        case architecture, workload, energyTable
    }

    /// One mutated file and what was done to it.
    struct Mutant {
        var kind: Kind
        /// Where the original text came from (`arch/eyeriss_like.yaml`, `tiny architecture`).
        var source: String
        var text: String
        /// The mutations, in the order applied (`line 12: 'size: 64 KiB' → 'size: 1e400'`).
        var changes: [String]
    }

    /// Numbers at the edges of every numeric type dfsim converts: zero and negatives, denormal-ish
    /// and overflowing doubles, Int's and Int32's limits and just beyond, YAML's infinities and NaN.
    static let extremeNumbers = ["0", "-1", "1e-300", "1e308", "9.3e18", "9223372036854775807", "1e400", ".inf", ".nan",
                                 "2147483648", "4294967297", "4611686018427387904", "-9223372036854775808", "0.000001"]

    /// Names that must never steer where a file goes, as YAML double-quoted scalars (`\0` is a NUL).
    static let hostileNames = ["\"../../x\"", "\"a/b\"", "\"x\\0y\"", "\"" + String(repeating: "n", count: 300) + "\"",
                               "\"..\"", "\".hidden\"", "\"../\"", "\"/tmp/abs\""]

    /// Keys an insertion may add to a level of an architecture, each with a value template
    /// (`V` is replaced by an extreme number).
    static let levelKeys = ["size: V", "word_bits: V", "bandwidth: V", "read_bandwidth: V", "write_bandwidth: V",
                            "read_energy: V", "write_energy: V", "update_energy: V", "spatial: {x: V, y: 2}", "spatial: {x: 2, y: V}"]
    static let architectureTopKeys = ["word_bits: V", "clock_mhz: V", "min_utilization: V", "compute: {op: int_mac, energy_pj: V}"]
    static let workloadTopKeys = ["batch: V"]
    static let tableKeys = ["dram: V", "sram: V", "regfile: V", "sram_reference_words: V", "reference_bits: V", "mac: V",
                            "int_mult: V", "int_add: V", "network_transfer: V"]

    private static let numberPattern = try! NSRegularExpression( // invariant: a constant pattern
        pattern: #"(?<![A-Za-z0-9_.])-?[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?![A-Za-z0-9_])"#)
    private static let keyPattern = try! NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_]*):(?: |$)"#) // invariant: constant

    var generator: SplitMix64

    init(seed: UInt64, index: Int) {
        // Distinct, well-mixed streams per index: the index goes through one SplitMix64 step.
        var mix = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        generator = SplitMix64(seed: mix.next())
    }

    mutating func below(_ n: Int) -> Int { Int(generator.next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// `text` with one to three mutations; extreme numbers and hostile names are drawn more often
    /// than structural changes (which rarely get past the parser).
    mutating func mutate(_ text: String, kind: Kind, source: String) -> Mutant {
        var lines = text.components(separatedBy: "\n")
        var changes: [String] = []
        let count = pick([1, 1, 1, 2, 2, 3])
        for _ in 0..<count {
            let roll = below(100)
            let change: String?
            switch roll {
            case 0..<30: change = extremeNumber(&lines)
            case 30..<50: change = insertKey(&lines, kind: kind)
            case 50..<62: change = hostileName(&lines)
            case 62..<70: change = deleteLine(&lines)
            case 70..<77: change = duplicateLine(&lines)
            case 77..<84: change = reindent(&lines)
            case 84..<92: change = renameKey(&lines)
            default: change = swapListScalar(&lines)
            }
            if let change { changes.append(change) }
        }
        return Mutant(kind: kind, source: source, text: lines.joined(separator: "\n"), changes: changes)
    }

    // MARK: - Mutations

    /// Indices of lines that hold YAML content (not blank, not a comment).
    func contentLines(_ lines: [String]) -> [Int] {
        lines.indices.filter { let t = lines[$0].trimmingCharacters(in: .whitespaces); return !t.isEmpty && !t.hasPrefix("#") }
    }

    static func matches(_ pattern: NSRegularExpression, in line: String) -> [NSRange] {
        pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)).map(\.range)
    }

    static func replacing(_ range: NSRange, in line: String, with text: String) -> String {
        (line as NSString).replacingCharacters(in: range, with: text)
    }

    mutating func extremeNumber(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines).filter { !Self.matches(Self.numberPattern, in: lines[$0]).isEmpty }
        guard !candidates.isEmpty else { return insertKey(&lines, kind: .architecture) }
        let i = pick(candidates)
        let range = pick(Self.matches(Self.numberPattern, in: lines[i]))
        let before = lines[i]
        lines[i] = Self.replacing(range, in: before, with: pick(Self.extremeNumbers))
        return "line \(i + 1): '\(before.trimmingCharacters(in: .whitespaces))' → '\(lines[i].trimmingCharacters(in: .whitespaces))'"
    }

    /// Adds a known key with an extreme value: to a level (after its `- name:` line, at the
    /// indentation of the level's keys) or at the top of the file.
    mutating func insertKey(_ lines: inout [String], kind: Kind) -> String? {
        let value = pick(Self.extremeNumbers)
        let items = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("- name:") }
        let line: String, at: Int
        switch kind {
        case .architecture where !items.isEmpty && chance(75):
            let i = pick(items)
            let indent = lines[i].prefix { $0 == " " }.count + 2
            // Flow-style levels (`- {name: …}`) are skipped by the filter above; block style only.
            line = String(repeating: " ", count: indent) + pick(Self.levelKeys).replacingOccurrences(of: "V", with: value)
            at = i + 1
        case .architecture:
            line = pick(Self.architectureTopKeys).replacingOccurrences(of: "V", with: value)
            at = 1
        case .workload:
            line = pick(Self.workloadTopKeys).replacingOccurrences(of: "V", with: value)
            at = 1
        case .energyTable:
            line = pick(Self.tableKeys).replacingOccurrences(of: "V", with: value)
            at = 1
        }
        // A key the file already has at the top level is replaced, not repeated (a repeat is a plain parse error).
        let key = line.trimmingCharacters(in: .whitespaces).prefix { $0 != ":" }
        if at == 1, let existing = lines.firstIndex(where: { $0.hasPrefix("\(key):") }) {
            lines[existing] = line
            return "line \(existing + 1) set to '\(line)'"
        }
        if at > 1 {
            let indent = line.prefix { $0 == " " }.count
            var j = at
            while j < lines.count, lines[j].prefix(while: { $0 == " " }).count >= indent,
                  !lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                if lines[j].prefix(while: { $0 == " " }).count == indent,
                   lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") {
                    lines[j] = line
                    return "line \(j + 1) set to '\(line.trimmingCharacters(in: .whitespaces))'"
                }
                j += 1
            }
        }
        lines.insert(line, at: min(at, lines.count))
        return "inserted at line \(at + 1): '\(line.trimmingCharacters(in: .whitespaces))'"
    }

    mutating func hostileName(_ lines: inout [String]) -> String? {
        let names = contentLines(lines).filter { lines[$0].range(of: #"(^|[ {,-])name: "#, options: .regularExpression) != nil }
        guard !names.isEmpty else { return nil }
        let i = pick(names)
        let name = pick(Self.hostileNames)
        let before = lines[i]
        // `name: value` up to the end of the line, or up to the next `,` or `}` in flow style.
        guard let range = before.range(of: #"name: [^,}]*"#, options: .regularExpression) else { return nil }
        lines[i] = before.replacingCharacters(in: range, with: "name: \(name)")
        return "line \(i + 1): name → \(name.count > 40 ? "\"\(name.count - 2) characters\"" : name)"
    }

    mutating func deleteLine(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines)
        guard !candidates.isEmpty else { return nil }
        let i = pick(candidates)
        let removed = lines.remove(at: i)
        return "deleted line \(i + 1): '\(removed.trimmingCharacters(in: .whitespaces))'"
    }

    mutating func duplicateLine(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines)
        guard !candidates.isEmpty else { return nil }
        let i = pick(candidates)
        lines.insert(lines[i], at: i + 1)
        return "duplicated line \(i + 1)"
    }

    mutating func reindent(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines)
        guard !candidates.isEmpty else { return nil }
        let i = pick(candidates)
        let delta = pick([-2, -1, 1, 2, 4])
        let indent = lines[i].prefix { $0 == " " }.count
        let body = lines[i].drop { $0 == " " }
        lines[i] = String(repeating: " ", count: max(0, indent + delta)) + body
        return "line \(i + 1): indentation \(indent) → \(max(0, indent + delta))"
    }

    /// A key one edit away: two letters swapped, one dropped, one doubled, or a capital.
    mutating func renameKey(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines).filter { !Self.matches(Self.keyPattern, in: lines[$0]).isEmpty }
        guard !candidates.isEmpty else { return nil }
        let i = pick(candidates)
        let range = pick(Self.matches(Self.keyPattern, in: lines[i]))
        let key = Array((lines[i] as NSString).substring(with: NSRange(location: range.location, length: range.length)).prefix { $0 != ":" })
        guard key.count >= 2 else { return nil }
        var near = key
        let p = below(key.count - 1)
        switch below(4) {
        case 0: near.swapAt(p, p + 1)
        case 1: near.remove(at: p)
        case 2: near.insert(near[p], at: p)
        default: near[p] = Character(near[p].uppercased())
        }
        lines[i] = Self.replacing(NSRange(location: range.location, length: key.count), in: lines[i], with: String(near))
        return "line \(i + 1): key '\(String(key))' → '\(String(near))'"
    }

    /// `[a, b]` → `a`, or a scalar value `v` → `[v, v]`.
    mutating func swapListScalar(_ lines: inout [String]) -> String? {
        let candidates = contentLines(lines).filter { lines[$0].contains(": ") }
        guard !candidates.isEmpty else { return nil }
        let i = pick(candidates)
        let before = lines[i]
        if let list = before.range(of: #"\[[^\[\]]*\]"#, options: .regularExpression) {
            let first = before[list].dropFirst().dropLast().split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            lines[i] = before.replacingCharacters(in: list, with: first.isEmpty ? "x" : first)
        } else if let value = before.range(of: #": [^{}\[\],#]+$"#, options: .regularExpression) {
            let v = before[value].dropFirst(2)
            lines[i] = before.replacingCharacters(in: value, with: ": [\(v), \(v)]")
        } else {
            return nil
        }
        return "line \(i + 1): '\(before.trimmingCharacters(in: .whitespaces))' → '\(lines[i].trimmingCharacters(in: .whitespaces))'"
    }
}
