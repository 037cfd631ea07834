import DFSim
import Foundation
import Yams

/// The checks that need an architecture and the workload it runs together (docs/format.md §2.3
/// `keep`, §2.8 presets). dfsim loads each file on its own, so the commands that bring both together
/// (`run`, `compare`, `model`, `sweep`, `check --workload`) call ``check(architecture:dataflow:workload:workloadFile:)``
/// once both are known.
///
/// ```swift
/// let diagnostics = try SpecBinding.check(architecture: "arch/x.yaml", dataflow: nil,
///                                         workload: network, workloadFile: "net.yaml")
/// // arch/x.yaml:9:12: error: 'keep' of GLB lists 'wieghts', which is no role and no tensor of any layer of net.yaml; did you mean 'weights'?
/// ```
public enum SpecBinding {
    static let roles = TensorRole.allCases.map(\.rawValue)

    /// Names people write for roles (Eyeriss' ifmap/filter/psum vocabulary), by the role they mean.
    static let roleAliases: [String: String] = [
        "ifmap": "inputs", "ifmaps": "inputs", "activations": "inputs", "input": "inputs", "activation": "inputs",
        "filter": "weights", "filters": "weights", "kernel": "weights", "kernels": "weights", "weight": "weights",
        "ofmap": "outputs", "ofmaps": "outputs", "psum": "outputs", "psums": "outputs", "output": "outputs",
    ]

    /// Checks the architecture at `path`, as set up for `dataflow` (its `dataflow_variants` entry,
    /// or the base with the preset applied), against `workload` (read from `workloadFile`).
    ///
    /// Returns the architecture's load warnings, the binding's warnings (a preset whose stationary
    /// tensor no PE-local level keeps) and its errors: a `keep:` entry that is no role and names no
    /// tensor of any layer. A load warning at the position of a binding error is dropped (the error
    /// says more). An architecture that does not load throws as ``ArchitectureSpec/load(_:)`` does.
    public static func check(architecture path: String, dataflow: DataflowPreset?, workload: Workload,
                             workloadFile: String) throws(SpecError) -> [Diagnostic] {
        let (architecture, reader) = try ArchitectureSpec.read(path, dataflow: dataflow)
        var r = reader
        let layers = workload.mappedLayers.compactMap(\.einsum)
        var names: [String] = []
        for tensor in layers.flatMap(\.tensors) where !names.contains(tensor.name) { names.append(tensor.name) }
        for entry in r.notes.keepEntries where !names.isEmpty && !roles.contains(entry.name) && !names.contains(entry.name) {
            let shown = names.count > 12 ? names.prefix(12).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
            r.error(entry.node, "'keep' of \(entry.level) lists '\(entry.name)', which is no role and no tensor of any layer of \(workloadFile)"
                    + suggestion(for: entry.name, tensors: names),
                    hint: "roles: inputs, weights, outputs; tensors of \(workloadFile): \(shown)")
        }
        if let preset = dataflow ?? architecture.constraints.dataflow {
            let own = preset == architecture.constraints.dataflow
            checkStationary(preset, on: architecture, tensors: layers, at: own ? r.notes.dataflowNode : nil, reader: &r)
        }
        let errors = r.diagnostics
        let warnings = r.warnings.filter { w in !errors.contains { $0.file == w.file && $0.line == w.line && $0.column == w.column } }
        return (warnings + errors).inFileOrder()
    }

    /// ``check(architecture:dataflow:workload:workloadFile:)`` for a sweep: its base architecture
    /// against every workload, in every dataflow its points use, and the workloads' own warnings.
    public static func check(sweep plan: SweepPlan) throws(SpecError) -> [Diagnostic] {
        guard let (reader, root) = try? SpecReader.load(plan.file), let archNode = root.mapping?["arch"],
              let archText = archNode.string else { return [] }
        var r = reader
        let directory = (plan.file as NSString).deletingLastPathComponent
        guard let path = SweepSpec.resolve(archText, from: directory, node: archNode, what: "architecture", reader: &r) else { return [] }
        var dataflows: [DataflowPreset?] = []
        for point in plan.points where !dataflows.contains(point.dataflow) { dataflows.append(point.dataflow) }
        var result: [Diagnostic] = []
        for entry in plan.workloads {
            var warnings: [Diagnostic] = []
            _ = try? WorkloadSpec.load(entry.path, warnings: &warnings)
            for preset in dataflows {
                warnings += try check(architecture: path, dataflow: preset, workload: entry.workload, workloadFile: entry.path)
            }
            for d in warnings where !result.contains(d) { result.append(d) }
        }
        return result
    }

