import DFSim
import Foundation
import Yams

/// Where a swept value came from: the sweep file's position of the value and the parameter.
struct OverrideOrigin {
    var file: String
    var line: Int
    var column: Int
    var parameter: String
    var value: String
    /// Keeps the anchor alive: nodes hold their anchor weakly.
    var anchor: Anchor
}

/// One architecture parameter of a sweep point: a dotted path into the architecture YAML
/// (`levels.shared_glb.size`, `word_bits`, `compute.energy_pj`, `constraints.GLB.temporal.only`)
/// and the YAML value the sweep file gives it.
struct ArchitectureOverride {
    var parameter: String
    var value: Node
    /// The value as written (`64 KiB`; lists and mappings in flow style).
    var text: String
    /// Where the value was written, for diagnostics.
    var file: String
    var line: Int
    var column: Int

    var path: [String] { parameter.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    // MARK: - Which paths exist

    static let leafTopKeys = ["name", "description", "energy_table", "word_bits", "clock_mhz", "min_utilization", "dataflow"]
    static let topKeys = leafTopKeys + ["compute", "levels", "constraints"]
    static let computeKeys = ["op", "energy_pj", "bits"]
    static let subKeys: [String: [String]] = ["spatial": ["x", "y"], "network": ["multicast", "reduction"]]

    /// What is wrong with `parameter` as a path into an architecture whose levels are `levelNames`
    /// (message and hint), or `nil` when the path exists in the schema.
    static func problem(with parameter: String, levelNames: [String], noun: String = "sweep parameter")
        -> (message: String, hint: String?)? {
        let path = parameter.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let unknown = "unknown \(noun) '\(parameter)'"
        let sweepable = "sweepable: \(leafTopKeys.joined(separator: ", ")), compute.KEY, levels.LEVEL.KEY[.x|.y], constraints.LEVEL.temporal|spatial.KEY; and dataflow, objective, workload"
        guard let top = path.first, !path.contains("") else {
            return ("'\(parameter)' is not a parameter path", "write dotted keys, e.g. levels.\(levelNames.dropFirst().first ?? "GLB").size")
        }
        func noDeeper(_ depth: Int) -> (String, String?)? {
            path.count > depth ? ("\(unknown): '\(path.prefix(depth).joined(separator: "."))' takes a value, not sub-keys", nil) : nil
        }
        func level(_ name: String, _ what: String) -> (String, String?)? {
            levelNames.contains(name) ? nil
                : ("\(unknown): \(what) no level named '\(name)'\(Suggestion.didYouMean(name, levelNames))",
                   "levels: \(levelNames.joined(separator: ", "))")
        }
        switch top {
        case _ where leafTopKeys.contains(top):
            return noDeeper(1)
        case "compute":
            guard path.count > 1 else { return nil }
            guard computeKeys.contains(path[1]) else {
                return ("\(unknown): 'compute' has no key '\(path[1])'\(Suggestion.didYouMean(path[1], computeKeys))",
                        "compute keys: \(computeKeys.joined(separator: ", "))")
            }
            return noDeeper(2)
        case "levels":
            guard path.count >= 3 else {
                return ("\(unknown): name a level and one of its keys, e.g. levels.\(levelNames.dropFirst().first ?? "GLB").size", nil)
            }
            if let p = level(path[1], "the architecture has") { return p }
            let keys = ArchitectureSpec.levelKeys.filter { $0 != "name" }
            guard keys.contains(path[2]) else {
                return ("\(unknown): levels have no key '\(path[2])'\(Suggestion.didYouMean(path[2], keys))",
                        "level keys: \(keys.joined(separator: ", "))")
            }
            guard path.count > 3 else { return nil }
            guard let allowed = subKeys[path[2]] else { return noDeeper(3) }
            guard allowed.contains(path[3]) else {
                return ("\(unknown): '\(path[2])' has no key '\(path[3])'\(Suggestion.didYouMean(path[3], allowed))",
                        "\(path[2]) keys: \(allowed.joined(separator: ", "))")
            }
            return noDeeper(4)
        case "constraints":
            guard path.count >= 2 else { return nil }
            if let p = level(path[1], "'constraints' name levels; the architecture has") { return p }
            guard path.count > 2 else { return nil }
            let kinds = ["temporal", "spatial"]
            guard kinds.contains(path[2]) else {
                return ("\(unknown): a level's constraints are 'temporal' or 'spatial', not '\(path[2])'\(Suggestion.didYouMean(path[2], kinds))", nil)
            }
            guard path.count > 3 else { return nil }
            let keys = path[2] == "temporal" ? ["only", "order", "factors"] : ["x", "y", "factors"]
            guard keys.contains(path[3]) else {
                return ("\(unknown): '\(path[2])' constraints have no key '\(path[3])'\(Suggestion.didYouMean(path[3], keys))",
                        "keys: \(keys.joined(separator: ", "))")
            }
            return path[3] == "factors" ? noDeeper(5) : noDeeper(4)
        default:
            return ("\(unknown): the architecture has no key '\(top)'\(Suggestion.didYouMean(top, topKeys))", sweepable)
        }
    }

    /// The names of the levels of an architecture tree (its `levels[].name`).
    static func levelNames(in root: Node) -> [String] {
        guard case .sequence(let levels)? = root.mapping?["levels"] else { return [] }
        return levels.compactMap { $0.mapping?["name"]?.string }
    }

    /// The value at `parameter` in `root`, as text (`nil` when the architecture does not set it).
    static func baseValue(of parameter: String, in root: Node) -> String? {
        var node: Node? = root
        var path = parameter.split(separator: ".").map(String.init)[...]
        while let key = path.popFirst() {
            if key == "levels", case .sequence(let levels)? = node?.mapping?["levels"], let name = path.popFirst() {
                node = levels.first { $0.mapping?["name"]?.string == name }
            } else {
                node = node?.mapping?[key]
            }
        }
        return node.map(flowText)
    }

    // MARK: - Editing the tree

    /// `root` with every override's value put at its path (missing keys and mappings are added).
    static func apply(_ overrides: [(ArchitectureOverride, Anchor)], to root: Node) -> Node {
        overrides.reduce(root) { tree, item in
            setting(item.0.path[...], in: tree, to: anchored(item.0.value, item.1), anchor: item.1)
        }
    }

    static func setting(_ path: ArraySlice<String>, in node: Node, to value: Node, anchor: Anchor) -> Node {
        guard let key = path.first else { return value }
        var mapping = node.mapping ?? Node.Mapping([], .implicit, .any, node.mark, anchor)
        let rest = path.dropFirst()
        if key == "levels", let name = rest.first, case .sequence(var levels)? = mapping["levels"],
           let i = levels.firstIndex(where: { $0.mapping?["name"]?.string == name }) {
            levels[i] = setting(rest.dropFirst(), in: levels[i], to: value, anchor: anchor)
            mapping["levels"] = .sequence(levels)
        } else if let existing = mapping[key] {
            mapping[key] = setting(rest, in: existing, to: value, anchor: anchor)
        } else {
            let inner = setting(rest, in: .mapping(Node.Mapping([], .implicit, .any, nil, anchor)), to: value, anchor: anchor)
            mapping.append(key: key, value: inner, anchor: anchor)
        }
        return .mapping(mapping)
    }

    /// `node` and everything in it carrying `anchor`, so a diagnostic on any part finds its origin.
    static func anchored(_ node: Node, _ anchor: Anchor) -> Node {
        switch node {
        case .scalar(let s): return .scalar(Node.Scalar(s.string, s.tag, s.style, s.mark, anchor))
        case .sequence(let s): return .sequence(Node.Sequence(s.map { anchored($0, anchor) }, s.tag, s.style, s.mark, anchor))
        case .mapping(let m):
            return .mapping(Node.Mapping(m.map { (anchored($0.key, anchor), anchored($0.value, anchor)) }, m.tag, m.style, m.mark, anchor))
        case .alias: return node
        }
    }

    /// A value as one line: scalars as written, lists and mappings in flow style (`[inputs, outputs]`).
    static func flowText(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string
        case .sequence(let s): return "[" + s.map(flowText).joined(separator: ", ") + "]"
        case .mapping(let m): return "{" + m.map { "\(flowText($0.key)): \(flowText($0.value))" }.joined(separator: ", ") + "}"
        case .alias: return "*alias"
        }
    }
}

