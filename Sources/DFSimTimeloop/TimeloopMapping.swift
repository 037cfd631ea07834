import DFSimSpec
import Foundation

/// Timeloop `mapping:` (or constraint `targets:`) entries, per level: temporal and spatial
/// factors with their permutation (innermost loop first), the spatial `split`, and keep/bypass.
struct TimeloopDirectives {
    struct Loops {
        /// Factor per Timeloop dimension, as written (unwritten dims: none).
        var factors: [String: Int] = [:]
        /// Dimensions innermost first, completed with the unwritten ones (outermost).
        var permutation: [String] = []
        var permutationGiven = false
        /// How many dims the permutation wrote (the rest completed it).
        var written = 0
        /// Spatial: the first `split` dims of the permutation go along X, the rest along Y.
        var split: Int?
        var at: Located
        var factorsAt: Located?
    }

    struct Level {
        var temporal: Loops?
        var spatial: Loops?
        var keep: [String]?
        var bypass: [String]?
        var keepAt: Located?
    }

    var levels: [String: Level] = [:]

    /// Reads a list of directives. `strictFactors`: a mapping (every factor ≥ 1); constraints may
    /// write 0 (a free factor), which is then left out.
    static func read(_ list: Located, problem: TimeloopProblem, levelNames: [String], what: String,
                     strictFactors: Bool, _ p: inout Problems) -> TimeloopDirectives {
        var result = TimeloopDirectives()
        guard let items = list.items else {
            p.error(list, "\(what) must be a list of entries with 'target' and 'type', got \(Problems.describe(list))")
            return result
        }
        for item in items {
            guard let t = item["target"], let target = p.string(t, "'target'") else {
                if item["target"] == nil { p.error(item, "each entry of \(what) needs a 'target' (a storage level)") }
                continue
            }
            guard levelNames.contains(target) else {
                p.error(t, "'\(target)' is not a storage level of the architecture\(suggest(target, levelNames))",
                        hint: "levels: \(levelNames.joined(separator: ", "))")
                continue
            }
            let type = item["type"].flatMap { p.string($0, "'type'") } ?? "temporal"
            var level = result.levels[target] ?? Level()
            switch type {
            case "temporal", "spatial":
                var loops = Loops(at: item)
                if let f = item["factors"] {
                    loops.factorsAt = f
                    loops.factors = readFactors(f, problem: problem, strict: strictFactors, &p)
                }
                if let perm = item["permutation"] {
                    loops.permutation = readPermutation(perm, problem: problem, &p)
                    loops.permutationGiven = true
                    loops.written = loops.permutation.count
                }
                for d in problem.dims where !loops.permutation.contains(d) { loops.permutation.append(d) }
                if let s = item["split"], let v = p.int(s, "'split'", minimum: 0) { loops.split = v }
                if type == "temporal" {
                    if item["split"] != nil { p.error(item["split"]!, "'split' belongs to a spatial entry, not a temporal one") }
                    level.temporal = merge(level.temporal, loops)
                } else {
                    level.spatial = merge(level.spatial, loops)
                }
            case "bypass", "datatype", "dataspace":
                level.keepAt = item
                if let k = item["keep"], let names = p.names(k, "'keep'") { level.keep = checkSpaces(names, at: k, problem, &p) }
                if let b = item["bypass"], let names = p.names(b, "'bypass'") { level.bypass = checkSpaces(names, at: b, problem, &p) }
            default:
                p.error(item["type"]!, "unknown type '\(type)' in \(what)", hint: "types: temporal, spatial, bypass (or datatype)")
            }
            for key in ["utilization", "min_utilization"] where item[key] != nil && strictFactors {
                p.error(item.entry(key)!.keyNode, "'\(key)' in a mapping entry cannot be translated")
            }
            result.levels[target] = level
        }
        return result
    }

