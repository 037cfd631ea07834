import DFSimSpec
import Foundation

/// One storage, container or compute component of a Timeloop architecture, with its absolute
/// instance count and mesh.
struct TimeloopComponent {
    enum Kind { case storage, container, compute }

    var name: String
    var at: Located
    var cls: String
    var kind: Kind
    /// Its own `attributes:` mapping.
    var own: Located?
    /// The `attributes:` of the subtrees or containers around it, outermost first (Accelergy
    /// passes them down as defaults).
    var inherited: [Located]
    var instances: Int
    var meshX: Int
    var meshY: Int
    /// v0.4 per-node `constraints:`.
    var constraints: Located?

    /// The attribute under any of `keys` (either spelling of each), its own before inherited ones.
    func attribute(_ keys: [String]) -> (key: String, keyNode: Located, value: Located)? {
        if let own, let e = own.entry(anyOf: keys) { return e }
        for a in inherited.reversed() { if let e = a.entry(anyOf: keys) { return e } }
        return nil
    }
}

/// A Timeloop architecture flattened into its chain of levels, outermost first: the v0.3
/// `subtree`/`local` tree (instance counts from `name[lo..hi]` ranges, multiplied down the
/// tree, meshes absolute) or the v0.4 `nodes` list (`!Container`, `!Component`/`!Element`,
/// `!Parallel`, `!Hierarchical`; `spatial: {meshX, meshY}` multiplies everything below).
struct TimeloopArchitecture {
    /// Storage and container levels, outermost first.
    var levels: [TimeloopComponent]
    var compute: TimeloopComponent
    var file: String

    static func read(_ root: Located, _ p: inout Problems) -> TimeloopArchitecture? {
        guard let arch = root["architecture"] ?? root["arch"] else {
            p.error(root, "no 'architecture:' in the architecture file",
                    hint: "a Timeloop architecture has 'architecture: {version, subtree: [...]}' (v0.3) or 'architecture: {version, nodes: [...]}' (v0.4)")
            return nil
        }
        var found: [TimeloopComponent] = []
        if let nodes = arch["nodes"] {
            guard let items = nodes.items else {
                p.error(nodes, "'nodes' must be a list, got \(Problems.describe(nodes))")
                return nil
            }
            var state = Fanout()
            walkNodes(items, state: &state, inherited: [], into: &found, &p)
        } else if arch["subtree"] != nil || arch["local"] != nil {
            walkTree(arch, multiplier: 1, inherited: [], into: &found, &p)
        } else if let legacy = arch.entry(anyOf: ["storage", "arithmetic"]) {
            p.error(legacy.keyNode, "the legacy 'arch: {storage, arithmetic}' form cannot be translated",
                    hint: "write the design as a v0.3 'subtree'/'local' tree or a v0.4 'nodes' list")
            return nil
        } else {
            p.error(arch, "the architecture has neither 'subtree'/'local' (v0.3) nor 'nodes' (v0.4)")
            return nil
        }
        let computes = found.filter { $0.kind == .compute }
        // Containers around the whole design (a v0.4 `system` container) fan out nothing.
        let levels = Array(found.filter { $0.kind != .compute }.drop { $0.kind == .container && $0.instances == 1 })
        if computes.count > 1 {
            p.error(computes[1].at, "a second compute component '\(computes[1].name)' (after '\(computes[0].name)'): dfsim has one MAC unit per PE")
        }
        guard let compute = computes.first else {
            p.error(arch, "the architecture has no compute component (a class such as 'intmac', 'fpmac', 'mac' or 'compute')")
            return nil
        }
        guard !levels.isEmpty else {
            p.error(arch, "the architecture has no storage level")
            return nil
        }
        return TimeloopArchitecture(levels: levels, compute: compute, file: root.file)
    }

    /// Instances and mesh reached so far in a v0.4 `nodes` list.
    struct Fanout { var instances = 1, meshX = 1, meshY = 1 }

    private static func walkTree(_ node: Located, multiplier: Int, inherited: [Located],
                                 into out: inout [TimeloopComponent], _ p: inout Problems) {
        var multiplier = multiplier
        if let n = node["name"], let s = n.string, let (_, count) = range(s, at: n, &p) { multiplier *= count }
        var attributes = inherited
        if let a = node["attributes"] { attributes.append(a) }
        if let local = node["local"] {
            for item in local.items ?? [] {
                guard let n = item["name"], let s = p.string(n, "a component's 'name'") else {
                    if item["name"] == nil { p.error(item, "each component needs a 'name'") }
                    continue
                }
                guard let (base, count) = range(s, at: n, &p) else { continue }
                guard var c = component(item, name: base, inherited: attributes, &p) else { continue }
                c.instances = multiplier * count
                if let i = c.attribute(["instances"]), let v = p.int(i.value, "'instances' of \(base)") { c.instances = v }
                resolveMesh(&c, &p)
                out.append(c)
            }
            if local.items == nil { p.error(local, "'local' must be a list of components, got \(Problems.describe(local))") }
        }
        if let subtree = node["subtree"] {
            guard let items = subtree.items, !items.isEmpty else {
                if !subtree.isNull { p.error(subtree, "'subtree' must be a list, got \(Problems.describe(subtree))") }
                return
            }
            if items.count > 1 {
                p.error(items[1], "a second subtree at one level: Timeloop (and dfsim) read one subtree per level")
            }
            walkTree(items[0], multiplier: multiplier, inherited: attributes, into: &out, &p)
        }
    }

