import DFSimResultsFormat
import DFSimSpec
import Foundation

/// A Timeloop problem (`problem: {shape, instance}`) read into dfsim's terms: dims with bounds,
/// and one tensor per data-space with its role and affine indices (docs/format.md §1.3).
///
/// A data-space index is a sum of terms, each a dimension times a coefficient
/// (`[[R, Wdilation], [P, Wstride]]` is `Wdilation·R + Wstride·P`); coefficients take their value
/// from `instance:`, else from their `default`.
struct TimeloopProblem {
    struct Term { var coefficient: Int; var dim: String }
    struct DataSpace {
        var name: String
        /// The dfsim tensor name (the data-space name when it is an identifier).
        var tensor: String
        var role: String
        var indices: [[Term]]
        var at: Located
    }

    var name: String
    /// Timeloop's dimension names, in the order of `dimensions:`.
    var dims: [String]
    var bounds: [String: Int]
    /// Timeloop dimension → dfsim dim (lower case when that keeps every name distinct).
    var dfsimDim: [String: String]
    var dataSpaces: [DataSpace]
    var file: String
    /// `instance:` keys that are neither dimensions nor coefficients (`H`, `Wpad`): Timeloop ignores them too.
    var ignoredInstanceKeys: [String] = []

    func dataSpace(named name: String) -> DataSpace? { dataSpaces.first { $0.name == name } }

    /// Finds the Timeloop dimension a mapping or constraint names (exactly, else ignoring case).
    func dim(_ name: String) -> String? {
        dims.first { $0 == name } ?? dims.first { $0.lowercased() == name.lowercased() }
    }
}

