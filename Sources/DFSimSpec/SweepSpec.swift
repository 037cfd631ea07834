import DFSim
import Foundation
import Yams

/// Reads a sweep file (`docs/sweep.md`) into a validated ``SweepPlan``.
///
/// ```yaml
/// dfsim: 1
/// arch: ../arch/eyeriss_like.yaml
/// workloads: [../workloads/alexnet.yaml]
/// vary:
///   levels.shared_glb.size: [64 KiB, 128 KiB]
///   dataflow: [row_stationary, weight_stationary]
/// ```
public enum SweepSpec {
    static let topKeys = ["dfsim", "name", "description", "arch", "workloads", "workload", "layers", "objective", "dataflow",
                          "vary", "points", "plot"]
    /// Parameters that are not architecture paths.
    static let specialKeys = ["dataflow", "objective", "workload"]

    /// A swept value: the YAML node and its text.
    struct Value {
        var node: Node
        var text: String
    }

    /// Loads the sweep at `path`; paths in it are relative to its folder (or, when no such file
    /// exists there, to the current directory).
    public static func load(_ path: String) throws(SpecError) -> SweepPlan {
        let (initial, node) = try SpecReader.load(path)
        var r = initial
        guard let top = r.mapping(node, "the sweep", keys: topKeys, required: ["dfsim", "arch"]) else {
            throw SpecError(r.diagnostics)
        }
        r.checkVersion(top)
        let directory = (path as NSString).deletingLastPathComponent
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = top["name"].flatMap { r.string($0, "'name'") } ?? fileName
        let objective = top["objective"].flatMap { objectiveValue($0, reader: &r) } ?? .edp
        let dataflowText = top["dataflow"].flatMap { dataflowValue($0, reader: &r) } ?? "arch"
        let layerNames = top["layers"].flatMap { r.stringList($0, "'layers'") }

        // The base architecture must be valid on its own; its errors point into its own file.
        guard let archNode = top["arch"], let archText = r.string(archNode, "'arch'") else { throw SpecError(r.diagnostics) }
        guard let archPath = resolve(archText, from: directory, node: archNode, what: "architecture", reader: &r) else {
            throw SpecError(r.diagnostics)
        }
        let (archReader, archRoot) = try SpecReader.load(archPath)
        let archDirectory = (archPath as NSString).deletingLastPathComponent
        let base = try ArchitectureSpec.parse(archRoot, reader: archReader, directory: archDirectory)
        let levelNames = base.levels.map(\.name)

        // Parameters: the grid's axes, then the explicit points.
        var axes: [(name: String, values: [Value])] = []
        var workloadNodes: [Node] = []
        if let vary = top["vary"] {
            for (key, keyNode, valueNode) in pairs(vary, "'vary'", reader: &r) {
                guard checkParameter(key, keyNode, levelNames: levelNames, reader: &r) else { continue }
                let items: [Node] = if case .sequence(let s) = valueNode { Array(s) } else { [valueNode] }
                if items.isEmpty { r.error(valueNode, "'\(key)' in 'vary' needs at least one value") }
                if key == "workload" { workloadNodes = items; continue }
                var values: [Value] = []
                for item in items {
                    guard let value = value(of: key, item, reader: &r) else { continue }
                    if values.contains(where: { $0.text == value.text }) {
                        r.error(item, "the value '\(value.text)' appears twice in '\(key)'", hint: "each value gives its own points; remove the repeat")
                    }
                    values.append(value)
                }
                axes.append((key, values))
            }
        }
        var explicit: [[(name: String, value: Value)]] = []
        if let list = top["points"] {
            if case .sequence(let items) = list, !items.isEmpty {
                for item in items {
                    var assignment: [(name: String, value: Value)] = []
                    for (key, keyNode, valueNode) in pairs(item, "each item of 'points'", reader: &r) {
                        if key == "workload" {
                            r.error(keyNode, "'workload' cannot be set per point", hint: "every point runs every workload of 'workloads:'")
                            continue
                        }
                        guard checkParameter(key, keyNode, levelNames: levelNames, reader: &r),
                              let value = value(of: key, valueNode, reader: &r) else { continue }
                        assignment.append((key, value))
                    }
                    explicit.append(assignment)
                }
            } else {
                r.error(list, "'points' must be a non-empty list of parameter mappings, e.g. [{levels.GLB.size: 64 KiB, dataflow: ws}]")
            }
        }

        let workloads = loadWorkloads(top, varied: workloadNodes, directory: directory, layerNames: layerNames, reader: &r)
        var parameters = axes.map(\.name)
        for assignment in explicit { for (key, _) in assignment where !parameters.contains(key) { parameters.append(key) } }
        let plot = top["plot"].flatMap { plotValue($0, parameters: parameters, reader: &r) }
        let gridCount = axes.isEmpty && !explicit.isEmpty ? 0 : SweepGrid.count(axes.map(\.values.count))
        guard let gridCount, gridCount + explicit.count <= SweepGrid.largestCount else {
            r.error(top["vary"] ?? node, "the sweep has more than \(SweepGrid.largestCount) points", hint: "split it into several sweeps")
            throw SpecError(r.diagnostics)
        }
        try r.finish()

        // Every point: its values (base values where it sets none), its architecture, dataflow and objective.
        let assignments: [[(name: String, value: Value)]] =
            (gridCount == 0 ? [] : SweepGrid.combinations(axes.map { axis in axis.values.map { (axis.name, $0) } })) + explicit
        var architectures: [String: Architecture] = [:]
        var diagnostics: [Diagnostic] = []
        var points: [SweepPlan.Point] = []
        for (index, assignment) in assignments.enumerated() {
            let values = parameters.map { p in
                assignment.first { $0.name == p }?.value.text
                    ?? (p == "objective" ? objective.rawValue : p == "dataflow" ? dataflowText
                        : ArchitectureOverride.baseValue(of: p, in: archRoot) ?? "")
            }
            let overrides = assignment.filter { !specialKeys.contains($0.name) }
                .map { ArchitectureOverride(parameter: $0.name, value: $0.value.node, text: $0.value.text, file: path,
                                            line: $0.value.node.mark?.line ?? 1, column: $0.value.node.mark?.column ?? 1) }
            let dataflow = assignment.first { $0.name == "dataflow" }?.value.text ?? dataflowText
            // An architecture with `dataflow_variants:` is set up in the point's dataflow's own split.
            let variant = DataflowPreset(name: dataflow).flatMap { ArchitectureSpec.variantNode(archRoot, for: $0) }
            let cacheKey = (variant == nil ? "" : "variant=\(dataflow)\n")
                + overrides.map { "\($0.parameter)=\($0.text)" }.joined(separator: "\n")
            var architecture = architectures[cacheKey]
            if architecture == nil {
                do {
                    let parsed = try ArchitectureSpec.parse(variant ?? archRoot, file: archPath, text: archReader.text,
                                                            directory: archDirectory, overrides: overrides)
                    architectures[cacheKey] = parsed
                    architecture = parsed
                } catch {
                    for d in error.diagnostics where !diagnostics.contains(d) { diagnostics.append(d) }
                }
            }
            let pointObjective = assignment.first { $0.name == "objective" }.flatMap { Objective(rawValue: $0.value.text) } ?? objective
            guard let architecture else { continue }
            points.append(SweepPlan.Point(point: SweepPoint(index: index, count: assignments.count, parameters: parameters, values: values),
                                          architecture: architecture, dataflow: DataflowPreset(name: dataflow), objective: pointObjective))
        }
        if !diagnostics.isEmpty {
            // The sweep file's problems first, in file order.
            let ordered = diagnostics.enumerated().sorted { a, b in
                (a.element.file == path ? 0 : 1, a.element.line, a.element.column, a.offset)
                    < (b.element.file == path ? 0 : 1, b.element.line, b.element.column, b.offset)
            }
            throw SpecError(ordered.map(\.element))
        }

        var identity = "dfsim-sweep 1\nname \(name)\nobjective \(objective.rawValue)\ndataflow \(dataflowText)\n"
        identity += "layers \(layerNames?.joined(separator: ",") ?? "*")\nparameters \(parameters.joined(separator: "\t"))\n"
        for p in points { identity += "\(p.point.id) \(p.point.key) \(p.point.values.joined(separator: "\t"))\n" }
        identity += "arch\n" + canonical(archRoot)
        for w in workloads { identity += "workload \(w.entry.name)\n" + canonical(w.root) }
        return SweepPlan(name: name, file: path, parameters: parameters, points: points, workloads: workloads.map(\.entry),
                         objective: objective, fingerprint: StableHash.hex(identity), plot: plot)
    }

    /// A YAML tree as text without comments or formatting choices.
    static func canonical(_ node: Node) -> String {
        (try? Yams.serialize(node: node, sortKeys: false)) ?? ArchitectureOverride.flowText(node)
    }
}
