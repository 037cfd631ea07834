import DFSimSpec

/// Timeloop constraints (`architecture_constraints:`/`mapspace_constraints:` targets, v0.4
/// per-node `constraints:`) → dfsim's `constraints:` (docs/format.md §2.7) where they map
/// directly. They restrict `dfsim run`'s search and never change `dfsim model`'s numbers; what
/// has no dfsim form is left out with a note.
extension TimeloopTranslator {
    mutating func readConstraints(files: [Located], _ p: inout Problems) {
        var directives = TimeloopDirectives()
        let names = arch.levels.map(\.name)
        var seen = false
        for root in files {
            for key in ["architecture_constraints", "mapspace_constraints", "constraints", "mapspace"] {
                guard let section = root[key] else { continue }
                let list = section.items != nil ? section : section["targets"]
                guard let list else { continue }
                seen = true
                let read = TimeloopDirectives.read(list, problem: problem, levelNames: names, what: "'\(key)'", strictFactors: false, &p)
                directives.levels.merge(read.levels) { $1 }
            }
        }
        // v0.4: constraints on the nodes themselves.
        for c in arch.levels {
            guard let node = c.constraints else { continue }
            seen = true
            var level = directives.levels[c.name] ?? TimeloopDirectives.Level()
            if let ds = node["dataspace"] {
                level.keepAt = ds
                if let k = ds["keep"] { level.keep = p.names(k, "'keep'") }
                if let b = ds["bypass"] { level.bypass = p.names(b, "'bypass'") }
            }
            for type in ["temporal", "spatial"] {
                guard let t = node[type] else { continue }
                var loops = TimeloopDirectives.Loops(at: t)
                if let f = t["factors"] { loops.factorsAt = f; loops.factors = TimeloopDirectives.readFactors(f, problem: problem, strict: false, &p) }
                if let perm = t["permutation"] { loops.permutation = TimeloopDirectives.readPermutation(perm, problem: problem, &p); loops.permutationGiven = true; loops.written = loops.permutation.count }
                for d in problem.dims where !loops.permutation.contains(d) { loops.permutation.append(d) }
                if let s = t["split"], let v = p.int(s, "'split'", minimum: 0) { loops.split = v }
                if type == "temporal" { level.temporal = loops } else { level.spatial = loops }
            }
            directives.levels[c.name] = level
        }
        guard seen else { return }
        apply(constraints: directives)
    }

    private mutating func apply(constraints d: TimeloopDirectives) {
        let tl = arch.levels
        var skipped: [String] = []
        for (k, c) in tl.enumerated() {
            guard let level = d.levels[c.name] else { continue }
            let j = owner[k]
            // Keep / bypass: into the architecture when no mapping decides.
            if !hasMapping, c.kind == .storage, level.keep != nil || level.bypass != nil, k > 0 {
                let bypassed = Set(level.bypass ?? []).subtracting(level.keep ?? [])
                let kept = problem.dataSpaces.filter { !bypassed.contains($0.name) }
                levels[j].keep = kept.map(\.role)
            }
            if let t = level.temporal {
                if c.kind == .storage {
                    var parts: [String] = []
                    if !t.factors.isEmpty {
                        parts.append("factors: {" + problem.dims.compactMap { dim in t.factors[dim].map { "\(problem.dfsimDim[dim]!): \($0)" } }.joined(separator: ", ") + "}")
                    }
                    if t.permutationGiven {
                        // A full permutation is an order (outermost first in dfsim); a partial one is not.
                        if t.written == problem.dims.count {
                            let order = t.permutation.reversed().filter { t.factors[$0] != 1 }.map { problem.dfsimDim[$0]! }
                            if !order.isEmpty { parts.append("order: [" + order.joined(separator: ", ") + "]") }
                        } else {
                            skipped.append("the partial temporal permutation at \(c.name)")
                        }
                    }
                    if !parts.isEmpty { levels[j].constraints.append("temporal: {" + parts.joined(separator: ", ") + "}") }
                } else if t.factors.values.contains(where: { $0 != 1 }) {
                    skipped.append("temporal factors at the container \(c.name)")
                }
            }
        }
        // Spatial: all Timeloop levels whose fan-outs merge into one dfsim fan-out together.
        for j in levels.indices {
            let group = tl.indices.filter { owner[$0] == j }
            // Per axis: absent = not seen yet, nil = unconstrained, a list = the dims allowed.
            var axes: [String: [String]?] = [:]
            var constrained = false
            var pins: [String: Int] = [:]
            var fanning = 0
            for k in group {
                let (fx, fy) = fanout(below: k)
                guard fx * fy > 1 else { continue }
                fanning += 1
                guard let s = d.levels[tl[k].name]?.spatial else {
                    // A fan-out without constraints frees its axes.
                    if fx > 1 { axes["x"] = .some(nil) }
                    if fy > 1 { axes["y"] = .some(nil) }
                    continue
                }
                constrained = true
                // Without a split the mapper chooses it: the axes are then not constrained apart.
                for (axis, fan) in [("x", fx), ("y", fy)] where fan > 1 {
                    let allowed = s.permutation.enumerated().filter { (position, dim) in
                        (s.split.map { (axis == "x") == (position < $0) } ?? true) && s.factors[dim] != 1
                    }.map { problem.dfsimDim[$0.element]! }
                    switch axes[axis] {
                    case .none: axes[axis] = .some(allowed)
                    case .some(.none): break
                    case .some(.some(let old)): axes[axis] = .some(old + allowed.filter { !old.contains($0) })
                    }
                }
                for (dim, f) in s.factors where f > 1 { pins[dim] = (pins[dim] ?? 1) * f }
            }
            guard constrained else { continue }
            var parts: [String] = []
            for axis in ["x", "y"] {
                if case .some(.some(let dims)) = axes[axis] { parts.append("\(axis): [" + dims.joined(separator: ", ") + "]") }
            }
            if !pins.isEmpty {
                if fanning == 1 {
                    parts.append("factors: {" + problem.dims.compactMap { dim in pins[dim].map { "\(problem.dfsimDim[dim]!): \($0)" } }.joined(separator: ", ") + "}")
                } else {
                    skipped.append("spatial factor pins above \(levels[j].name) (several Timeloop fan-outs merge into its one)")
                }
            }
            if !parts.isEmpty { levels[j].constraints.append("spatial: {" + parts.joined(separator: ", ") + "}") }
        }
        notes.append("constraints: keep/bypass, temporal factor pins, full permutations (as 'order') and spatial axes and pins were read; they restrict 'dfsim run' and do not change 'dfsim model'")
        if !skipped.isEmpty { notes.append("constraints left out (no dfsim form): " + skipped.joined(separator: "; ")) }
    }

    /// The fan-out (x, y) from Timeloop level `k` to the level (or the MACs) below it.
    func fanout(below k: Int) -> (Int, Int) {
        let outer = arch.levels[k]
        let inner = k + 1 < arch.levels.count ? arch.levels[k + 1] : arch.compute
        guard inner.instances > outer.instances, outer.meshX > 0, outer.meshY > 0 else { return (1, 1) }
        return (max(inner.meshX / outer.meshX, 1), max(inner.meshY / outer.meshY, 1))
    }
}
