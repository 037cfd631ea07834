import DFSim
import Foundation
import Yams

/// Reads `workloads/*.yaml` (docs/format.md §1) into a validated ``Workload``.
public enum WorkloadSpec {
    static let topKeys = ["dfsim", "name", "description", "batch", "layers"]
    static let layerKeys = ["name", "einsum", "dims", "roles", "parameters", "conv2d", "linear", "matmul", "bmm",
                            "maxpool", "avgpool", "description"]
    static let operationKeys = ["einsum", "conv2d", "linear", "matmul", "bmm", "maxpool", "avgpool"]

    /// Loads and validates the workload at `path`. `batch` overrides the file's `batch:` (the `n`
    /// of every shorthand layer; raw einsum layers keep their own dims).
    public static func load(_ path: String, batch: Int? = nil) throws(SpecError) -> Workload {
        var ignored: [Diagnostic] = []
        return try load(path, batch: batch, warnings: &ignored)
    }

    /// ``load(_:batch:)``, appending to `warnings` what it accepted but that is probably a mistake
    /// (an einsum whose operand order contradicts its tensor names, §1.4).
    public static func load(_ path: String, batch: Int? = nil, warnings: inout [Diagnostic]) throws(SpecError) -> Workload {
        let (reader, node) = try SpecReader.load(path)
        let (workload, done) = try read(node, reader: reader, batch: batch)
        warnings += done.warnings.inFileOrder()
        return workload
    }

    /// Parses workload YAML given as text (`file` names it in diagnostics).
    public static func parse(text: String, file: String, batch: Int? = nil) throws(SpecError) -> Workload {
        var ignored: [Diagnostic] = []
        return try parse(text: text, file: file, batch: batch, warnings: &ignored)
    }

    /// ``parse(text:file:batch:)``, appending the warnings to `warnings`.
    public static func parse(text: String, file: String, batch: Int? = nil, warnings: inout [Diagnostic]) throws(SpecError) -> Workload {
        let (reader, node) = try SpecReader.load(text: text, file: file)
        let (workload, done) = try read(node, reader: reader, batch: batch)
        warnings += done.warnings.inFileOrder()
        return workload
    }

    static func parse(_ node: Node, reader: SpecReader, batch: Int? = nil) throws(SpecError) -> Workload {
        try read(node, reader: reader, batch: batch).workload
    }

    /// The workload and the reader that read it (with its warnings).
    static func read(_ node: Node, reader initial: SpecReader, batch batchOverride: Int? = nil) throws(SpecError) -> (workload: Workload, reader: SpecReader) {
        var r = initial
        if let keys = node.mapping?.keys.compactMap(\.string), keys.contains("levels"), !keys.contains("layers") {
            r.error(node, "this file is an architecture (it has 'levels:'), not a workload",
                    hint: "did you swap ARCH and WORKLOAD? the architecture comes first: dfsim run ARCH WORKLOAD")
            throw SpecError(r.diagnostics)
        }
        guard let top = r.mapping(node, "the workload", keys: topKeys, required: ["dfsim", "layers"]) else {
            try r.finish()
            throw SpecError(r.diagnostics)
        }
        r.checkVersion(top)
        let name = top["name"].flatMap { r.string($0, "'name'") } ?? "workload"
        let batch = batchOverride ?? top["batch"].flatMap { r.int($0, "'batch'") } ?? 1
        var layers: [Layer] = []
        if let list = top["layers"] {
            if case .sequence(let seq) = list, !seq.isEmpty {
                var shape: [Int]?
                var names = Set<String>()
                for (i, item) in seq.enumerated() {
                    guard let layer = parseLayer(item, index: i, previousShape: shape, batch: batch, reader: &r) else {
                        shape = nil
                        continue
                    }
                    if !names.insert(layer.name).inserted {
                        r.error(item, "two layers are named '\(layer.name)'", hint: "layer names must be unique")
                    }
                    layers.append(layer)
                    shape = layer.outputShape
                }
            } else {
                r.error(list, "'layers' must be a non-empty list of layers",
                        hint: "an empty workload has nothing to evaluate; add e.g. '- {name: fc, linear: {in: 64, out: 10}}'")
            }
        }
        if let list = top["layers"] { checkTotals(layers, at: list, reader: &r) }
        try r.finish()
        return (Workload(name: name, batch: batch, layers: layers), r)
    }

