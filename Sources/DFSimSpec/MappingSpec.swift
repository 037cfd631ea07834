import DFSim
import Foundation
import Yams

/// Reads a mapping file (docs/format.md §3) for one einsum on one architecture and validates it.
public enum MappingSpec {
    static let topKeys = ["dfsim", "mapping", "layer", "arch", "workload"]
    static let levelKeys = ["temporal", "spatial", "keep"]

    /// Loads the mapping at `path` for `einsum` on `architecture`; every problem, including
    /// factors that do not multiply out and tiles that do not fit, is a positioned diagnostic.
    public static func load(_ path: String, einsum: Einsum, architecture: Architecture) throws(SpecError) -> Mapping {
        let (reader, node) = try SpecReader.load(path)
        return try parse(node, reader: reader, einsum: einsum, architecture: architecture)
    }

    /// The `layer:` a mapping file says it is for (files written by `dfsim run` say so), if any.
    public static func declaredLayer(_ path: String) -> String? {
        guard let (_, node) = try? SpecReader.load(path), case .mapping(let m) = node else { return nil }
        return m.first { $0.key.string == "layer" }?.value.string
    }

    /// Parses mapping YAML given as text.
    public static func parse(text: String, file: String, einsum: Einsum, architecture: Architecture) throws(SpecError) -> Mapping {
        let (reader, node) = try SpecReader.load(text: text, file: file)
        return try parse(node, reader: reader, einsum: einsum, architecture: architecture)
    }

    static func parse(_ node: Node, reader initial: SpecReader, einsum: Einsum,
                      architecture: Architecture) throws(SpecError) -> Mapping {
        var r = initial
        guard let top = r.mapping(node, "the mapping file", keys: topKeys, required: ["dfsim", "mapping"]) else {
            throw SpecError(r.diagnostics)
        }
        r.checkVersion(top)
        var levels = [LevelMapping](repeating: LevelMapping(), count: architecture.levels.count)
        var levelNodes = [Node?](repeating: nil, count: architecture.levels.count)
        let levelNames = architecture.levels.map(\.name)
        let dimNames = einsum.dimNames
        guard let body = top["mapping"] else { try r.finish(); throw SpecError(r.diagnostics) }
        guard case .mapping(let entries) = body else {
            r.error(body, "'mapping' must map level names to their loops")
            throw SpecError(r.diagnostics)
        }
        for (keyNode, value) in entries {
            let name = keyNode.string ?? ""
            guard let index = levelNames.firstIndex(of: name) else {
                r.error(keyNode, "the architecture has no level '\(name)'\(Suggestion.didYouMean(name, levelNames))",
                        hint: "levels: \(levelNames.joined(separator: ", "))")
                continue
            }
            if levelNodes[index] != nil { r.error(keyNode, "level '\(name)' appears twice in the mapping") }
            levelNodes[index] = keyNode
            guard let k = r.mapping(value, "the mapping of \(name)", keys: levelKeys) else { continue }
            if let t = k["temporal"] {
                levels[index].temporal = loops(t, level: name, dimNames: dimNames, spatial: false, reader: &r)
                    .map { Loop(dim: $0.dim, factor: $0.factor) }
            }
            if let s = k["spatial"] {
                levels[index].spatial = loops(s, level: name, dimNames: dimNames, spatial: true, reader: &r)
                    .map { SpatialLoop(dim: $0.dim, factor: $0.factor, axis: $0.axis) }
            }
            if let keepNode = k["keep"], let list = r.stringList(keepNode, "'keep' of \(name)") {
                guard case .auto = architecture.levels[index].keep else {
                    r.error(keepNode, "level '\(name)' has a fixed 'keep' in the architecture; a mapping may choose only for 'keep: auto' levels")
                    continue
                }
                var roles: [TensorRole] = []
                for key in list {
                    if let t = einsum.tensor(matching: key) { roles.append(t.role) }
                    else { r.error(keepNode, "'keep' of \(name) names '\(key)', which is neither a role nor a tensor of the layer") }
                }
                levels[index].keep = roles
            }
        }
        try r.finish()
        // Factors far beyond the bounds would overflow the products that validation computes.
        let factors = levels.flatMap { $0.temporal.map { ($0.dim, $0.factor) } + $0.spatial.map { ($0.dim, $0.factor) } }
        if factors.reduce(1.0, { $0 * Double($1.1) }) > Double(SpecReader.largestCount) {
            for (d, dim) in einsum.dims.enumerated() {
                let product = factors.filter { $0.0 == d }.reduce(1.0) { $0 * Double($1.1) }
                if product != Double(dim.bound) {
                    r.error(top.keyNode("mapping"), "factors of '\(dim.name)' multiply to \(String(format: "%.3g", product)), expected \(dim.bound)")
                }
            }
            try r.finish()
        }
        let mapping = Mapping(levels: levels)
        let issues = mapping.validate(for: einsum, on: architecture)
        for issue in issues {
            let at = issue.level.flatMap { levelNames.firstIndex(of: $0) }.flatMap { levelNodes[$0] } ?? top.keyNode("mapping")
            r.error(at, issue.message, hint: issue.hint)
        }
        try r.finish()
        return mapping
    }

    /// A loop list: `[p: 8, q: 2]` (a list of one-key mappings) or `{p: 8, q: 2}`; spatial values
    /// carry the axis, `q: 14 x`.
    static func loops(_ node: Node, level: String, dimNames: [String], spatial: Bool,
                      reader r: inout SpecReader) -> [(dim: Int, factor: Int, axis: SpatialAxis)] {
        var pairs: [(Node, Node)] = []
        switch node {
        case .sequence(let seq):
            for item in seq {
                guard case .mapping(let m) = item, m.count == 1, let pair = m.first else {
                    r.error(item, "each loop of \(level) must be written 'dim: factor'\(spatial ? " plus the axis, e.g. 'q: 14 x'" : "")")
                    continue
                }
                pairs.append((pair.key, pair.value))
            }
        case .mapping(let m):
            for pair in m { pairs.append((pair.key, pair.value)) }
        default:
            r.error(node, "the loops of \(level) must be a list like [p: 8, q: 2]")
        }
        var result: [(Int, Int, SpatialAxis)] = []
        for (keyNode, valueNode) in pairs {
            let dname = keyNode.string ?? ""
            guard let dim = dimNames.firstIndex(of: dname) else {
                r.error(keyNode, "unknown dim '\(dname)' in the loops of \(level)\(Suggestion.didYouMean(dname, dimNames))",
                        hint: "the layer's dims are \(dimNames.joined(separator: ", "))")
                continue
            }
            let text = valueNode.string ?? ""
            let parts = text.split(separator: " ").map(String.init)
            var axis = SpatialAxis.x
            if spatial && parts.count == 2 {
                guard let a = SpatialAxis(rawValue: parts[1]) else {
                    r.error(valueNode, "spatial axis must be 'x' or 'y', got '\(parts[1])'")
                    continue
                }
                axis = a
            } else if parts.count != 1 {
                r.error(valueNode, spatial ? "a spatial loop is 'dim: factor x' or 'dim: factor y', got '\(text)'"
                                           : "a temporal loop is 'dim: factor', got '\(text)'")
                continue
            }
            guard let factor = Int(parts[0]) else {
                r.error(valueNode, "the factor of '\(dname)' at \(level) must be an integer, got '\(parts.first ?? "")'")
                continue
            }
            guard factor >= 1 else {
                r.error(valueNode, "the factor of '\(dname)' at \(level) must be at least 1, got \(factor)")
                continue
            }
            result.append((dim, factor, axis))
        }
        return result
    }
}
