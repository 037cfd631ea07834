import DFSimSpec
import Foundation

/// Builds dfsim's levels, mapping and constraints from a read Timeloop design.
///
/// Timeloop's spatial containers (`dummy_storage` levels, v0.4 `!Container`s) are no dfsim
/// levels: their fan-out moves to the next real level inside them, their spatial loops to the
/// real level above, as in `Tests/Reference/cases` (README, "Where the cases come from").
struct TimeloopTranslator {
    let problem: TimeloopProblem
    let arch: TimeloopArchitecture
    let ert: TimeloopEnergyTable?
    let name: String
    let files: (architecture: String, problem: String, mapping: String?, energyTable: String?)

    /// One dfsim level.
    struct Level {
        var tl: Int
        var name: String
        var kind = "sram"
        var wordBits = 16
        var blockSize = 1
        var clusterSize = 1
        var clusterAt: Located?
        var size: Int?
        var spatial: (x: Int, y: Int)?
        /// A 2-D fan-out that Timeloop builds from nested containers compares its children per
        /// axis; one container with meshX × meshY compares them all (`sharing: joint`, the default).
        var perAxis = false
        var readBandwidth: Double?
        var writeBandwidth: Double?
        var bandwidth: Double?
        /// Roles kept; nil: every tensor (or `auto` without a mapping and constraints).
        var keep: [String]?
        var readEnergy = 0.0, writeEnergy = 0.0, updateEnergy = 0.0
        var temporal: [(dim: String, factor: Int)] = []
        var spatialX: [(dim: String, factor: Int)] = []
        var spatialY: [(dim: String, factor: Int)] = []
        var constraints: [String] = []
    }

    var levels: [Level] = []
    /// For each Timeloop level, the dfsim level at or above it.
    var owner: [Int] = []
    var computeEnergy = 0.0
    var computeOp = "int_mac"
    var notes: [String] = []
    var hasMapping = false
    /// Per Timeloop level, the instances a mapping uses (product of the spatial factors above).
    var utilized: [Int] = []

    init(problem: TimeloopProblem, arch: TimeloopArchitecture, ert: TimeloopEnergyTable?, name: String,
         files: (architecture: String, problem: String, mapping: String?, energyTable: String?)) {
        self.problem = problem
        self.arch = arch
        self.ert = ert
        self.name = name
        self.files = files
    }

    // MARK: - Levels

    mutating func build(_ p: inout Problems) {
        if !problem.ignoredInstanceKeys.isEmpty {
            notes.append("problem: instance keys that are neither dimensions nor coefficients were ignored, as Timeloop ignores them: " + problem.ignoredInstanceKeys.joined(separator: ", "))
        }
        var seen: [String: Located] = [:]
        for c in arch.levels {
            if seen[c.name] != nil { p.error(c.at, "a second level named '\(c.name)'; level names must be unique") }
            seen[c.name] = c.at
        }
        guard arch.levels[0].kind == .storage else {
            p.error(arch.levels[0].at, "the outermost level '\(arch.levels[0].name)' is a container: the outermost level must be storage (DRAM)")
            return
        }
        if arch.levels[0].instances != 1 {
            p.error(arch.levels[0].at, "the outermost level '\(arch.levels[0].name)' has \(arch.levels[0].instances) instances; dfsim's outermost level is one")
        }
        for (k, c) in arch.levels.enumerated() {
            if c.kind == .storage {
                var level = Level(tl: k, name: c.name)
                readStorage(c, into: &level, &p)
                if let previous = levels.last {
                    level.spatial = fanout(from: arch.levels[previous.tl], to: c, &p)
                    // Each component between the two levels that multiplies the instances is one
                    // nested spatial level of Timeloop's: more than one means per-axis comparison.
                    var steps = 0
                    for j in (previous.tl + 1)...k where arch.levels[j].instances != arch.levels[j - 1].instances { steps += 1 }
                    if let s = level.spatial, s.x > 1, s.y > 1, steps > 1 { level.perAxis = true }
                }
                levels.append(level)
            }
            owner.append(levels.count - 1)
        }
        utilized = Array(repeating: 1, count: arch.levels.count)
        let innermost = arch.levels[levels.last!.tl]  // invariant: level 0 is storage, so levels is not empty
        if arch.compute.instances != innermost.instances {
            p.error(arch.compute.at, "'\(arch.compute.name)' has \(arch.compute.instances) instances, but the innermost storage level '\(innermost.name)' has \(innermost.instances)",
                    hint: "dfsim places one MAC under each instance of its innermost level; a fan-out between the last storage level and the MACs cannot be translated")
        }
        computeOp = arch.compute.cls.lowercased().contains("fp") ? "fp_mac" : "int_mac"
        levels[0].kind = "dram"
    }