    // MARK: - The checks

    /// `; did you mean 'weights'?` for an entry close to a role, a role alias (`psum`) or one of `tensors`.
    static func suggestion(for entry: String, tensors: [String] = []) -> String {
        if let role = roleAliases[entry.lowercased()] ?? Suggestion.closest(to: entry, in: roles + tensors) {
            return "; did you mean '\(role)'?"
        }
        return ""
    }

    /// At load, without the workload: an entry of `keep:` that is no role and no plausible tensor
    /// name (it is close to a role, is a role alias, or is no identifier) is probably a misspelt role.
    static func checkKeepEntry(_ entry: String, level: String, at node: Node, reader r: inout SpecReader) {
        guard !roles.contains(entry) else { return }
        if entry == "all" || entry == "auto" {
            r.warning(node, "'keep' of \(level) lists '\(entry)', which is taken as a tensor name",
                      hint: "write 'keep: \(entry)' without brackets")
            return
        }
        let identifier = entry.first.map { $0.isLetter || $0 == "_" } == true
            && entry.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        let suggested = suggestion(for: entry)
        guard !suggested.isEmpty || !identifier else { return } // a plausible tensor name: checked with the workload
        r.warning(node, "'keep' of \(level) lists '\(entry)', which is no role\(suggested)",
                  hint: "roles: inputs, weights, outputs; any other entry must name a tensor of the workload (e.g. I, W, O)")
    }

    /// Warns when `preset` keeps a tensor still in the PEs (weights for weight- and row-stationary,
    /// outputs for output-, inputs for input-stationary) but no PE-local level (the innermost fan-out's
    /// level and those inside it) keeps that tensor: the preset then only constrains loops. Also when
    /// the architecture has no fan-out, where a preset has no effect at all.
    ///
    /// Without `tensors` (at load), a `keep:` entry that is no role might name the tensor and counts
    /// as keeping it. The warning is at `at` (the `dataflow:` value), else at the PE array's level.
    static func checkStationary(_ preset: DataflowPreset, on architecture: Architecture, tensors layers: [Einsum]?,
                                at: Node?, reader r: inout SpecReader) {
        let at = at?.mark == nil ? nil : at
        guard let array = architecture.levels.lastIndex(where: { $0.fanout != nil }), array > 0 else {
            r.warning(at ?? r.notes.levelNodes.first, "dataflow '\(preset.rawValue)' has no effect: the architecture has no spatial fan-out (PE array)",
                      hint: "a preset constrains the PE array and the levels inside it; give a level 'spatial: {x: …, y: …}'")
            return
        }
        let role: TensorRole
        switch preset {
        case .weightStationary, .rowStationary: role = .weights
        case .outputStationary: role = .outputs
        case .inputStationary: role = .inputs
        case .noLocalReuse: return
        }
        func keeps(_ level: StorageLevel) -> Bool {
            guard case .only(let keys) = level.keep else { return true }
            if keys.contains(role.rawValue) { return true }
            guard let layers else { return keys.contains { !roles.contains($0) } }
            return layers.contains { e in e.tensor(role).map { keys.contains($0.name) } ?? false }
        }
        let local = architecture.levels[array...]
        guard !local.contains(where: keeps) else { return }
        let names = local.map { "'\($0.name)'" }
        let levels = names.count == 1 ? "level \(names[0])" : "levels \(names.joined(separator: ", "))"
        let node = at ?? (array < r.notes.levelNodes.count ? r.notes.levelNodes[array] : nil)
        r.warning(node, "dataflow '\(preset.rawValue)' keeps the \(role.rawValue) stationary in the PEs, but no PE-local level (\(levels)) keeps \(role.rawValue); the preset only constrains loops",
                  hint: "add '\(role.rawValue)' to the 'keep:' of \(names.last ?? "a PE-local level"), or write 'keep: auto' there")
    }
}