extension Node.Mapping {
    mutating func append(key: String, value: Node, anchor: Anchor) {
        self = Node.Mapping(map { ($0.key, $0.value) } + [(Node.scalar(Node.Scalar(key, .implicit, .any, nil, anchor)), value)],
                            tag, style, mark, self.anchor)
    }
}

extension ArchitectureSpec {
    /// The architecture `root` (from `file`, whose folder resolves energy-table paths) with the
    /// overrides applied, validated as usual. Problems in a swept value are reported at the value in
    /// the sweep file (`sweep.yaml:5:3: error: levels.GLB.size = 0: 'size' of GLB must be positive…`);
    /// other problems at the architecture file, naming the overrides that led to them.
    static func parse(_ root: Node, file: String, text: String, directory: String,
                      overrides: [ArchitectureOverride]) throws(SpecError) -> Architecture {
        var reader = SpecReader(file: file, text: text)
        var anchored: [(ArchitectureOverride, Anchor)] = []
        for (i, o) in overrides.enumerated() {
            let anchor = Anchor(rawValue: "dfsim-sweep-\(i)")
            anchored.append((o, anchor))
            reader.origins[anchor.rawValue] = OverrideOrigin(file: o.file, line: o.line, column: o.column,
                                                             parameter: o.parameter, value: o.text, anchor: anchor)
        }
        let edited = ArchitectureOverride.apply(anchored, to: root)
        do {
            return try parse(edited, reader: reader, directory: directory)
        } catch {
            let context = overrides.map { "\($0.parameter) = \($0.text)" }.joined(separator: ", ")
            throw SpecError(error.diagnostics.map { d in
                var d = d
                if d.file == file && !context.isEmpty { d.message += " (with \(context))" }
                return d
            })
        }
    }
}