extension TimeloopProblem {
    static func read(_ root: Located, _ p: inout Problems) -> TimeloopProblem? {
        guard let problem = root["problem"] else {
            p.error(root, "no 'problem:' in the problem file", hint: "a Timeloop problem file has 'problem: {shape: ..., instance: ...}'")
            return nil
        }
        guard problem.pairs != nil else {
            p.error(problem, "'problem' must be a mapping with 'shape' and 'instance', got \(Problems.describe(problem))")
            return nil
        }
        guard let shape = problem["shape"] else {
            p.error(problem, "the problem has no 'shape' (dimensions, coefficients, data-spaces)")
            return nil
        }
        guard shape.pairs != nil else {
            p.error(shape, "'shape' must be written out (dimensions, coefficients, data-spaces), got \(Problems.describe(shape))",
                    hint: "dfsim has no copy of Timeloop's built-in problem shapes; paste the shape's YAML here")
            return nil
        }
        guard let instance = problem["instance"], let instancePairs = instance.pairs else {
            p.error(problem["instance"] ?? problem, "the problem needs 'instance:', a mapping of dimension bounds and coefficient values")
            return nil
        }
        let name = shape["name"]?.string ?? "layer"

        // Dimensions.
        var dims: [String] = []
        if let d = shape["dimensions"], let names = p.names(d, "'dimensions'") {
            for n in names where !dims.contains(n) { dims.append(n) }
            if dims.isEmpty { p.error(d, "'dimensions' is empty") }
        } else if shape["dimensions"] == nil {
            p.error(shape, "the shape has no 'dimensions'")
        }

        // Coefficients: defaults, then the instance's values.
        var coefficients: [String: Int] = [:]
        if let list = shape["coefficients"] {
            for item in list.items ?? [] {
                guard let cname = item["name"].flatMap({ p.string($0, "a coefficient's 'name'") }) else {
                    p.error(item, "each coefficient needs a 'name'")
                    continue
                }
                var value = 1
                if let d = item["default"], let v = p.int(d, "the default of coefficient '\(cname)'", minimum: 0) { value = v }
                coefficients[cname] = value
            }
            if list.items == nil && !list.isNull { p.error(list, "'coefficients' must be a list of {name, default}") }
        }

        var bounds: [String: Int] = [:]
        var ignored: [String] = []
        for pair in instancePairs {
            let key = pair.key
            if Located.normalized(key) == "densities" {
                if !(pair.value.pairs?.isEmpty ?? pair.value.isNull) {
                    p.error(pair.keyNode, "'densities' (sparse tensors) cannot be translated: dfsim models dense tensors only",
                            hint: "remove 'densities' to model the dense layer")
                }
                continue
            }
            if dims.contains(key) {
                if let v = p.int(pair.value, "the bound of '\(key)'") { bounds[key] = v }
            } else if coefficients[key] != nil {
                if let v = p.int(pair.value, "coefficient '\(key)'", minimum: 0) { coefficients[key] = v }
            } else {
                ignored.append(key)  // Timeloop reads only the shape's dimensions and coefficients
            }
        }
        for d in dims where bounds[d] == nil {
            p.error(instance, "'instance' gives no bound for dimension '\(d)'")
        }

        // dfsim dims: lower case when that keeps names distinct and valid.
        let lowered = dims.map { $0.lowercased() }
        let useLower = Set(lowered).count == dims.count && lowered.allSatisfy(isIdentifier)
        var dfsimDim: [String: String] = [:]
        for d in dims {
            if !isIdentifier(d) && !useLower { p.error(shape["dimensions"] ?? shape, "dimension '\(d)' is not an identifier (a letter or '_', then letters, digits, '_')") }
            dfsimDim[d] = useLower ? d.lowercased() : d
        }

        // Data-spaces.
        var spaces: [DataSpace] = []
        guard let list = shape.entry(anyOf: ["data_spaces", "dataspaces", "data-spaces"])?.value, let items = list.items else {
            p.error(shape, "the shape has no 'data-spaces' list")
            return nil
        }
        var readWrite: [Bool] = []
        for item in items {
            guard let dsName = item["name"].flatMap({ p.string($0, "a data-space's 'name'") }) else {
                if item["name"] == nil { p.error(item, "each data-space needs a 'name'") }
                continue
            }
            var rw = false
            if let flag = item["read_write"] {
                if let b = flag.node.bool { rw = b } else { p.error(flag, "'read-write' must be true or false, got \(Problems.describe(flag))") }
            }
            guard let projection = item["projection"] else {
                p.error(item, "data-space '\(dsName)' has no 'projection'")
                continue
            }
            guard let indices = readProjection(projection, dims: dims, coefficients: coefficients, &p) else { continue }
            let tensor = isIdentifier(dsName) ? dsName : sanitized(dsName)
            spaces.append(DataSpace(name: dsName, tensor: tensor, role: "", indices: indices, at: item))
            readWrite.append(rw)
        }
        // Roles: the read-write data-space is the output; the others by name, then by order.
        let outputs = spaces.indices.filter { readWrite[$0] }
        if spaces.count == items.count {
            if outputs.count != 1 {
                p.error(list, outputs.isEmpty ? "no data-space is 'read-write: true', so none is the output"
                                              : "\(outputs.count) data-spaces are 'read-write: true'; dfsim needs exactly one output")
            }
            let operands = spaces.indices.filter { !readWrite[$0] }
            if operands.count > 2 {
                p.error(list, "\(operands.count) read-only data-spaces: dfsim maps einsums with at most two operands (inputs and weights)")
            }
            if outputs.count == 1 && operands.count <= 2 {
                spaces[outputs[0]].role = "outputs"
                var free = ["inputs", "weights"]
                for i in operands {
                    let n = spaces[i].name.lowercased()
                    let guess = ["weight", "filter", "kernel"].contains(where: n.contains) ? "weights"
                        : ["input", "ifmap", "activation"].contains(where: n.contains) ? "inputs" : nil
                    if let guess, let at = free.firstIndex(of: guess) { spaces[i].role = guess; free.remove(at: at) }
                }
                for i in operands where spaces[i].role.isEmpty { spaces[i].role = free.removeFirst() }
                let tensors = spaces.map(\.tensor)
                if Set(tensors).count != tensors.count { p.error(list, "two data-spaces have the same name") }
            }
        }
        guard p.isEmpty else { return nil }
        return TimeloopProblem(name: name, dims: dims, bounds: bounds, dfsimDim: dfsimDim, dataSpaces: spaces, file: root.file,
                               ignoredInstanceKeys: ignored)
    }

    /// A projection: a list of indices, each a list of terms (`[P, Wstride]`: dimension and
    /// coefficient, either order; `[C]`), or an index written as text (`Wstride*P + Wdilation*R`).
    static func readProjection(_ at: Located, dims: [String], coefficients: [String: Int], _ p: inout Problems) -> [[Term]]? {
        if let s = at.string, at.items == nil {
            // The whole projection as text: `[ N, C, R*Wdilation + P*Wstride ]`.
            let inner = s.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            return readIndexTexts(inner.split(separator: ",").map(String.init), at: at, dims: dims, coefficients: coefficients, &p)
        }
        guard let items = at.items else {
            p.error(at, "'projection' must be a list of indices, got \(Problems.describe(at))")
            return nil
        }
        var indices: [[Term]] = []
        for index in items {
            if index.items == nil, let s = index.string {
                guard let parsed = readIndexTexts([s], at: index, dims: dims, coefficients: coefficients, &p) else { return nil }
                indices += parsed
                continue
            }
            var terms: [Term] = []
            for term in index.items ?? [] {
                // `- [C]` or `- - C`: a term is a list of one or two names.
                let parts = term.items?.compactMap(\.string) ?? term.string.map { [$0] } ?? []
                var dim: String?
                var coefficient = 1
                for part in parts {
                    if dims.contains(part) && dim == nil {
                        dim = part
                    } else if let c = coefficients[part] {
                        coefficient *= c
                    } else if let c = Int(part) {
                        coefficient *= c
                    } else {
                        p.error(term, "'\(part)' in this projection term is neither a dimension nor a coefficient of the shape")
                        return nil
                    }
                }
                guard let dim, !parts.isEmpty, parts.count <= 2 else {
                    p.error(term, "a projection term must be [dimension] or [dimension, coefficient], got \(Problems.describe(term))")
                    return nil
                }
                if coefficient != 0 { terms.append(Term(coefficient: coefficient, dim: dim)) }
            }
            if index.items == nil { p.error(index, "each index of a projection must be a list of terms, got \(Problems.describe(index))"); return nil }
            indices.append(terms)
        }
        return indices
    }

