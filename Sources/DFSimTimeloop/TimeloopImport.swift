import DFSim
import DFSimSpec
import Foundation

/// Timeloop's input files turned into dfsim's: an architecture (docs/format.md §2), a workload
/// with one raw einsum layer (§1) and, when a Timeloop mapping is given, its mapping (§3), such
/// that `dfsim model` on them reproduces `timeloop-model`'s counts, cycles and energy.
///
/// ```swift
/// let imported = try TimeloopImport.translate(.init(architecture: "arch.yaml", problem: "problem.yaml",
///                                                   mapping: "map.yaml", energyTable: "ERT.yaml"))
/// try imported.write(to: "out")   // out/arch.yaml, out/workload.yaml, out/mapping.yaml
/// ```
///
/// What cannot be translated (a component without ERT energies, sparse tensors, imperfect
/// factors, user-defined networks, …) is a ``SpecError`` at the Timeloop file's line and column.
/// docs/import.md describes every rule.
public struct TimeloopImport: Sendable {
    /// The Timeloop files to read. Any of them may hold several sections (an architecture file
    /// with `architecture_constraints:`, a problem file that also holds the mapping); each
    /// section is taken from its own file first, else from the first other file that has it.
    public struct Inputs: Sendable {
        public var architecture: String
        public var problem: String
        public var mapping: String?
        public var energyTable: String?
        /// The name of the architecture and workload written (default: from the file names).
        public var name: String?

        public init(architecture: String, problem: String, mapping: String? = nil, energyTable: String? = nil, name: String? = nil) {
            self.architecture = architecture
            self.problem = problem
            self.mapping = mapping
            self.energyTable = energyTable
            self.name = name
        }
    }

    /// The files `write(to:)` creates, inside the output folder.
    public static let architectureFile = "arch.yaml"
    public static let workloadFile = "workload.yaml"
    public static let mappingFile = "mapping.yaml"

    public var architectureYAML: String
    public var workloadYAML: String
    /// nil without a Timeloop mapping.
    public var mappingYAML: String?
    /// What the translation left out or approximated (also written as comments into the files).
    public var notes: [String]

    /// Translates and then reads the results back with dfsim's own parsers (named as files in
    /// `directory`), so that what is written is valid: a problem that shows only there (a tile
    /// that does not fit, a spatial factor beyond a fan-out) is reported too.
    public static func translate(_ inputs: Inputs, directory: String = ".") throws(SpecError) -> TimeloopImport {
        var loadErrors: [Diagnostic] = []
        func load(_ path: String?) -> Located? {
            guard let path else { return nil }
            do { return try TimeloopFile.load(path) } catch { loadErrors += error.diagnostics; return nil }
        }
        let archRoot = load(inputs.architecture), problemRoot = load(inputs.problem)
        let mappingRoot = load(inputs.mapping), ertRoot = load(inputs.energyTable)
        if !loadErrors.isEmpty { throw SpecError(loadErrors) }
        let files = [archRoot, problemRoot, mappingRoot, ertRoot].compactMap { $0 }
        func section(_ key: String, own: Located?) -> Located? {
            if let own, own[key] != nil { return own }
            return files.first { $0[key] != nil }
        }

        var p = Problems()
        let problem = TimeloopProblem.read(section("problem", own: problemRoot) ?? problemRoot!, &p)
        let arch = TimeloopArchitecture.read(section("architecture", own: archRoot) ?? section("arch", own: archRoot) ?? archRoot!, &p)
        var ert: TimeloopEnergyTable?
        if let root = section("ERT", own: ertRoot) {
            ert = TimeloopEnergyTable.read(root, &p)
        } else if let ertRoot {
            p.error(ertRoot, "no 'ERT:' in the energy reference table file")
        }
        var mappingList: Located?
        if let mappingRoot {
            let root = section("mapping", own: mappingRoot) ?? mappingRoot
            if let m = root["mapping"] {
                mappingList = m.items != nil ? m : (m["targets"] ?? m)
            } else {
                p.error(root, "no 'mapping:' in the mapping file", hint: "a Timeloop mapping is 'mapping: [{target, type, factors, permutation}, ...]'")
            }
        }
        guard let problem, let arch else { try p.finish(); throw SpecError(p.diagnostics) }

        let name = inputs.name ?? defaultName(inputs.architecture)
        var translator = TimeloopTranslator(problem: problem, arch: arch, ert: ert, name: name,
                                            files: (inputs.architecture, inputs.problem, inputs.mapping, inputs.energyTable))
        translator.build(&p)
        try p.finish()  // the steps below need consistent levels
        if let mappingList {
            let directives = TimeloopDirectives.read(mappingList, problem: problem, levelNames: arch.levels.map(\.name),
                                                     what: "the mapping", strictFactors: true, &p)
            translator.apply(mapping: directives, at: mappingList, &p)
        }
        translator.readConstraints(files: files, &p)
        translator.price(&p)
        try p.finish()

        let result = translator.output()
        try result.validate(directory: directory)
        return result
    }

