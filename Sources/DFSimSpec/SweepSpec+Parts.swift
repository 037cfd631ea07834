import DFSim
import Foundation
import Yams

extension SweepSpec {
    /// The key/value pairs of a mapping whose keys are free-form (parameter names).
    static func pairs(_ node: Node, _ what: String, reader r: inout SpecReader) -> [(String, Node, Node)] {
        guard case .mapping(let mapping) = node else {
            r.error(node, "\(what) must be a mapping of parameters to values, got \(r.describe(node))")
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = key.string, !name.isEmpty else {
                r.error(key, "\(what): parameter names must be text")
                return nil
            }
            return (name, key, value)
        }
    }

    /// Whether `name` is a special parameter or a path the architecture schema has; reports the
    /// problem at the key otherwise.
    static func checkParameter(_ name: String, _ keyNode: Node, levelNames: [String], reader r: inout SpecReader) -> Bool {
        if specialKeys.contains(name) { return true }
        guard let problem = ArchitectureOverride.problem(with: name, levelNames: levelNames) else { return true }
        r.error(keyNode, problem.message, hint: problem.hint)
        return false
    }

    /// One value of parameter `name`: presets and objectives are checked here, architecture values
    /// when each point's architecture is validated.
    static func value(of name: String, _ node: Node, reader r: inout SpecReader) -> Value? {
        switch name {
        case "objective": return objectiveValue(node, reader: &r).map { Value(node: node, text: $0.rawValue) }
        case "dataflow": return dataflowValue(node, reader: &r).map { Value(node: node, text: $0) }
        default:
            if case .alias = node {
                r.error(node, "aliases are not supported in sweep values")
                return nil
            }
            return Value(node: node, text: ArchitectureOverride.flowText(node))
        }
    }

    static func objectiveValue(_ node: Node, reader r: inout SpecReader) -> Objective? {
        guard let text = r.string(node, "an objective") else { return nil }
        guard let objective = Objective(rawValue: text) else {
            r.error(node, "unknown objective '\(text)'\(Suggestion.didYouMean(text, Objective.allCases.map(\.rawValue)))",
                    hint: "objectives: edp, energy, latency")
            return nil
        }
        return objective
    }

    /// A preset's full name, or `arch` (keep the architecture's own constraints and `dataflow:`).
    static func dataflowValue(_ node: Node, reader r: inout SpecReader) -> String? {
        guard let text = r.string(node, "a dataflow") else { return nil }
        if text == "arch" { return text }
        guard let preset = DataflowPreset(name: text) else {
            let names = DataflowPreset.allCases.map(\.rawValue)
            r.error(node, "unknown dataflow '\(text)'\(Suggestion.didYouMean(text, names + ["arch"]))",
                    hint: "presets: \(names.joined(separator: ", ")) (or ws, os, is, rs, nlr); 'arch' keeps the architecture's own")
            return nil
        }
        return preset.rawValue
    }

    /// `path` relative to the sweep file's folder, else to the current directory; reported at `node` when neither exists.
    static func resolve(_ path: String, from directory: String, node: Node, what: String, reader r: inout SpecReader) -> String? {
        let candidates = path.hasPrefix("/") ? [path] : [(directory as NSString).appendingPathComponent(path), path]
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        r.error(node, "no such \(what) file '\(path)'",
                hint: path.hasPrefix("/") ? nil : "paths are relative to the sweep file's folder (\(directory.isEmpty ? "." : directory)) or to the current directory")
        return nil
    }

    /// The workloads from `workloads:`, `workload:` or `vary: {workload: …}` (exactly one of them),
    /// with the layers each point maps.
    static func loadWorkloads(_ top: KeyedNodes, varied: [Node], directory: String, layerNames: [String]?,
                              reader r: inout SpecReader) -> [(entry: SweepPlan.WorkloadEntry, root: Node)] {
        let sources = [top["workloads"], top["workload"], varied.isEmpty ? nil : Node.sequence(Node.Sequence(varied))].compactMap { $0 }
        guard let source = sources.first else {
            r.error(top.keyNode("arch"), "the sweep names no workload", hint: "add 'workloads: [path, …]' (each point runs every workload)")
            return []
        }
        if sources.count > 1 {
            r.error(top.keyNode("workload") ?? top.keyNode("vary"), "give the workloads once: in 'workloads:', 'workload:' or 'vary: {workload: …}'")
        }
        let items: [Node] = if case .sequence(let s) = source { Array(s) } else { [source] }
        var result: [(entry: SweepPlan.WorkloadEntry, root: Node)] = []
        var failed = false
        for item in items {
            guard let text = r.string(item, "a workload path"),
                  let path = resolve(text, from: directory, node: item, what: "workload", reader: &r) else { failed = true; continue }
            let workload: Workload, root: Node
            do {
                let (reader, node) = try SpecReader.load(path)
                workload = try WorkloadSpec.parse(node, reader: reader)
                root = node
            } catch {
                r.error(item, "workload '\(text)' is not valid:\n" + error.description)
                failed = true
                continue
            }
            if let other = result.first(where: { $0.entry.name == workload.name }) {
                r.error(item, "two workloads are named '\(workload.name)' (\(other.entry.path) and \(path))",
                        hint: "results are keyed by the workload's name; give each a distinct 'name:'")
            }
            var layers = workload.mappedLayers
            if let layerNames { layers = layers.filter { layerNames.contains($0.name) } }
            if layers.isEmpty {
                r.error(item, layerNames == nil ? "workload '\(workload.name)' has no layers with MACs to map"
                                                : "workload '\(workload.name)' has none of the layers \(layerNames?.joined(separator: ", ") ?? "")",
                        hint: "its layers with MACs: \(workload.mappedLayers.map(\.name).joined(separator: ", "))")
            }
            result.append((SweepPlan.WorkloadEntry(name: workload.name, path: path, workload: workload, layers: layers), root))
        }
        if let names = layerNames, !failed, let node = top["layers"] {
            for name in names where !result.contains(where: { $0.entry.workload.layer(named: name) != nil }) {
                let all = result.flatMap { $0.entry.workload.layers.map(\.name) }
                r.error(node, "no workload has a layer '\(name)'\(Suggestion.didYouMean(name, all))")
            }
        }
        return result
    }
}