    /// Two entries for one level and type (constraints may split them): factors joined, the later
    /// permutation and split win.
    private static func merge(_ old: Loops?, _ new: Loops) -> Loops {
        guard var old else { return new }
        old.factors.merge(new.factors) { $1 }
        if new.permutationGiven { old.permutation = new.permutation; old.permutationGiven = true; old.written = new.written }
        if new.split != nil { old.split = new.split }
        old.factorsAt = new.factorsAt ?? old.factorsAt
        return old
    }

    private static func checkSpaces(_ names: [String], at: Located, _ problem: TimeloopProblem, _ p: inout Problems) -> [String] {
        let known = problem.dataSpaces.map(\.name)
        for n in names where !known.contains(n) {
            p.error(at, "'\(n)' is not a data-space of the problem\(suggest(n, known))", hint: "data-spaces: \(known.joined(separator: ", "))")
        }
        return names.filter(known.contains)
    }

    /// `C3 M4 R1`, `C=3 M=4`, `N=1,C=1` or a list `[N=1, C=1]`.
    static func readFactors(_ at: Located, problem: TimeloopProblem, strict: Bool, _ p: inout Problems) -> [String: Int] {
        guard let tokens = p.names(at, "'factors'") else { return [:] }
        var factors: [String: Int] = [:]
        for token in tokens {
            var name: String?
            var value: Int?
            if let eq = token.firstIndex(of: "=") {
                name = problem.dim(String(token[..<eq]).trimmingCharacters(in: .whitespaces))
                value = Int(token[token.index(after: eq)...].trimmingCharacters(in: .whitespaces))
            } else {
                // The longest dimension name followed by digits only.
                for d in problem.dims.sorted(by: { $0.count > $1.count })
                where token.count > d.count && token.lowercased().hasPrefix(d.lowercased()) {
                    let rest = token.dropFirst(d.count)
                    if rest.allSatisfy(\.isNumber) { name = d; value = Int(rest); break }
                }
            }
            guard let name, let value else {
                p.error(at, "cannot read the factor '\(token)': write DIMENSION=FACTOR or DIMENSION FACTOR (C=3 or C3) with a dimension of the problem",
                        hint: "dimensions: \(problem.dims.joined(separator: ", "))")
                continue
            }
            if value < 1 {
                if strict { p.error(at, "the factor of '\(name)' must be at least 1, got \(value)") }
                continue
            }
            factors[name] = value
        }
        return factors
    }

    /// `MCRSNPQ`, `M C R S`, or a list; innermost first.
    static func readPermutation(_ at: Located, problem: TimeloopProblem, _ p: inout Problems) -> [String] {
        var tokens: [String] = []
        if let items = at.items {
            tokens = items.compactMap(\.string)
        } else if let s = at.string {
            if s.contains(" ") || s.contains(",") {
                tokens = s.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            } else {
                var rest = Substring(s)
                while !rest.isEmpty {
                    guard let d = problem.dims.sorted(by: { $0.count > $1.count }).first(where: { rest.hasPrefix($0) })
                            ?? problem.dims.first(where: { rest.lowercased().hasPrefix($0.lowercased()) }) else {
                        p.error(at, "cannot read the permutation '\(s)' at '\(rest)': no dimension of the problem starts there",
                                hint: "dimensions: \(problem.dims.joined(separator: ", "))")
                        return []
                    }
                    tokens.append(d)
                    rest = rest.dropFirst(d.count)
                }
            }
        }
        var dims: [String] = []
        for t in tokens {
            guard let d = problem.dim(t) else {
                p.error(at, "'\(t)' in the permutation is not a dimension of the problem", hint: "dimensions: \(problem.dims.joined(separator: ", "))")
                continue
            }
            if dims.contains(d) { p.error(at, "'\(d)' appears twice in the permutation") } else { dims.append(d) }
        }
        return dims
    }

    static func suggest(_ word: String, _ candidates: [String]) -> String {
        let lower = word.lowercased()
        if let c = candidates.first(where: { $0.lowercased() == lower }) { return "; did you mean '\(c)'?" }
        if let c = candidates.first(where: { $0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased()) }) { return "; did you mean '\(c)'?" }
        return ""
    }
}
