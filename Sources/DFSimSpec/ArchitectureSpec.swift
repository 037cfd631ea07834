import DFSim
import Foundation
import Yams

/// Reads `arch/*.yaml` (docs/format.md §2) into a validated ``Architecture``.
public enum ArchitectureSpec {
    static let topKeys = ["dfsim", "name", "description", "energy_table", "word_bits", "clock_mhz", "compute", "levels",
                           "constraints", "min_utilization", "dataflow", "dataflow_variants"]
    static let levelKeys = ["name", "kind", "size", "keep", "spatial", "network", "sharing", "word_bits", "bandwidth",
                            "read_bandwidth", "write_bandwidth", "read_energy", "write_energy", "update_energy",
                            "description"]
    /// The values of `compute.op`: they pick the integer or floating-point entries of the energy table.
    static let computeOps = ["int_mac", "fp_mac"]

    /// Loads and validates the architecture at `path`.
    public static func load(_ path: String) throws(SpecError) -> Architecture {
        try read(path, dataflow: nil).architecture
    }

    /// Loads the architecture at `path` (as set up for `dataflow`, see ``load(_:dataflow:)``) and
    /// appends to `warnings` what it accepted but that is probably a mistake (`64 KB`, a `keep:`
    /// entry that is no role, …); errors are thrown as usual.
    public static func load(_ path: String, dataflow: DataflowPreset? = nil,
                            warnings: inout [Diagnostic]) throws(SpecError) -> Architecture {
        let (architecture, reader) = try read(path, dataflow: dataflow)
        warnings += reader.warnings.inFileOrder()
        return architecture
    }

    /// Parses architecture YAML given as text.
    public static func parse(text: String, file: String) throws(SpecError) -> Architecture {
        var ignored: [Diagnostic] = []
        return try parse(text: text, file: file, warnings: &ignored)
    }

    /// Parses architecture YAML given as text, appending its warnings to `warnings`.
    public static func parse(text: String, file: String, warnings: inout [Diagnostic]) throws(SpecError) -> Architecture {
        let (reader, node) = try SpecReader.load(text: text, file: file)
        let (architecture, done) = try read(node, reader: reader, directory: ".")
        warnings += done.warnings.inFileOrder()
        return architecture
    }

    /// The architecture at `path` (its `dataflow` variant when it has one) and the reader that
    /// read it, with its warnings and notes.
    static func read(_ path: String, dataflow: DataflowPreset?) throws(SpecError) -> (architecture: Architecture, reader: SpecReader) {
        let (reader, node) = try SpecReader.load(path)
        let tree = dataflow.flatMap { variantNode(node, for: $0) } ?? node
        return try read(tree, reader: reader, directory: (path as NSString).deletingLastPathComponent)
    }

    static func parse(_ node: Node, reader: SpecReader, directory: String) throws(SpecError) -> Architecture {
        try read(node, reader: reader, directory: directory).architecture
    }