/// One change to an architecture before it is validated: a dotted path (`levels.GLB.size`,
/// `word_bits`, `levels.RF.spatial.x`, `constraints.GLB.temporal.only`; docs/sweep.md lists them)
/// and a YAML value (`64 KiB`, `8`, `[inputs, outputs]`), with where it was written.
public struct ArchitectureEdit: Hashable, Sendable {
    public var path: String
    /// The value as YAML text.
    public var value: String
    /// Where the edit was written (a file, or e.g. `--set` for a command-line option), for diagnostics.
    public var file: String
    public var line: Int
    public var column: Int

    public init(path: String, value: String, file: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.value = value
        self.file = file
        self.line = line
        self.column = column
    }
}

extension ArchitectureSpec {
    /// Loads the architecture at `path` with `edits` applied to its YAML tree before the usual
    /// validation. An unknown path, or a value the architecture rejects, is reported at the edit's
    /// origin and names it (`compare.yaml:4:5: error: levels.GLB.size = 0: 'size' of GLB must be
    /// positive, got '0'`); other problems at the architecture file with the edits that led to them.
    public static func load(_ path: String, edits: [ArchitectureEdit]) throws(SpecError) -> Architecture {
        let (reader, root) = try SpecReader.load(path)
        let levelNames = ArchitectureOverride.levelNames(in: root)
        var overrides: [ArchitectureOverride] = []
        var problems: [Diagnostic] = []
        for edit in edits {
            if let problem = ArchitectureOverride.problem(with: edit.path, levelNames: levelNames, noun: "architecture parameter") {
                problems.append(Diagnostic(file: edit.file, line: edit.line, column: edit.column, message: problem.message, hint: problem.hint))
                continue
            }
            do {
                let (_, node) = try SpecReader.load(text: edit.value, file: edit.file)
                overrides.append(ArchitectureOverride(parameter: edit.path, value: node, text: ArchitectureOverride.flowText(node),
                                                      file: edit.file, line: edit.line, column: edit.column))
            } catch {
                problems.append(Diagnostic(file: edit.file, line: edit.line, column: edit.column,
                                           message: "\(edit.path) = \(edit.value): not a YAML value"))
            }
        }
        if !problems.isEmpty { throw SpecError(problems) }
        return try parse(root, file: path, text: reader.text, directory: (path as NSString).deletingLastPathComponent, overrides: overrides)
    }
}