    static func parseLayer(_ node: Node, index: Int, previousShape: [Int]?, batch: Int,
                           reader r: inout SpecReader) -> Layer? {
        guard let keyed = r.mapping(node, "layer \(index + 1)", keys: layerKeys, required: ["name"]) else { return nil }
        guard let name = keyed["name"].flatMap({ r.string($0, "the layer name") }) else { return nil }
        let ops = keyed.pairs.filter { operationKeys.contains($0.key) }
        guard ops.count == 1, let op = ops.first else {
            if ops.isEmpty {
                if !keyed.misspelled.isDisjoint(with: operationKeys) { return nil } // reported as a typo
                r.error(node, "layer '\(name)' says nothing to compute",
                        hint: "give one of: \(operationKeys.joined(separator: ", "))")
            } else {
                r.error(ops[1].keyNode, "layer '\(name)' has both '\(ops[0].key)' and '\(ops[1].key)'; give one")
            }
            return nil
        }
        for extra in ["dims", "roles", "parameters"] where op.key != "einsum" {
            if let k = keyed.keyNode(extra) { r.error(k, "'\(extra)' only applies to 'einsum' layers") }
        }
        let what = "\(op.key) of layer '\(name)'"
        func shapeError(_ e: ShapeError, _ at: Node) -> Layer? {
            r.error(at, "layer '\(name)': \(e.message)", hint: e.hint)
            return nil
        }
        switch op.key {
        case "einsum":
            return EinsumSpec.parseLayer(name: name, keyed: keyed, batch: batch, previousShape: previousShape, reader: &r)
        case "conv2d":
            guard let c = r.mapping(op.value, what, keys: ["in", "out", "kernel", "stride", "pad", "dilation", "groups", "depthwise"],
                                    required: ["kernel"]) else { return nil }
            guard let input = inputShape(c["in"], previous: previousShape, index: index, layer: name, at: op.keyNode, reader: &r),
                  let kernel = c["kernel"].flatMap({ r.intOrPair($0, "'kernel'", minimum: 1) }) else { return nil }
            let depthwise = c["depthwise"].flatMap { r.bool($0, "'depthwise'") } ?? false
            let outNode = c["out"]
            var out = input.count == 3 ? input[0] : 0
            if let outNode { guard let o = r.int(outNode, "'out'") else { return nil }; out = o }
            else if !depthwise { r.error(op.value, "\(what) is missing the required key 'out'"); return nil }
            let groups = depthwise ? (input.first ?? 1) : (c["groups"].flatMap { r.int($0, "'groups'") } ?? 1)
            let params = Shorthand.Conv2D(
                outChannels: out, kernel: kernel,
                stride: c["stride"].flatMap { r.intOrPair($0, "'stride'", minimum: 1) } ?? (1, 1),
                pad: c["pad"].flatMap { r.intOrPair($0, "'pad'", minimum: 0) } ?? (0, 0),
                dilation: c["dilation"].flatMap { r.intOrPair($0, "'dilation'", minimum: 1) } ?? (1, 1),
                groups: groups)
            let (h, w) = input.count == 3 ? (input[1], input[2]) : (1, 1)
            guard !tooLarge([batch, out, input.first ?? 1, h + 2 * params.pad.0, w + 2 * params.pad.1, kernel.0, kernel.1],
                            layer: name, at: op.value, reader: &r),
                  !tooLarge([params.dilation.0, kernel.0], layer: name, at: op.value, reader: &r),
                  !tooLarge([params.dilation.1, kernel.1], layer: name, at: op.value, reader: &r) else { return nil }
            do { return try Shorthand.conv2d(name: name, input: input, batch: batch, params) }
            catch { return shapeError(error, op.value) }
        case "linear":
            guard let c = r.mapping(op.value, what, keys: ["in", "out"], required: ["out"]),
                  let out = c["out"].flatMap({ r.int($0, "'out'") }),
                  let input = inputShape(c["in"], previous: previousShape, index: index, layer: name, at: op.keyNode, reader: &r)
            else { return nil }
            guard !tooLarge([batch, out] + input, layer: name, at: op.value, reader: &r) else { return nil }
            do { return try Shorthand.linear(name: name, input: input, batch: batch, out: out) }
            catch { return shapeError(error, op.value) }
        case "matmul", "bmm":
            let keys = op.key == "bmm" ? ["b", "m", "k", "n", "learned"] : ["m", "k", "n", "learned"]
            guard let c = r.mapping(op.value, what, keys: keys, required: op.key == "bmm" ? ["b", "m", "k", "n"] : ["m", "k", "n"]),
                  let m = c["m"].flatMap({ r.int($0, "'m'") }), let k = c["k"].flatMap({ r.int($0, "'k'") }),
                  let n = c["n"].flatMap({ r.int($0, "'n'") }) else { return nil }
            let b = op.key == "bmm" ? c["b"].flatMap { r.int($0, "'b'") } : nil
            let learned = c["learned"].flatMap { r.bool($0, "'learned'") } ?? (op.key == "matmul")
            guard !tooLarge([batch, b ?? 1, m, k, n], layer: name, at: op.value, reader: &r) else { return nil }
            do { return try Shorthand.matmul(name: name, b: b, m: m, k: k, n: n, batch: batch, weightsAreParameters: learned) }
            catch { return shapeError(error, op.value) }
        default: // maxpool, avgpool
            guard let c = r.mapping(op.value, what, keys: ["in", "kernel", "stride", "pad"], required: ["kernel"]),
                  let kernel = c["kernel"].flatMap({ r.int($0, "'kernel'") }),
                  let input = inputShape(c["in"], previous: previousShape, index: index, layer: name, at: op.keyNode, reader: &r)
            else { return nil }
            let stride = c["stride"].flatMap { r.int($0, "'stride'") } ?? kernel
            let pad = c["pad"].flatMap { r.int($0, "'pad'", minimum: 0) } ?? 0
            guard !tooLarge([batch, kernel] + input.map { $0 + 2 * pad }, layer: name, at: op.value, reader: &r) else { return nil }
            do { return try Shorthand.pool(name: name, kind: op.key, input: input, batch: batch, kernel: kernel, stride: stride, pad: pad) }
            catch { return shapeError(error, op.value) }
        }
    }