    static func read(_ node: Node, reader initial: SpecReader, directory: String) throws(SpecError) -> (architecture: Architecture, reader: SpecReader) {
        var r = initial
        if let keys = node.mapping?.keys.compactMap(\.string), keys.contains("layers"), !keys.contains("levels") {
            r.error(node, "this file is a workload (it has 'layers:'), not an architecture",
                    hint: "did you swap ARCH and WORKLOAD? the architecture comes first: dfsim run ARCH WORKLOAD")
            throw SpecError(r.diagnostics)
        }
        guard let top = r.mapping(node, "the architecture", keys: topKeys, required: ["dfsim", "levels"]) else {
            throw SpecError(r.diagnostics)
        }
        r.checkVersion(top)
        let name = top["name"].flatMap { r.string($0, "'name'") } ?? "arch"
        let wordBits = top["word_bits"].flatMap { r.int($0, "'word_bits'", maximum: SpecReader.largestWordBits) } ?? 16
        let clock = top["clock_mhz"].flatMap {
            r.double($0, "'clock_mhz'", allowZero: false, minimum: (1e-6, "1e-6"), maximum: (1e9, "1e9"), unit: "MHz",
                     hint: "the clock is in MHz, from 1e-6 (1 Hz) to 1e9")
        } ?? 1000
        var table = EnergyTable.horowitz45
        if let tableNode = top["energy_table"], let tableName = r.string(tableNode, "'energy_table'") {
            if let builtIn = EnergyTable.builtIn[tableName] {
                table = builtIn
            } else if tableName.hasSuffix(".yaml") || tableName.contains("/") {
                let path = tableName.hasPrefix("/") ? tableName : (directory as NSString).appendingPathComponent(tableName)
                do { table = try EnergyTableSpec.load(path) } catch {
                    r.error(tableNode, "cannot use energy table '\(tableName)': \(error.diagnostics.first?.message ?? "")")
                }
            } else {
                r.error(tableNode, "unknown energy table '\(tableName)'\(Suggestion.didYouMean(tableName, Array(EnergyTable.builtIn.keys).sorted()))",
                        hint: "built-in tables: horowitz45, eyeriss65; or give a path to a table YAML")
            }
        }
        var compute = ComputeUnit(op: "int_mac", energyPerMAC: 0)
        var computeOverride: Double?
        if let c = top["compute"], let keyed = r.mapping(c, "'compute'", keys: ["op", "energy_pj", "bits"]) {
            if let opNode = keyed["op"], let op = r.string(opNode, "'compute.op'") {
                if computeOps.contains(op) { compute.op = op }
                else {
                    r.error(opNode, "unknown compute op '\(op)'\(Suggestion.didYouMean(op, computeOps))",
                            hint: "compute ops: \(computeOps.joined(separator: ", ")) (integer or floating-point MAC)")
                }
            }
            computeOverride = keyed["energy_pj"].flatMap { r.energy($0, "'compute.energy_pj'") }
        }
        if let e = computeOverride {
            compute.energyPerMAC = e
            compute.energySource = "set in the architecture"
        } else {
            let (e, source) = table.macEnergy(op: compute.op, bits: wordBits)
            compute.energyPerMAC = e
            compute.energySource = source
        }
        var levels: [StorageLevel] = []
        if let list = top["levels"] {
            if case .sequence(let seq) = list, !seq.isEmpty {
                var names = Set<String>()
                for (i, item) in seq.enumerated() {
                    guard let level = parseLevel(item, index: i, wordBits: wordBits, table: table, reader: &r) else { continue }
                    if !names.insert(level.name).inserted { r.error(item, "two levels are named '\(level.name)'") }
                    if i == 0 && level.fanout != nil { r.error(item, "the outermost level cannot open a fan-out") }
                    levels.append(level)
                }
                let instances = levels.reduce(1.0) { $0 * Double($1.fanout?.size ?? 1) }
                if instances > Double(SpecReader.largestCount), let last = seq.last {
                    r.error(last, "the fan-outs multiply to \(String(format: "%.3g", instances)) compute instances; dfsim handles at most \(SpecReader.largestCount)")
                }
                checkTotalBits(levels, nodes: Array(seq), reader: &r)
                if let first = seq.first, let level = levels.first, case .only(let keys) = level.keep,
                   !TensorRole.allCases.allSatisfy({ keys.contains($0.rawValue) }) {
                    r.error(first, "the outermost level '\(level.name)' must keep every tensor",
                            hint: "remove its 'keep:' (the outermost level always holds everything)")
                }
            } else {
                r.error(list, "'levels' must be a non-empty list, outermost (DRAM) first")
            }
        }
        let constraints = ConstraintsSpec.parse(top, levelNames: levels.map(\.name), reader: &r)
        if let variants = top["dataflow_variants"] {
            checkVariants(variants, root: node, reader: &r, directory: directory)
        }
        if case .sequence(let seq)? = top["levels"] { r.notes.levelNodes = Array(seq) }
        r.notes.dataflowNode = top["dataflow"]
        try r.finish()
        let architecture = Architecture(name: name, description: top["description"]?.string ?? "", levels: levels,
                            compute: compute, clockMHz: clock, wordBits: wordBits,
                            energyTableName: table.name, energyTableSource: table.source, constraints: constraints,
                            networkTransferEnergy: table.networkTransfer)
        if let preset = constraints.dataflow {
            SpecBinding.checkStationary(preset, on: architecture, tensors: nil, at: r.notes.dataflowNode, reader: &r)
        }
        return (architecture, r)
    }

    /// Reports the level whose words × word bits × instances take the sized levels past
    /// ``SpecReader/largestTotalBits`` together (sizes in bits and bytes must stay exact integers).
    static func checkTotalBits(_ levels: [StorageLevel], nodes: [Node], reader r: inout SpecReader) {
        var total = 0.0, instances = 1.0
        for level in levels {
            instances *= Double(level.fanout?.size ?? 1)
            guard let size = level.sizeWords else { continue }
            let bits = Double(size) * Double(level.wordBits) * instances
            total += bits
            guard total > Double(SpecReader.largestTotalBits) else { continue }
            let node = nodes.first { $0.mapping?["name"]?.string == level.name }
            r.error(node?.mapping?["size"] ?? node,
                    "level '\(level.name)' holds \(size) words × \(level.wordBits) bits × \(instances < 1e15 ? String(Int(instances)) : String(format: "%.3g", instances)) instances = "
                    + String(format: "%.3g", bits) + " bits; the sized levels together may hold at most 2^62 bits",
                    hint: "sizes are words per instance; check the size, 'word_bits' and the fan-outs above the level")
            return
        }
    }

