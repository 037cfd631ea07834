import DFSim
import Yams

/// Reads an architecture's `constraints:`, `min_utilization:` and `dataflow:` (docs/format.md §2.7, §2.8).
enum ConstraintsSpec {
    static func parse(_ top: KeyedNodes, levelNames: [String], reader r: inout SpecReader) -> Constraints {
        var result = Constraints()
        if let node = top["min_utilization"], let v = r.double(node, "'min_utilization'") {
            if v > 1 { r.error(node, "'min_utilization' is a fraction of the PEs, between 0 and 1; got \(v)") }
            else { result.minUtilization = v }
        }
        if let node = top["dataflow"], let name = r.string(node, "'dataflow'") {
            if let preset = DataflowPreset(name: name) { result.dataflow = preset }
            else {
                r.error(node, "unknown dataflow '\(name)'\(Suggestion.didYouMean(DataflowPreset.normalized(name), DataflowPreset.allCases.map(\.rawValue)))",
                        hint: "presets: \(DataflowPreset.allCases.map(\.rawValue).joined(separator: ", ")) (or ws, os, is, rs, nlr)")
            }
        }
        guard let node = top["constraints"] else { return result }
        guard case .mapping(let entries) = node else {
            r.error(node, "'constraints' must map level names to their constraints")
            return result
        }
        for (keyNode, value) in entries {
            let name = keyNode.string ?? ""
            guard levelNames.contains(name) else {
                r.error(keyNode, "'constraints' names level '\(name)', which the architecture does not have\(Suggestion.didYouMean(name, levelNames))")
                continue
            }
            guard let k = r.mapping(value, "the constraints of \(name)", keys: ["temporal", "spatial"]) else { continue }
            var c = LevelConstraint()
            if let t = k["temporal"], let tk = r.mapping(t, "'temporal' constraints of \(name)", keys: ["only", "order", "factors"]) {
                c.only = tk["only"].flatMap { r.stringList($0, "'only' of \(name)") }
                c.order = tk["order"].flatMap { r.stringList($0, "'order' of \(name)") }
                if let f = tk["factors"] { c.factors = factors(f, "'factors' of \(name)", reader: &r) }
            }
            if let s = k["spatial"], let sk = r.mapping(s, "'spatial' constraints of \(name)", keys: ["x", "y", "factors"]) {
                c.spatialX = sk["x"].flatMap { r.stringList($0, "'spatial.x' of \(name)") }
                c.spatialY = sk["y"].flatMap { r.stringList($0, "'spatial.y' of \(name)") }
                if let f = sk["factors"] { c.spatialFactors = factors(f, "'spatial.factors' of \(name)", reader: &r) }
            }
            result.levels[name] = c
        }
        return result
    }

    static func factors(_ node: Node, _ what: String, reader r: inout SpecReader) -> [String: Int] {
        guard case .mapping(let entries) = node else {
            r.error(node, "\(what) must map dims to factors, e.g. {r: 3, m: 1}")
            return [:]
        }
        var result: [String: Int] = [:]
        for (k, v) in entries {
            guard let dim = k.string, let f = r.int(v, "the factor of '\(k.string ?? "")' in \(what)") else { continue }
            result[dim] = f
        }
        return result
    }
}