    /// The layer's input shape: `in:` if given (an integer or a list), else the previous layer's output.
    static func inputShape(_ node: Node?, previous: [Int]?, index: Int, layer: String, at: Node,
                           reader r: inout SpecReader) -> [Int]? {
        if let node {
            if case .sequence = node { return r.intList(node, "'in'") }
            return r.int(node, "'in'").map { [$0] }
        }
        guard let previous else {
            // After a layer with errors (already reported) the input shape is unknown, not missing.
            if index > 0 && !r.diagnostics.isEmpty { return nil }
            r.error(at, "layer '\(layer)' has no input shape", hint: "the first layer needs 'in: [C, H, W]' (or 'in: features')")
            return nil
        }
        return previous
    }

    /// Reports a workload whose MACs, parameters or activations add up past
    /// ``SpecReader/largestTotal`` over its layers (each layer is within ``SpecReader/largestCount``,
    /// so the sums are exact in a Double until then).
    static func checkTotals(_ layers: [Layer], at node: Node, reader r: inout SpecReader) {
        let totals = [("MACs", layers.reduce(0.0) { $0 + Double($1.macs) }),
                      ("parameters", layers.reduce(0.0) { $0 + Double($1.parameters) }),
                      ("activations", layers.reduce(Double(layers.first?.inputActivations ?? 0)) { $0 + Double($1.outputActivations) })]
        for (what, total) in totals where total > Double(SpecReader.largestTotal) {
            r.error(node, "the layers add up to about \(String(format: "%.3g", total)) \(what); dfsim handles at most 2^62 (\(SpecReader.largestTotal)) in one workload",
                    hint: "split the workload into several files")
            return
        }
    }

    /// Reports a layer so large that its counts could overflow: more than ``SpecReader/largestCount``
    /// MACs or words (the product of `factors` bounds both).
    static func tooLarge(_ factors: [Int], layer: String, at node: Node, reader r: inout SpecReader) -> Bool {
        let product = factors.reduce(1.0) { $0 * Double($1) }
        guard product > Double(SpecReader.largestCount) else { return false }
        r.error(node, "layer '\(layer)' is too large (about \(String(format: "%.3g", product)) MACs or words); dfsim handles at most \(SpecReader.largestCount)")
        return true
    }
}