    static func parseLevel(_ node: Node, index: Int, wordBits: Int, table: EnergyTable,
                           reader r: inout SpecReader) -> StorageLevel? {
        guard let k = r.mapping(node, "level \(index + 1)", keys: levelKeys, required: ["name"]),
              let name = k["name"].flatMap({ r.string($0, "the level name") }) else { return nil }
        var kind = index == 0 ? MemoryKind.dram : .sram
        if let kindNode = k["kind"], let s = r.string(kindNode, "'kind' of \(name)") {
            if let parsed = MemoryKind(rawValue: s) { kind = parsed }
            else {
                r.error(kindNode, "unknown kind '\(s)' for level '\(name)'\(Suggestion.didYouMean(s, MemoryKind.allCases.map(\.rawValue)))",
                        hint: "kinds: dram, sram, regfile")
            }
        }
        let bits = k["word_bits"].flatMap { r.int($0, "'word_bits' of \(name)", maximum: SpecReader.largestWordBits) } ?? wordBits
        var keep = KeepPolicy.all
        if let keepNode = k["keep"] {
            if keepNode.string == "auto" { keep = .auto }
            else if keepNode.string == "all" { keep = .all }
            else if let list = r.stringList(keepNode, "'keep' of \(name)") {
                keep = .only(list)
                let items: [Node] = if case .sequence(let seq) = keepNode { Array(seq) } else { [keepNode] }
                for (entry, item) in zip(list, items) {
                    r.notes.keepEntries.append((name, entry, item))
                    SpecBinding.checkKeepEntry(entry, level: name, at: item, reader: &r)
                }
            }
        }
        var size: Int?
        if let sizeNode = k["size"] { size = parseSize(sizeNode, level: name, wordBits: bits, reader: &r) }
        else if kind != .dram && keep != .only([]) && !k.misspelled.contains("size") {
            r.error(node, "level '\(name)' needs a 'size' (words, or with a unit like '108 KiB')",
                    hint: "only a level that keeps nothing ('keep: []', e.g. one that just opens a PE array) may omit it")
        }
        var fanout: Fanout?
        if let sp = k["spatial"], let s = r.mapping(sp, "'spatial' of \(name)", keys: ["x", "y"]) {
            let x = s["x"].flatMap { r.int($0, "'spatial.x' of \(name)", maximum: 1 << 24) } ?? 1
            let y = s["y"].flatMap { r.int($0, "'spatial.y' of \(name)", maximum: 1 << 24) } ?? 1
            fanout = Fanout(x: x, y: y)
        }
        if let net = k["network"], let n = r.mapping(net, "'network' of \(name)", keys: ["multicast", "reduction"]) {
            if fanout == nil { r.error(net, "'network' describes a fan-out, but level '\(name)' has no 'spatial'") }
            fanout?.multicast = n["multicast"].flatMap { r.bool($0, "'network.multicast'") } ?? true
            fanout?.reduction = n["reduction"].flatMap { r.bool($0, "'network.reduction'") } ?? true
        }
        if let sharingNode = k["sharing"] {
            let names = FanoutSharing.allCases.map(\.rawValue)
            if fanout == nil {
                r.error(sharingNode, "'sharing' describes a fan-out, but level '\(name)' has no 'spatial'")
            } else if let value = sharingNode.string, let sharing = FanoutSharing(rawValue: value) {
                fanout?.sharing = sharing
            } else {
                let value = sharingNode.string ?? "?"
                r.error(sharingNode, "unknown 'sharing' '\(value)' of \(name)\(Suggestion.didYouMean(value, names))",
                        hint: "one of \(names.joined(separator: ", ")): per_axis compares the children of each axis apart, joint the whole array")
            }
        }
        let (tableEnergy, derivation) = table.accessEnergy(kind: kind, wordBits: bits, sizeWords: size)
        let read = k["read_energy"].flatMap { r.energy($0, "'read_energy' of \(name)") }
        let write = k["write_energy"].flatMap { r.energy($0, "'write_energy' of \(name)") }
        let update = k["update_energy"].flatMap { r.energy($0, "'update_energy' of \(name)") }
        // read_energy alone also prices writes; write_energy alone leaves reads to the table.
        let source = read != nil ? "set in the architecture"
            : write != nil ? "write set in the architecture; read \(derivation)" : derivation
        let shared = k["bandwidth"].flatMap { r.bandwidth($0, "'bandwidth' of \(name)") }
        let readBW = k["read_bandwidth"].flatMap { r.bandwidth($0, "'read_bandwidth' of \(name)") }
        let writeBW = k["write_bandwidth"].flatMap { r.bandwidth($0, "'write_bandwidth' of \(name)") }
        if shared != nil && (readBW != nil || writeBW != nil), let n = k.keyNode("bandwidth") {
            r.error(n, "level '\(name)' sets both 'bandwidth' and 'read_bandwidth'/'write_bandwidth'; give one or the other")
        }
        return StorageLevel(name: name, kind: kind, sizeWords: size, keep: keep, fanout: fanout, wordBits: bits,
                            readEnergy: read ?? tableEnergy, writeEnergy: write ?? read ?? tableEnergy,
                            updateEnergy: update, bandwidth: Bandwidth(shared: shared, read: readBW, write: writeBW),
                            energySource: source)
    }
}