    /// Size, word bits, block and cluster size, bandwidths of one storage level, with Timeloop's
    /// rules (`BufferLevel::ParseSpecs`): block size = width / (word bits × cluster size), size =
    /// depth × block size words, `sizeKB` in KiB, `entries` in words.
    private mutating func readStorage(_ c: TimeloopComponent, into level: inout Level, _ p: inout Problems) {
        let lower = c.cls.lowercased()
        level.kind = lower.contains("dram") ? "dram" : (lower.contains("regfile") || lower.contains("_rf") || lower.hasSuffix("rf")) ? "regfile" : "sram"
        guard let wb = c.attribute(["word_bits", "datawidth", "word_width"]) else {
            p.error(c.at, "storage level '\(c.name)' has no word width", hint: "set 'datawidth' (or 'word-bits') in its attributes")
            return
        }
        guard let wordBits = p.int(wb.value, "'\(wb.key)' of \(c.name)") else { return }
        level.wordBits = wordBits
        let blockAttr = c.attribute(["block_size", "n_words"])
        let clusterAttr = c.attribute(["cluster_size"])
        var block = blockAttr.flatMap { p.int($0.value, "'\($0.key)' of \(c.name)") }
        var cluster = clusterAttr.flatMap { p.int($0.value, "'cluster-size' of \(c.name)") }
        if let w = c.attribute(["width", "memory_width", "data_storage_width"]), let width = p.int(w.value, "'\(w.key)' of \(c.name)") {
            switch (block, cluster) {
            case let (b?, cl?):
                if b * wordBits * cl != width {
                    p.error(w.value, "\(c.name): block size \(b) × word bits \(wordBits) × cluster size \(cl) is not the width \(width)")
                }
            case let (nil, cl?):
                block = width / (cl * wordBits)
            case let (b?, nil):
                cluster = width / (wordBits * b)
            case (nil, nil):
                block = width / wordBits
                cluster = 1
            }
            if let b = block, b >= 1, width % (wordBits * b) != 0 {
                p.error(w.value, "\(c.name): the width \(width) is not a multiple of word bits \(wordBits) × block size \(b)")
            }
        }
        level.blockSize = max(block ?? 1, 1)
        level.clusterSize = max(cluster ?? 1, 1)
        if level.clusterSize > 1 {
            level.clusterAt = clusterAttr?.value ?? c.attribute(["width", "memory_width", "data_storage_width"])?.value
            if c.instances % level.clusterSize != 0 {
                p.error(level.clusterAt ?? c.at, "\(c.name): \(c.instances) instances are not a whole number of clusters of \(level.clusterSize)")
            }
        }
        if let e = c.attribute(["entries"]) {
            level.size = p.int(e.value, "'entries' of \(c.name)")
        } else if let d = c.attribute(["depth", "memory_depth", "data_storage_depth"]) {
            level.size = p.int(d.value, "'\(d.key)' of \(c.name)").map { $0 * level.blockSize }
        } else if let kb = c.attribute(["sizeKB"]) {
            if let v = p.int(kb.value, "'sizeKB' of \(c.name)") {
                if (v * 1024 * 8) % wordBits != 0 { p.error(kb.value, "\(c.name): \(v) KB is not a whole number of \(wordBits)-bit words") }
                level.size = v * 1024 * 8 / wordBits
            }
        }
        if level.size == nil && level.kind != "dram" {
            level.kind = "dram"  // unbounded: dfsim asks a size of every other kind
            notes.append("\(c.name) has no depth (unbounded); it is written as kind 'dram', which only changes default energies and the on-chip area proxy")
        }

        // Bandwidths (words per cycle per instance).
        func positive(_ keys: [String]) -> Double? {
            guard let a = c.attribute(keys), let v = p.number(a.value, "'\(a.key)' of \(c.name)") else { return nil }
            if v <= 0 { p.error(a.value, "'\(a.key)' of \(c.name) must be positive, got \(v)"); return nil }
            return v
        }
        level.readBandwidth = positive(["read_bandwidth"])
        level.writeBandwidth = positive(["write_bandwidth"])
        if let old = positive(["bandwidth"]) {  // deprecated in Timeloop: read = write = bandwidth / 2
            level.readBandwidth = level.readBandwidth ?? old / 2
            level.writeBandwidth = level.writeBandwidth ?? old / 2
        }
        level.bandwidth = positive(["shared_bandwidth"])
        if level.bandwidth != nil && (level.readBandwidth != nil || level.writeBandwidth != nil) {
            p.error(c.attribute(["shared_bandwidth"])!.keyNode,
                    "\(c.name) has both 'shared_bandwidth' and a read or write bandwidth; dfsim's 'bandwidth' cannot be combined with 'read_bandwidth'/'write_bandwidth'")
        }

        // Untranslatable attributes.
        if let m = c.attribute(["multiple_buffering"]), let v = p.number(m.value, "'multiple-buffering' of \(c.name)"), v != 1 {
            p.error(m.keyNode, "'multiple-buffering: \(m.value.string ?? "")' of \(c.name) cannot be translated: dfsim checks a tile against the whole size",
                    hint: "remove it, or divide 'depth' by it yourself")
        }
        for key in ["metadata_storage_depth", "metadata_depth", "metadata_storage_width", "metadata_width", "metadata_datawidth",
                    "metadata_word_bits", "metadata_block_size", "per_dataspace_bandwidth_consumption_scale"] {
            if let a = c.attribute([key]) {
                p.error(a.keyNode, "'\(a.key)' of \(c.name) (sparse or per-data-space modelling) cannot be translated: dfsim models dense tensors")
            }
        }
        for key in ["compression_supported", "decompression_supported", "concordant_compressed_tile_traversal", "tile_partition_supported"] {
            if let a = c.attribute([key]), a.value.node.bool == true {
                p.error(a.keyNode, "'\(a.key): true' of \(c.name) (sparse optimization) cannot be translated: dfsim models dense tensors")
            }
        }
    }

