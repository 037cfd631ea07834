import Foundation
import Yams

/// Reads one YAML spec file into a node tree and offers typed accessors that record a
/// positioned diagnostic, instead of failing, for every problem they meet.
struct SpecReader {
    /// The largest count dfsim accepts for a bound, a size, a layer's MACs or a tensor (2^48 ≈ 2.8e14):
    /// far beyond any real layer, and small enough that the model's integer counts cannot overflow.
    static let largestCount = 1 << 48

    let file: String
    let text: String
    /// The errors found so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// The warnings found so far: accepted, but probably not what was meant.
    private(set) var warnings: [Diagnostic] = []
    /// Facts about an architecture that checks needing a workload or a dataflow use later.
    var notes = ArchitectureNotes()
    /// Nodes a sweep put into this file's tree, by the name of their anchor: problems found in them
    /// are reported at the sweep file's value, prefixed with the parameter (`levels.GLB.size = 0: …`).
    var origins: [String: OverrideOrigin] = [:]

    /// Loads and composes `path`; a missing file or a YAML syntax error is thrown at once.
    static func load(_ path: String) throws(SpecError) -> (SpecReader, Node) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw SpecError([Diagnostic(file: path, line: 1, column: 1, message: "\(reason): '\(path)'",
                                        hint: "check the path (it is relative to the current directory)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError([Diagnostic(file: path, line: 1, column: 1, message: "the file is not UTF-8 text")])
        }
        return try load(text: text, file: path)
    }

    /// Composes YAML `text` that came from `file`.
    static func load(text: String, file: String) throws(SpecError) -> (SpecReader, Node) {
        let reader = SpecReader(file: file, text: text)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SpecError([reader.diagnostic(for: error)])
        } catch {
            throw SpecError([Diagnostic(file: file, line: 1, column: 1, message: "cannot parse YAML: \(error)")])
        }
        guard let node else {
            throw SpecError([Diagnostic(file: file, line: 1, column: 1, message: "the file is empty",
                                        hint: "a spec starts with 'dfsim: 1'")])
        }
        // Yams shares an aliased node instead of copying it, so a billion-laughs file composes in
        // a few kilobytes; whatever walks the tree (validation, a sweep's fingerprint) would not.
        let limit = max(largestExpansion, text.utf8.count)
        var counter = ExpansionCounter(limit: limit)
        if !counter.visit(node, parent: nil, firstJump: nil) {
            let at = counter.crossing
            throw SpecError([Diagnostic(file: file, line: at?.line ?? 1, column: at?.column ?? 1,
                                        message: "the file expands to more than \(limit) YAML values through aliases",
                                        hint: "an alias (*name) repeats what its anchor (&name) holds; aliases of aliases multiply it. Write the values out instead")])
        }
        return (reader, node)
    }

    /// The most YAML values (scalars, lists, mappings) a file may hold once its aliases are
    /// expanded; a larger file without aliases is fine (its values cannot outnumber its bytes).
    static let largestExpansion = 100_000

    /// Counts the values of a tree with its aliases expanded, stopping once past `limit`.
    struct ExpansionCounter {
        let limit: Int
        var count = 0
        /// Where the alias that led to the value past the limit was used (the first on its path).
        var crossing: Mark?

