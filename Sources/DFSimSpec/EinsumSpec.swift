import DFSim
import Foundation
import Yams

/// Reads a raw `einsum:` layer: the einsum text, its `dims`, optional `roles` and `parameters`.
enum EinsumSpec {
    static func parseLayer(name: String, keyed: KeyedNodes, batch: Int, previousShape: [Int]?,
                           reader r: inout SpecReader) -> Layer? {
        guard let textNode = keyed["einsum"], let text = r.string(textNode, "'einsum'") else { return nil }
        guard let dimsNode = keyed["dims"] else {
            r.error(textNode, "einsum layer '\(name)' needs 'dims' with the bound of every dim",
                    hint: "e.g. dims: {m: 64, c: 32}")
            return nil
        }
        var parser = EinsumParser(text)
        let raw: [EinsumParser.RawTensor]
        do {
            raw = try parser.parse()
        } catch {
            report(error.message, hint: error.hint, offset: error.offset, in: textNode, reader: &r)
            return nil
        }
        // Dims and their bounds, in the order given.
        guard case .mapping(let dimMap) = dimsNode, !dimMap.isEmpty else {
            r.error(dimsNode, "'dims' must map each dim to its bound, e.g. {m: 64, c: 32}")
            return nil
        }
        var dims: [Dim] = []
        var dimNodes: [Node] = []
        var ok = true
        for (k, v) in dimMap {
            guard let dname = k.string else { continue }
            guard let bound = r.int(v, "the bound of dim '\(dname)'") else { ok = false; continue }
            dims.append(Dim(name: dname, bound: bound))
            dimNodes.append(k)
        }
        guard ok else { return nil }
        let names = dims.map(\.name)
        var tensors: [TensorAccess] = []
        var used = Set<String>()
        for (t, tensor) in raw.enumerated() {
            var indices: [AffineExpression] = []
            for index in tensor.indices {
                var terms: [AffineExpression.Term] = []
                for term in index.terms {
                    guard let d = names.firstIndex(of: term.dim) else {
                        report("unknown dim '\(term.dim)' in tensor '\(tensor.name)'\(Suggestion.didYouMean(term.dim, names))",
                               hint: "declare it under 'dims:' with its bound", offset: term.offset, in: textNode, reader: &r)
                        return nil
                    }
                    used.insert(term.dim)
                    terms.append(.init(dim: d, coefficient: term.coefficient))
                }
                indices.append(AffineExpression(terms: terms, constant: index.constant))
            }
            let role: TensorRole = t == 0 ? .outputs : (t == 1 ? .inputs : .weights)
            tensors.append(TensorAccess(name: tensor.name, role: role, indices: indices))
        }
        for (i, dim) in dims.enumerated() where !used.contains(dim.name) {
            r.error(dimNodes[i], "dim '\(dim.name)' is declared but no tensor uses it",
                    hint: "remove it or use it in an index")
            return nil
        }
        if tensors.count > 3 {
            r.error(textNode, "einsum layer '\(name)' has \(tensors.count - 1) operands; dfsim maps einsums with at most two (inputs and weights)")
            return nil
        }
        if Set(tensors.map(\.name)).count != tensors.count {
            r.error(textNode, "a tensor name appears twice in einsum '\(text)'")
            return nil
        }
        if let rolesNode = keyed["roles"] {
            guard case .mapping(let roleMap) = rolesNode else {
                r.error(rolesNode, "'roles' must map tensor names to roles, e.g. {Q: inputs, K: weights}")
                return nil
            }
            for (k, v) in roleMap {
                guard let tname = k.string, let i = tensors.firstIndex(where: { $0.name == tname }) else {
                    r.error(k, "'roles' names tensor '\(k.string ?? "")', which is not in the einsum\(Suggestion.didYouMean(k.string ?? "", tensors.map(\.name)))")
                    return nil
                }
                guard let rname = v.string, let role = TensorRole(rawValue: rname) else {
                    r.error(v, "unknown role '\(v.string ?? "")'\(Suggestion.didYouMean(v.string ?? "", TensorRole.allCases.map(\.rawValue)))",
                            hint: "roles are inputs, weights, outputs")
                    return nil
                }
                if i == 0 && role != .outputs || i != 0 && role == .outputs {
                    r.error(v, "the left-hand tensor is always 'outputs', and only it")
                    return nil
                }
                tensors[i].role = role
            }
            if Set(tensors.map(\.role)).count != tensors.count {
                r.error(rolesNode, "two tensors have the same role; each role may appear once")
                return nil
            }
        }
        if keyed["roles"] == nil, raw.count == 3 {
            checkOperandOrder(layer: name, first: raw[1], second: raw[2], textNode: textNode, reader: &r)
        }
        // Counts beyond SpecReader.largestCount could overflow the model's integer arithmetic.
        let macs = dims.reduce(1.0) { $0 * Double($1.bound) }
        let largest = tensors.map { t in
            (t, t.indices.reduce(1.0) { size, index in
                size * index.terms.reduce(1.0) { $0 + Double(abs($1.coefficient)) * Double(dims[$1.dim].bound - 1) }
            })
        }.max { $0.1 < $1.1 }
        if let (tensor, words) = largest, max(macs, words) > Double(SpecReader.largestCount) {
            let what = macs >= words ? "\(String(format: "%.3g", macs)) MACs" : "tensor '\(tensor.name)' of \(String(format: "%.3g", words)) words"
            r.error(dimsNode, "einsum layer '\(name)' is too large (\(what)); dfsim handles at most \(SpecReader.largestCount)")
            return nil
        }
        let einsum = Einsum(dims: dims, tensors: tensors)
        var parameters = einsum.tensor(.weights).map { einsum.footprint(of: $0) } ?? 0
        if let pNode = keyed["parameters"] {
            guard let list = r.stringList(pNode, "'parameters'") else { return nil }
            parameters = 0
            for key in list {
                guard let t = einsum.tensor(matching: key) else {
                    r.error(pNode, "'parameters' names '\(key)', which is not a tensor of the einsum")
                    return nil
                }
                parameters += einsum.footprint(of: t)
            }
        }
        let input = einsum.tensor(.inputs).map { t in t.indices.map { $0.span(extents: dims.map(\.bound)) } } ?? []
        let output = tensors[0].indices.map { $0.span(extents: dims.map(\.bound)) }
        return Layer(name: name, operation: .einsum(einsum), inputShape: input, outputShape: output,
                     parameters: parameters, batch: 1)
    }

