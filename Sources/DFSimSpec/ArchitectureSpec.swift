import DFSim
import Foundation
import Yams

/// Reads `arch/*.yaml` (docs/format.md §2) into a validated ``Architecture``.
public enum ArchitectureSpec {
    static let topKeys = ["dfsim", "name", "description", "energy_table", "word_bits", "clock_mhz", "compute", "levels",
                           "constraints", "min_utilization", "dataflow", "dataflow_variants"]
    static let levelKeys = ["name", "kind", "size", "keep", "spatial", "network", "word_bits", "bandwidth",
                            "read_bandwidth", "write_bandwidth", "read_energy", "write_energy", "update_energy",
                            "description"]

    /// Loads and validates the architecture at `path`.
    public static func load(_ path: String) throws(SpecError) -> Architecture {
        let (reader, node) = try SpecReader.load(path)
        return try parse(node, reader: reader, directory: (path as NSString).deletingLastPathComponent)
    }

    /// Parses architecture YAML given as text.
    public static func parse(text: String, file: String) throws(SpecError) -> Architecture {
        let (reader, node) = try SpecReader.load(text: text, file: file)
        return try parse(node, reader: reader, directory: ".")
    }

    static func parse(_ node: Node, reader initial: SpecReader, directory: String) throws(SpecError) -> Architecture {
        var r = initial
        guard let top = r.mapping(node, "the architecture", keys: topKeys, required: ["dfsim", "levels"]) else {
            throw SpecError(r.diagnostics)
        }
        r.checkVersion(top)
        let name = top["name"].flatMap { r.string($0, "'name'") } ?? "arch"
        let wordBits = top["word_bits"].flatMap { r.int($0, "'word_bits'") } ?? 16
        let clock = top["clock_mhz"].flatMap { r.double($0, "'clock_mhz'", allowZero: false) } ?? 1000
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
                if ["int_mac", "fp_mac"].contains(op) { compute.op = op }
                else { r.error(opNode, "unknown compute op '\(op)'\(Suggestion.didYouMean(op, ["int_mac", "fp_mac"]))") }
            }
            computeOverride = keyed["energy_pj"].flatMap { r.double($0, "'compute.energy_pj'") }
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
        try r.finish()
        return Architecture(name: name, description: top["description"]?.string ?? "", levels: levels,
                            compute: compute, clockMHz: clock, wordBits: wordBits,
                            energyTableName: table.name, energyTableSource: table.source, constraints: constraints,
                            networkTransferEnergy: table.networkTransfer)
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
        let bits = k["word_bits"].flatMap { r.int($0, "'word_bits' of \(name)") } ?? wordBits
        var keep = KeepPolicy.all
        if let keepNode = k["keep"] {
            if keepNode.string == "auto" { keep = .auto }
            else if keepNode.string == "all" { keep = .all }
            else if let list = r.stringList(keepNode, "'keep' of \(name)") { keep = .only(list) }
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
        let (tableEnergy, derivation) = table.accessEnergy(kind: kind, wordBits: bits, sizeWords: size)
        let read = k["read_energy"].flatMap { r.double($0, "'read_energy' of \(name)") }
        let write = k["write_energy"].flatMap { r.double($0, "'write_energy' of \(name)") }
        let update = k["update_energy"].flatMap { r.double($0, "'update_energy' of \(name)") }
        // read_energy alone also prices writes; write_energy alone leaves reads to the table.
        let source = read != nil ? "set in the architecture"
            : write != nil ? "write set in the architecture; read \(derivation)" : derivation
        let shared = k["bandwidth"].flatMap { r.double($0, "'bandwidth' of \(name)", allowZero: false) }
        let readBW = k["read_bandwidth"].flatMap { r.double($0, "'read_bandwidth' of \(name)", allowZero: false) }
        let writeBW = k["write_bandwidth"].flatMap { r.double($0, "'write_bandwidth' of \(name)", allowZero: false) }
        if shared != nil && (readBW != nil || writeBW != nil), let n = k.keyNode("bandwidth") {
            r.error(n, "level '\(name)' sets both 'bandwidth' and 'read_bandwidth'/'write_bandwidth'; give one or the other")
        }
        return StorageLevel(name: name, kind: kind, sizeWords: size, keep: keep, fanout: fanout, wordBits: bits,
                            readEnergy: read ?? tableEnergy, writeEnergy: write ?? read ?? tableEnergy,
                            updateEnergy: update, bandwidth: Bandwidth(shared: shared, read: readBW, write: writeBW),
                            energySource: source)
    }

    /// `4096`, `4096 words`, `108 KiB`, `2 MiB`, `512 B` → words of `wordBits`.
    static func parseSize(_ node: Node, level: String, wordBits: Int, reader r: inout SpecReader) -> Int? {
        guard case .scalar(let scalar) = node else {
            r.error(node, "'size' of \(level) must be a number of words or a size like '108 KiB'")
            return nil
        }
        let parts = scalar.string.split(separator: " ").map(String.init)
        guard let first = parts.first, let value = Double(first), value > 0 else {
            r.error(node, "'size' of \(level) must be positive, got '\(scalar.string)'")
            return nil
        }
        let unit = parts.count > 1 ? parts[1] : "words"
        let bytesPer: [String: Double] = ["B": 1, "KiB": 1024, "MiB": 1024 * 1024, "KB": 1000, "MB": 1_000_000]
        let words: Double
        if ["words", "word"].contains(unit) { words = value }
        else if let b = bytesPer[unit] { words = value * b * 8 / Double(wordBits) }
        else {
            r.error(node, "unknown size unit '\(unit)' for \(level)\(Suggestion.didYouMean(unit, ["words", "B", "KiB", "MiB", "KB", "MB"]))",
                    hint: "write e.g. '108 KiB' or a plain number of words")
            return nil
        }
        guard words <= Double(SpecReader.largestCount) else {
            r.error(node, "'size' of \(level) must be at most \(SpecReader.largestCount) words, got '\(scalar.string)'")
            return nil
        }
        guard parts.count <= 2, words == words.rounded(), words >= 1 else {
            r.error(node, "'size' of \(level) must be a whole number of \(wordBits)-bit words, got '\(scalar.string)'")
            return nil
        }
        return Int(words)
    }
}