        /// Whether `node` and all below it stay within the limit. An alias shows as a node whose
        /// position lies before its parent's: the first such step on the path is where it was used.
        mutating func visit(_ node: Node, parent: Mark?, firstJump: Mark?) -> Bool {
            var jump = firstJump
            if jump == nil, let p = parent, let m = node.mark, (m.line, m.column) < (p.line, p.column) { jump = p }
            count += 1
            if count > limit {
                crossing = jump ?? node.mark
                return false
            }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let items):
                for item in items where !visit(item, parent: node.mark, firstJump: jump) { return false }
                return true
            case .mapping(let pairs):
                for (key, value) in pairs {
                    guard visit(key, parent: node.mark, firstJump: jump), visit(value, parent: key.mark, firstJump: jump) else { return false }
                }
                return true
            }
        }
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            if let tab = indentationTab(near: mark.line) {
                return Diagnostic(file: file, line: tab.line, column: tab.column, message: "YAML does not allow tabs for indentation; use spaces",
                                  hint: "replace the tab at the start of line \(tab.line) with spaces")
            }
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(what)")
        case .duplicatedKeysInMapping(let keys, let context):
            // Yams marks the first occurrence; point at the repeat when it starts a line at the same column.
            let key = keys.first ?? ""
            var (line, column) = (context.mark.line, context.mark.column)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if line >= 1, let next = lines.indices.dropFirst(line).first(where: { i in
                let l = lines[i]
                return l.count >= column && l.dropFirst(column - 1).hasPrefix("\(key):")
                    && l.prefix(column - 1).allSatisfy { $0 == " " || $0 == "-" }
            }) {
                line = next + 1
            }
            return Diagnostic(file: file, line: line, column: column, message: "the key '\(key)' appears twice in the same mapping",
                              hint: "each key may appear once; remove or merge the repeated one")
        default:
            return Diagnostic(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    /// The first tab in the indentation of line `line` or the line before (where a syntax error
    /// caused by a tab is reported), as 1-based line and column.
    func indentationTab(near line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for number in [line, line - 1] where number >= 1 && number <= lines.count {
            let indentation = lines[number - 1].prefix { $0 == " " || $0 == "\t" || $0 == "-" }
            if let tab = indentation.firstIndex(of: "\t") {
                return (number, indentation.distance(from: indentation.startIndex, to: tab) + 1)
            }
        }
        return nil
    }

    // MARK: - Recording problems

    mutating func error(_ node: Node?, _ message: String, hint: String? = nil) {
        diagnostics.append(located(node, message, hint: hint, severity: .error))
    }

    mutating func error(line: Int, column: Int, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message, hint: hint))
    }

    /// Records something dfsim accepts but that is probably not what was meant; it never fails a load.
    mutating func warning(_ node: Node?, _ message: String, hint: String? = nil) {
        let w = located(node, message, hint: hint, severity: .warning)
        if !warnings.contains(w) { warnings.append(w) }
    }

    mutating func warning(line: Int, column: Int, _ message: String, hint: String? = nil) {
        warnings.append(Diagnostic(file: file, line: line, column: column, message: message, hint: hint, severity: .warning))
    }

    /// A diagnostic at `node`: at its position in this file, or, for a node a sweep put into the
    /// tree, at the sweep file's value with the parameter in front (`levels.GLB.size = 0: …`).
    func located(_ node: Node?, _ message: String, hint: String?, severity: Diagnostic.Severity) -> Diagnostic {
        if let name = node?.anchor?.rawValue, let origin = origins[name] {
            return Diagnostic(file: origin.file, line: origin.line, column: origin.column,
                              message: "\(origin.parameter) = \(origin.value): \(message)", hint: hint, severity: severity)
        }
        let mark = node?.mark
        return Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message, hint: hint, severity: severity)
    }

    /// Adds diagnostics found elsewhere (e.g. while validating a nested variant), each to the
    /// errors or the warnings by its severity.
    mutating func record(_ more: [Diagnostic]) {
        for d in more {
            if d.severity == .warning { if !warnings.contains(d) { warnings.append(d) } } else { diagnostics.append(d) }
        }
    }

    /// Throws the collected diagnostics, if any.
    func finish() throws(SpecError) {
        if !diagnostics.isEmpty { throw SpecError(diagnostics) }
    }

    // MARK: - Typed accessors

    /// The key/value pairs of a mapping, in file order. Unknown keys are reported with a
    /// did-you-mean, and missing required keys at the mapping itself.
    mutating func mapping(_ node: Node, _ what: String, keys: [String], required: [String] = []) -> KeyedNodes? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping (key: value), got \(describe(node))")
            return nil
        }
        var result = KeyedNodes()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                error(keyNode, "\(what): keys must be names")
                continue
            }
            if !keys.contains(key) {
                error(keyNode, "unknown key '\(key)' in \(what)\(Suggestion.didYouMean(key, keys))",
                      hint: "allowed keys: \(keys.joined(separator: ", "))")
                if let meant = Suggestion.closest(to: key, in: keys) { result.misspelled.insert(meant) }
                continue
            }
            result.pairs.append((key, keyNode, value))
        }
        for key in required where result[key] == nil && !result.misspelled.contains(key) {
            error(node, "\(what) is missing the required key '\(key)'")
        }
        return result
    }

    /// An integer from `minimum` to `maximum` (by default ``largestCount``).
    mutating func int(_ node: Node, _ what: String, minimum: Int = 1, maximum: Int = largestCount) -> Int? {
        let digits = node.scalar?.string.replacingOccurrences(of: "_", with: "") ?? ""
        guard let value = Int(digits) else {
            let unsigned = digits.hasPrefix("-") || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
            if !unsigned.isEmpty, unsigned.allSatisfy({ $0.isASCII && $0.isNumber }) { // beyond Int's range
                error(node, digits.hasPrefix("-") ? "\(what) must be at least \(minimum), got \(digits)"
                                                  : "\(what) must be at most \(maximum), got \(digits)")
            } else {
                error(node, "\(what) must be an integer, got \(describe(node))")
            }
            return nil
        }
        guard value >= minimum else {
            error(node, "\(what) must be at least \(minimum), got \(value)")
            return nil
        }
        guard value <= maximum else {
            error(node, "\(what) must be at most \(maximum), got \(value)")
            return nil
        }
        return value
    }

    /// A number ≥ 0 (> 0 without `allowZero`), finite, and within `minimum` … `maximum` when given;
    /// a bound comes with its text for the message (`1e12`) and `unit` follows it (`pJ`).
    mutating func double(_ node: Node, _ what: String, allowZero: Bool = true, minimum: (Double, String)? = nil,
                         maximum: (Double, String)? = nil, unit: String = "", hint: String? = nil) -> Double? {
        let unitText = unit.isEmpty ? "" : " \(unit)"
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) ?? Self.yamlSpecial(scalar.string) else {
            error(node, "\(what) must be a number, got \(describe(node))")
            return nil
        }
        guard value.isFinite else {
            error(node, "\(what) must be a finite number, got '\(scalar.string)'", hint: hint)
            return nil
        }
        guard value > 0 || (allowZero && value == 0) else {
            error(node, "\(what) must be \(allowZero ? "zero or more" : "positive"), got \(scalar.string)")
            return nil
        }
        if let (low, text) = minimum, value < low {
            error(node, "\(what) must be at least \(text)\(unitText), got \(scalar.string)", hint: hint)
            return nil
        }
        if let (high, text) = maximum, value > high {
            error(node, "\(what) must be at most \(text)\(unitText), got \(scalar.string)", hint: hint)
            return nil
        }
        return value
    }

    /// YAML's spellings of infinity and NaN (`.inf`, `-.Inf`, `.NaN`), which `Double(_:)` does not read.
    static func yamlSpecial(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: return nil
        }
    }

    // MARK: - The ranges dfsim accepts (docs/format.md §2)

    /// The largest energy of one access or one MAC, pJ (1e12 pJ is a joule): far beyond any real
    /// memory, and small enough that a layer's energy and energy-delay product stay finite.
    static let largestEnergy = (1e12, "1e12")
    static let energyHint = "energies are picojoules per word (or per MAC), from 0 to 1e12, so that a layer's energy and EDP stay finite"

    /// An energy in pJ (per word or per MAC): from 0 to ``largestEnergy``.
    mutating func energy(_ node: Node, _ what: String) -> Double? {
        double(node, what, maximum: Self.largestEnergy, unit: "pJ", hint: Self.energyHint)
    }

    /// The smallest bandwidth, words per cycle: slower levels would take more cycles than dfsim counts.
    static let smallestBandwidth = (1e-6, "1e-6")

    /// A bandwidth in words per cycle: at least ``smallestBandwidth``.
    mutating func bandwidth(_ node: Node, _ what: String) -> Double? {
        double(node, what, allowZero: false, minimum: Self.smallestBandwidth, unit: "words/cycle",
               hint: "bandwidths are words per cycle per instance, at least 1e-6; leave the key out for an unlimited level")
    }

    /// The widest word (`word_bits`, `reference_bits`), bits.
    static let largestWordBits = 4096

    /// The most bits the sized levels of an architecture may hold together (words × word bits ×
    /// instances, summed): 2^62, so that sizes in bits and bytes are exact integers.
    static let largestTotalBits = 1 << 62

    /// The largest total of a workload (MACs, parameters, activations over all layers): 2^62.
    static let largestTotal = 1 << 62

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            error(node, "\(what) must be a string, got \(describe(node))")
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard let value = node.bool else {
            error(node, "\(what) must be true or false, got \(describe(node))")
            return nil
        }
        return value
    }

    /// A list of strings; a single scalar is accepted as a one-element list.
    mutating func stringList(_ node: Node, _ what: String) -> [String]? {
        switch node {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            var items: [String] = []
            for item in seq {
                guard let s = string(item, "each item of \(what)") else { return nil }
                items.append(s)
            }
            return items
        default:
            error(node, "\(what) must be a list, got \(describe(node))")
            return nil
        }
    }

    /// An integer or a list of integers (e.g. `kernel: 3` or `kernel: [3, 5]`).
    mutating func intOrPair(_ node: Node, _ what: String, minimum: Int) -> (Int, Int)? {
        if case .sequence(let seq) = node {
            guard seq.count == 2 else {
                error(node, "\(what) must be one integer or a pair [h, w], got \(seq.count) values")
                return nil
            }
            guard let a = int(seq[0], what, minimum: minimum), let b = int(seq[1], what, minimum: minimum) else { return nil }
            return (a, b)
        }
        guard let v = int(node, what, minimum: minimum) else { return nil }
        return (v, v)
    }

    mutating func intList(_ node: Node, _ what: String) -> [Int]? {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            error(node, "\(what) must be a non-empty list of integers, got \(describe(node))")
            return nil
        }
        var values: [Int] = []
        for item in seq {
            guard let v = int(item, what) else { return nil }
            values.append(v)
        }
        return values
    }

    /// Checks the format version key `dfsim: 1`.
    mutating func checkVersion(_ keyed: KeyedNodes) {
        guard let node = keyed["dfsim"] else { return }
        if node.int != 1 && node.scalar?.string != "1" { // a quoted "1" is the same version
            error(node, "unsupported format version \(describe(node)); this dfsim reads 'dfsim: 1'")
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The pairs of a YAML mapping in file order, looked up by key.
struct KeyedNodes {
    var pairs: [(key: String, keyNode: Node, value: Node)] = []
    /// Known keys that an unknown key was reported as a misspelling of (`sise` → `size`): checks
    /// for a missing key skip these, so one typo gives one diagnostic.
    var misspelled: Set<String> = []
    subscript(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
    func keyNode(_ key: String) -> Node? { pairs.first { $0.key == key }?.keyNode }
}

/// What reading an architecture noted for the checks that can only run once the workload (or a
/// `--dataflow` given on the command line) is known (``SpecBinding``).
struct ArchitectureNotes {
    /// Every entry of every `keep:` list, with its level and node.
    var keepEntries: [(level: String, name: String, node: Node)] = []
    /// The level nodes, outermost first.
    var levelNodes: [Node] = []
    /// The `dataflow:` value, when the file (or its variant) sets one.
    var dataflowNode: Node?
}