    private static func readIndexTexts(_ texts: [String], at: Located, dims: [String], coefficients: [String: Int],
                                       _ p: inout Problems) -> [[Term]]? {
        var indices: [[Term]] = []
        for text in texts {
            var terms: [Term] = []
            for termText in text.split(separator: "+") {
                var dim: String?
                var coefficient = 1
                for factor in termText.split(separator: "*").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if dims.contains(factor) && dim == nil { dim = factor }
                    else if let c = coefficients[factor] { coefficient *= c }
                    else if let c = Int(factor) { coefficient *= c }
                    else {
                        p.error(at, "'\(factor)' in the projection '\(text.trimmingCharacters(in: .whitespaces))' is neither a dimension nor a coefficient",
                                hint: "an index is a sum of terms DIM or DIM*COEFFICIENT joined by '+'")
                        return nil
                    }
                }
                guard let dim else {
                    p.error(at, "the projection term '\(termText.trimmingCharacters(in: .whitespaces))' names no dimension")
                    return nil
                }
                if coefficient != 0 { terms.append(Term(coefficient: coefficient, dim: dim)) }
            }
            indices.append(terms)
        }
        return indices
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func sanitized(_ s: String) -> String {
        var out = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if let f = out.first, f.isNumber { out = "_" + out }
        return out.isEmpty ? "_" : out
    }
}

extension TimeloopProblem {
    /// The einsum text: `Outputs[n,m,q,p] += Inputs[n,c,2*p+r,2*q+s] * Weights[c,m,r,s]`, inputs first.
    var einsum: String {
        func tensor(_ d: DataSpace) -> String {
            let idx = d.indices.map { terms -> String in
                if terms.isEmpty { return "0" }
                return terms.map { t in
                    let name = dfsimDim[t.dim] ?? t.dim
                    return t.coefficient == 1 ? name : "\(t.coefficient)*\(name)"
                }.joined(separator: "+")
            }
            return "\(d.tensor)[\(idx.joined(separator: ","))]"
        }
        let out = dataSpaces.first { $0.role == "outputs" }!  // invariant: read() assigned exactly one output
        let operands = ["inputs", "weights"].compactMap { role in dataSpaces.first { $0.role == role } }
        return tensor(out) + " += " + operands.map(tensor).joined(separator: " * ")
    }

    /// The workload file (docs/format.md §1): one raw einsum layer with dims and explicit roles.
    func workloadYAML(name workloadName: String, source: String) -> String {
        var lines = ["dfsim: 1", "# imported from Timeloop by 'dfsim import timeloop' (problem: \(source))",
                     "name: \(YAMLText.quoted(workloadName))", "layers:"]
        lines.append("- name: \(YAMLText.quoted(name))")
        lines.append("  einsum: \(YAMLText.quoted(einsum))")
        lines.append("  dims: {" + dims.map { "\(dfsimDim[$0]!): \(bounds[$0]!)" }.joined(separator: ", ") + "}")
        let roles = dataSpaces.filter { $0.role != "outputs" }.map { "\($0.tensor): \($0.role)" }
        if !roles.isEmpty { lines.append("  roles: {" + roles.joined(separator: ", ") + "}") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// YAML scalars as text.
enum YAMLText {
    /// A double-quoted YAML string, safe for any name: YAML's double-quoted style reads JSON's
    /// string escapes, so the JSON literal is used.
    static func quoted(_ s: String) -> String { JSONValue.quote(s) }

    /// A number in Swift's shortest round-trip form (`0.2513`, `64.0`, `1e-05`).
    static func number(_ x: Double) -> String { "\(x)" }
}