    /// Without `roles:` the first operand is the inputs and the second the weights (docs/format.md
    /// §1.4). Warns when the names say otherwise: the first operand's name starts with `W` (weights:
    /// `W`, `Wq`, `w1`) and the second's does not, or the second's starts with `I`, `X` or `A` (inputs
    /// and activations: `I`, `X`, `A`, `x`) and the first's does not.
    static func checkOperandOrder(layer: String, first: EinsumParser.RawTensor, second: EinsumParser.RawTensor,
                                  textNode: Node, reader r: inout SpecReader) {
        func weightLike(_ name: String) -> Bool { name.first.map { "Ww".contains($0) } ?? false }
        func inputLike(_ name: String) -> Bool { name.first.map { "IiXxAa".contains($0) } ?? false }
        let (a, b) = (first.name, second.name)
        guard weightLike(a) && !weightLike(b) || inputLike(b) && !inputLike(a) else { return }
        report("einsum layer '\(layer)': '\(a)' is the first operand, so it becomes the inputs, and '\(b)' the weights (roles follow operand order)",
               hint: "if '\(a)' holds the weights, add 'roles: {\(a): weights, \(b): inputs}' or swap the operands; spell out 'roles:' to keep this order",
               offset: first.offset, in: textNode, reader: &r, severity: .warning)
    }

    /// Reports a problem at a character offset inside the einsum scalar.
    /// When the scalar is not written on one line exactly as parsed (a block scalar, a folded
    /// line, escapes), the problem is reported at the start of the scalar instead.
    static func report(_ message: String, hint: String?, offset: Int, in node: Node, reader r: inout SpecReader,
                       severity: Diagnostic.Severity = .error) {
        func atNode() {
            if severity == .warning { r.warning(node, message, hint: hint) } else { r.error(node, message, hint: hint) }
        }
        guard let mark = node.mark, case .scalar(let scalar) = node else { atNode(); return }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let start = mark.column - 1 + (quoted ? 1 : 0)
        let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false)
        let prefix = Array(scalar.string.prefix(offset))
        if mark.line >= 1, mark.line <= lines.count {
            let line = Array(lines[mark.line - 1])
            if start >= 0, start + prefix.count <= line.count, Array(line[start..<start + prefix.count]) == prefix {
                if severity == .warning { r.warning(line: mark.line, column: start + 1 + offset, message, hint: hint) }
                else { r.error(line: mark.line, column: start + 1 + offset, message, hint: hint) }
                return
            }
        }
        atNode()
    }
}