    private static func walkNodes(_ items: [Located], state: inout Fanout, inherited: [Located],
                                  into out: inout [TimeloopComponent], _ p: inout Problems) {
        var attributes = inherited
        for item in items {
            let tag = item.explicitTag ?? (item["nodes"] != nil ? "!Hierarchical" : item["class"] != nil ? "!Component" : "!Container")
            switch tag {
            case "!Parallel", "!Hierarchical":
                guard let nodes = item["nodes"]?.items else {
                    p.error(item, "\(tag) needs a 'nodes' list")
                    continue
                }
                walkNodes(nodes, state: &state, inherited: attributes, into: &out, &p)
            case "!Container", "!Component", "!Element":
                guard let n = item["name"], let s = p.string(n, "a node's 'name'") else {
                    if item["name"] == nil { p.error(item, "each node needs a 'name'") }
                    continue
                }
                if let spatial = item["spatial"] {
                    for axis in ["meshX", "meshY"] {
                        guard let v = spatial[axis] else { continue }
                        if let m = p.int(v, "'\(axis)' of \(s)") {
                            if axis == "meshX" { state.meshX *= m } else { state.meshY *= m }
                            state.instances *= m
                        }
                    }
                }
                if tag == "!Container" {
                    if let a = item["attributes"] { attributes.append(a) }
                    out.append(TimeloopComponent(name: s, at: item, cls: "container", kind: .container, own: nil, inherited: attributes,
                                                 instances: state.instances, meshX: state.meshX, meshY: state.meshY,
                                                 constraints: item["constraints"]))
                    continue
                }
                guard var c = component(item, name: s, inherited: attributes, &p) else { continue }
                (c.instances, c.meshX, c.meshY) = (state.instances, state.meshX, state.meshY)
                c.constraints = item["constraints"]
                out.append(c)
            case "!Nothing":
                continue
            default:
                p.error(item, "unknown node tag '\(tag)'", hint: "v0.4 nodes are !Container, !Component (or !Element), !Parallel and !Hierarchical")
            }
        }
    }

    /// A component from its `class`: storage (Timeloop's buffer classes DRAM, SRAM, regfile,
    /// smartbuffer, storage), a spatial container (`dummy_storage`), or compute (mac, compute).
    private static func component(_ item: Located, name: String, inherited: [Located], _ p: inout Problems) -> TimeloopComponent? {
        guard let clsNode = item["class"], let cls = p.string(clsNode, "'class' of \(name)") else {
            if item["class"] == nil { p.error(item, "component '\(name)' has no 'class'") }
            return nil
        }
        let c = cls.lowercased()
        let kind: TimeloopComponent.Kind
        if c.contains("dummy") {
            kind = .container
        } else if ["dram", "sram", "regfile", "smartbuffer", "storage"].contains(where: c.contains) {
            kind = .storage
        } else if ["mac", "compute"].contains(where: c.contains) {
            kind = .compute
        } else if ["noc", "network", "legacy", "multicast", "reductiontree"].contains(where: c.contains) {
            p.error(clsNode, "'\(name)' is a network of class '\(cls)': user-defined Timeloop networks cannot be translated",
                    hint: "dfsim models each fan-out's network as multicast and spatial reduction (docs/format.md §4.2)")
            return nil
        } else {
            p.error(clsNode, "'\(name)' has class '\(cls)', which is neither storage nor compute",
                    hint: "storage classes contain DRAM, SRAM, regfile, smartbuffer or storage; compute classes mac or compute")
            return nil
        }
        return TimeloopComponent(name: name, at: item, cls: cls, kind: kind, own: item["attributes"], inherited: inherited,
                                 instances: 1, meshX: 1, meshY: 1, constraints: nil)
    }

    /// meshX × meshY must be the instance count; a missing one follows from the other, and with
    /// neither the instances form one row (Timeloop's defaults).
    private static func resolveMesh(_ c: inout TimeloopComponent, _ p: inout Problems) {
        let x = c.attribute(["meshX"]), y = c.attribute(["meshY"])
        let mx = x.flatMap { p.int($0.value, "'meshX' of \(c.name)") }
        let my = y.flatMap { p.int($0.value, "'meshY' of \(c.name)") }
        switch (mx, my) {
        case let (mx?, my?):
            (c.meshX, c.meshY) = (mx, my)
        case let (mx?, nil):
            (c.meshX, c.meshY) = (mx, c.instances / max(mx, 1))
        case let (nil, my?):
            (c.meshX, c.meshY) = (c.instances / max(my, 1), my)
        case (nil, nil):
            (c.meshX, c.meshY) = (c.instances, 1)
        }
        if c.meshX * c.meshY != c.instances, let at = x?.value ?? y?.value {
            p.error(at, "\(c.name) has \(c.instances) instances, but meshX × meshY = \(c.meshX) × \(c.meshY)")
        }
    }

    /// `PE[0..167]` → ("PE", 168); a name without a range is one instance.
    static func range(_ name: String, at: Located, _ p: inout Problems) -> (String, Int)? {
        guard let open = name.firstIndex(of: "["), name.hasSuffix("]") else { return (name, 1) }
        let base = String(name[..<open])
        let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
        let parts = inner.components(separatedBy: "..")
        guard parts.count == 2, let lo = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let hi = Int(parts[1].trimmingCharacters(in: .whitespaces)), hi >= lo else {
            p.error(at, "the instance range in '\(name)' must be [LOW..HIGH], e.g. PE[0..167]")
            return nil
        }
        return (base, hi - lo + 1)
    }
}