    /// Writes the files into `directory` (created when missing), replacing earlier ones; a
    /// mapping file left by an earlier import with a mapping is removed when this one has none.
    public func write(to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: directory)
        try architectureYAML.write(to: url.appendingPathComponent(Self.architectureFile), atomically: true, encoding: .utf8)
        try workloadYAML.write(to: url.appendingPathComponent(Self.workloadFile), atomically: true, encoding: .utf8)
        let mappingURL = url.appendingPathComponent(Self.mappingFile)
        if let mappingYAML {
            try mappingYAML.write(to: mappingURL, atomically: true, encoding: .utf8)
        } else if fm.fileExists(atPath: mappingURL.path) {
            try fm.removeItem(at: mappingURL)
        }
    }

    /// The three files read back with dfsim's parsers: architecture, workload, layer einsum and mapping.
    public func parsed(directory: String = ".") throws(SpecError) -> (Architecture, Workload, Einsum, Mapping?) {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let architecture = try ArchitectureSpec.parse(text: architectureYAML, file: base + Self.architectureFile)
        let workload = try WorkloadSpec.parse(text: workloadYAML, file: base + Self.workloadFile)
        guard let einsum = workload.mappedLayers.first?.einsum else {
            throw SpecError([Diagnostic(file: base + Self.workloadFile, line: 1, column: 1, message: "the imported workload has no layer with MACs")])
        }
        let mapping: Mapping?
        if let mappingYAML {
            mapping = try MappingSpec.parse(text: mappingYAML, file: base + Self.mappingFile, einsum: einsum, architecture: architecture)
        } else {
            mapping = nil
        }
        return (architecture, workload, einsum, mapping)
    }

    func validate(directory: String) throws(SpecError) {
        do {
            _ = try parsed(directory: directory)
        } catch {
            throw SpecError(error.diagnostics.map { d in
                var d = d
                d.hint = (d.hint.map { $0 + "; " } ?? "") + "in the file 'dfsim import timeloop' would write from the Timeloop inputs (nothing was written)"
                return d
            })
        }
    }

    /// `designs/eyeriss_like/arch.yaml` → `eyeriss_like`; `simba-arch.yaml` → `simba-arch`.
    static func defaultName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let generic = ["arch", "architecture", "arch-only", "arch_only", "arch-with-constraints", "timeloop"]
        if generic.contains(stem.lowercased()) {
            var folder = url.deletingLastPathComponent()
            if folder.lastPathComponent.lowercased() == "timeloop" || folder.lastPathComponent.lowercased() == "arch" {
                folder = folder.deletingLastPathComponent()
            }
            let name = folder.lastPathComponent
            if !name.isEmpty && name != "/" && name != "." { return name }
        }
        return stem
    }
}