    /// The fan-out between two storage levels: the ratio of instances, split along X and Y by
    /// the ratio of their meshes.
    private func fanout(from outer: TimeloopComponent, to inner: TimeloopComponent, _ p: inout Problems) -> (x: Int, y: Int)? {
        guard inner.instances % max(outer.instances, 1) == 0 else {
            p.error(inner.at, "\(inner.name) has \(inner.instances) instances, not a multiple of the \(outer.instances) of '\(outer.name)' above it")
            return nil
        }
        let total = inner.instances / max(outer.instances, 1)
        guard total > 1 else { return nil }
        if inner.meshX % max(outer.meshX, 1) == 0, inner.meshY % max(outer.meshY, 1) == 0 {
            let x = inner.meshX / max(outer.meshX, 1), y = inner.meshY / max(outer.meshY, 1)
            if x * y == total { return (x, y) }
        }
        p.error(inner.at, "the fan-out of \(total) from '\(outer.name)' (mesh \(outer.meshX)×\(outer.meshY)) to '\(inner.name)' (mesh \(inner.meshX)×\(inner.meshY)) is no X × Y grid",
                hint: "meshX and meshY of each level must be multiples of those of the level above")
        return nil
    }

    // MARK: - Mapping

    mutating func apply(mapping d: TimeloopDirectives, at list: Located, _ p: inout Problems) {
        hasMapping = true
        let tl = arch.levels
        // Factors must divide the bounds and multiply to them.
        var product: [String: Int] = [:]
        for c in tl {
            guard let level = d.levels[c.name] else { continue }
            for loops in [level.temporal, level.spatial].compactMap({ $0 }) {
                for (dim, f) in loops.factors {
                    product[dim, default: 1] *= f
                    if problem.bounds[dim]! % f != 0 {
                        p.error(loops.factorsAt ?? loops.at, "imperfect factor \(dim)=\(f) at \(c.name): \(f) does not divide the bound \(problem.bounds[dim]!) of \(dim)",
                                hint: "dfsim maps perfect factorizations only (docs/format.md §4.7)")
                    }
                }
            }
        }
        for dim in problem.dims where (product[dim] ?? 1) != problem.bounds[dim]! {
            p.error(list, "the factors of '\(dim)' multiply to \(product[dim] ?? 1) over all levels, but its bound is \(problem.bounds[dim]!)",
                    hint: "a mapping's factors of each dimension must multiply to its bound exactly (imperfect factorizations cannot be translated)")
        }

        // Utilized instances of each Timeloop level.
        var used = 1
        for (k, c) in tl.enumerated() {
            utilized[k] = used
            if let s = d.levels[c.name]?.spatial { used *= s.factors.values.reduce(1, *) }
        }

        // Loops and keep.
        var spatialSeen = Array(repeating: false, count: levels.count)
        for (k, c) in tl.enumerated() {
            let j = owner[k]
            let directives = d.levels[c.name]
            if let t = directives?.temporal {
                let loops = t.permutation.reversed().compactMap { dim -> (dim: String, factor: Int)? in
                    guard let f = t.factors[dim], f > 1 else { return nil }
                    return (problem.dfsimDim[dim]!, f)
                }
                if c.kind != .storage && !loops.isEmpty && spatialSeen[j] {
                    p.error(t.factorsAt ?? t.at, "temporal loops at the container '\(c.name)' sit inside spatial loops of '\(levels[j].name)'; dfsim cannot place them",
                            hint: "move these factors to the temporal entry of '\(levels[j].name)' or of a storage level below")
                }
                levels[j].temporal += loops
            }
            if let s = directives?.spatial {
                let split = s.split ?? s.permutation.count
                var xs: [(dim: String, factor: Int)] = [], ys: [(dim: String, factor: Int)] = []
                for (position, dim) in s.permutation.enumerated() {
                    guard let f = s.factors[dim], f > 1 else { continue }
                    if position < split { xs.append((problem.dfsimDim[dim]!, f)) } else { ys.append((problem.dfsimDim[dim]!, f)) }
                }
                levels[j].spatialX += xs.reversed()
                levels[j].spatialY += ys.reversed()
                if !xs.isEmpty || !ys.isEmpty { spatialSeen[j] = true }
            }
            if let level = directives, level.keep != nil || level.bypass != nil {
                let bypassed = Set(level.bypass ?? []).subtracting(level.keep ?? [])
                let kept = problem.dataSpaces.filter { !bypassed.contains($0.name) }
                if c.kind != .storage {
                    if let keep = level.keep, !keep.isEmpty {
                        p.error(level.keepAt!, "the container '\(c.name)' cannot keep \(keep.joined(separator: ", ")): it holds no data")
                    }
                } else if k == 0 && kept.count != problem.dataSpaces.count {
                    p.error(level.keepAt!, "the outermost level '\(c.name)' must keep every data-space; it bypasses \(bypassed.sorted().joined(separator: ", "))")
                } else {
                    levels[j].keep = kept.map(\.role)
                }
            }
        }
        for j in levels.indices where levels[j].keep == nil { levels[j].keep = problem.dataSpaces.map(\.role) }
    }

