import DFSim
import DFSimSpec

/// The variants `dfsim compare` searches: every architecture file × every requested dataflow,
/// each with a name that is unique and as short as the comparison allows, and the baseline.
///
/// Names: one architecture and several dataflows → the dataflow (`row_stationary`); several
/// architectures and one dataflow each → the architecture's name (`arch#2`, the file's position,
/// when two files share a name); several of both → `arch:dataflow` (`arch#2:dataflow`).
public struct ComparePlan: Sendable {
    public struct Item: Sendable {
        /// The architecture file as given.
        public var path: String
        /// The preset applied (`nil`: the architecture's own).
        public var preset: DataflowPreset?
        public var architecture: Architecture
        public var name: String
        /// The dataflow in effect: the preset, else the architecture's own, if any.
        public var dataflow: String?
    }

    public let items: [Item]
    /// Things the user should know before trusting the comparison (e.g. variants that differ in word bits).
    public let warnings: [String]

    /// Loads every architecture in each requested preset (`[nil]`: each architecture's own).
    public init(archPaths: [String], presets: [DataflowPreset?]) throws {
        var items: [Item] = []
        var pathIndex: [Int] = []
        for (p, path) in archPaths.enumerated() {
            for preset in presets {
                let architecture = try ArchitectureSpec.load(path, dataflow: preset)
                items.append(Item(path: path, preset: preset, architecture: architecture, name: "",
                                  dataflow: preset?.rawValue ?? architecture.constraints.dataflow?.rawValue))
                pathIndex.append(p)
            }
        }
        // An architecture is named by its name, or `name#k` (its position on the command line)
        // when several files share the name.
        let names = items.map(\.architecture.name)
        let label = items.indices.map { i in
            names.indices.contains { names[$0] == names[i] && pathIndex[$0] != pathIndex[i] } ? "\(names[i])#\(pathIndex[i] + 1)" : names[i]
        }
        let severalArchitectures = archPaths.count > 1
        for index in items.indices {
            let preset = items[index].preset
            switch (severalArchitectures, presets != [nil]) {
            case (true, true): items[index].name = "\(label[index]):\(preset?.rawValue ?? "")"
            case (false, true): items[index].name = preset?.rawValue ?? label[index]
            default: items[index].name = label[index]
            }
        }
        self.items = items
        warnings = Self.warnings(items)
    }

    /// The plan with `change` applied to every variant's architecture (e.g. a command-line override).
    public func applying(_ change: (Architecture) -> Architecture) -> ComparePlan {
        ComparePlan(items: items.map { item in
            var item = item
            item.architecture = change(item.architecture)
            return item
        }, warnings: warnings)
    }

    init(items: [Item], warnings: [String]) {
        self.items = items
        self.warnings = warnings
    }

    /// Variants whose words differ in width compare different precisions: energy per word and
    /// capacity in words then mean different things.
    static func warnings(_ items: [Item]) -> [String] {
        func bits(_ a: Architecture) -> String {
            let widths = Set([a.wordBits] + a.levels.map(\.wordBits)).sorted()
            return widths.map(String.init).joined(separator: "/")
        }
        let distinct = Set(items.map { bits($0.architecture) })
        guard distinct.count > 1 else { return [] }
        let listed = items.map { "\($0.name) \(bits($0.architecture))-bit" }.joined(separator: ", ")
        return ["the variants differ in word bits (\(listed)): energies and capacities compare different precisions"]
    }

    /// The first variant that `name` designates: by variant name, dataflow (short names too) or
    /// architecture name; `nil` when none does.
    public static func baselineIndex(_ name: String, names: [String], dataflows: [String?], archNames: [String]) -> Int? {
        let preset = DataflowPreset(name: name)?.rawValue
        return names.indices.first { names[$0] == name || (preset != nil && dataflows[$0] == preset) || archNames[$0] == name }
    }

    /// The index of the variant `baseline` designates; throws naming the variants when none does.
    public func baselineIndex(_ baseline: String) throws -> Int {
        guard let index = Self.baselineIndex(baseline, names: items.map(\.name), dataflows: items.map(\.dataflow),
                                             archNames: items.map(\.architecture.name)) else {
            throw ResultsError("--baseline '\(baseline)' is none of the variants: \(items.map(\.name).joined(separator: ", "))")
        }
        return index
    }

    /// A variant's run folder name (``SafeFileName``): distinct variants never share a folder.
    public static func folderName(_ name: String) -> String { SafeFileName.make(name) }
}