    // MARK: - Energies

    /// Per-word energies from the ERT: the vector energy / block size; for clusters, Timeloop
    /// spreads a cluster's access over the utilized instances in it (`FinalizeBufferEnergy`:
    /// energy × utilized clusters / utilized instances, clusters = min(utilized, instances /
    /// cluster size)), so that factor depends on the mapping.
    mutating func price(_ p: inout Problems) {
        guard let ert else {
            p.error(file: files.architecture, "no energy reference table: give the ERT (--ert ERT.yaml) that Accelergy made for this design",
                    hint: "dfsim does not run Accelergy; every storage and compute component needs its energies from an ERT")
            return
        }
        for j in levels.indices {
            let c = arch.levels[levels[j].tl]
            guard ert.actions[c.name] != nil else {
                p.error(c.at, "no energy for '\(c.name)' in the ERT: the Accelergy component '\(c.cls)' cannot be priced",
                        hint: "give the ERT Accelergy generated for this architecture (its tables name every component)")
                continue
            }
            var energies: [Double] = []
            for (what, actions) in [("read", TimeloopEnergyTable.readActions), ("write", TimeloopEnergyTable.fillActions),
                                    ("update", TimeloopEnergyTable.updateActions)] {
                guard let e = ert.energy(c.name, actions) else {
                    p.error(c.at, "the ERT has no \(what) energy for '\(c.name)' (actions \(actions.joined(separator: ", ")))")
                    energies.append(0)
                    continue
                }
                energies.append(e / Double(levels[j].blockSize))
            }
            var factor = 1.0
            if levels[j].clusterSize > 1 {
                if !hasMapping {
                    p.error(levels[j].clusterAt ?? c.at, "cluster size \(levels[j].clusterSize) of \(c.name): Timeloop's energy per access then depends on the mapping; give --mapping",
                            hint: "without a mapping the per-word energy is unknown")
                } else {
                    let u = utilized[levels[j].tl]
                    let clusters = min(u, c.instances / levels[j].clusterSize)
                    factor = Double(clusters) / Double(u)
                    notes.append("\(c.name): cluster size \(levels[j].clusterSize); Timeloop spreads each cluster access over the \(u) utilized instances in \(clusters) cluster(s), so its energies are the ERT's × \(clusters)/\(u), valid for this mapping only")
                }
            }
            if energies.count == 3 {
                (levels[j].readEnergy, levels[j].writeEnergy, levels[j].updateEnergy) = (energies[0] * factor, energies[1] * factor, energies[2] * factor)
            }
            if levels[j].blockSize > 1 {
                notes.append("\(c.name): block size \(levels[j].blockSize); Timeloop charges ceil(accesses / \(levels[j].blockSize)) vector accesses, dfsim the vector energy / \(levels[j].blockSize) per word")
            }
        }
        if let e = ert.energy(arch.compute.name, TimeloopEnergyTable.computeActions) {
            computeEnergy = e
        } else {
            p.error(arch.compute.at, "no compute energy for '\(arch.compute.name)' in the ERT (actions \(TimeloopEnergyTable.computeActions.joined(separator: ", ")))")
        }
    }
}
