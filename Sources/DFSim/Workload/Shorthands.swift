/// A problem found while building a layer from a shorthand; the spec layer attaches the position.
public struct ShapeError: Error, Hashable, Sendable {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// Builders that expand the shorthands of docs/format.md §1.6 into einsum layers, inferring output shapes.
///
/// Shapes are `[C, H, W]` for images and `[features]` after flattening; the batch `n` is a dim of
/// every einsum. Output size: `h_o = floor((h_i + 2·pad − D·(k−1) − 1) / stride) + 1`.
public enum Shorthand {
    /// Parameters of a 2-D convolution.
    public struct Conv2D: Hashable, Sendable {
        public var outChannels: Int
        public var kernel: (Int, Int)
        public var stride: (Int, Int) = (1, 1)
        public var pad: (Int, Int) = (0, 0)
        public var dilation: (Int, Int) = (1, 1)
        public var groups: Int = 1
        public init(outChannels: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
                    pad: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
            self.outChannels = outChannels
            self.kernel = kernel
            self.stride = stride
            self.pad = pad
            self.dilation = dilation
            self.groups = groups
        }
        public static func == (a: Conv2D, b: Conv2D) -> Bool {
            a.outChannels == b.outChannels && a.kernel == b.kernel && a.stride == b.stride
                && a.pad == b.pad && a.dilation == b.dilation && a.groups == b.groups
        }
        public func hash(into h: inout Hasher) {
            for v in [outChannels, kernel.0, kernel.1, stride.0, stride.1, pad.0, pad.1,
                      dilation.0, dilation.1, groups] { h.combine(v) }
        }
    }

    static func outputSize(_ input: Int, kernel: Int, stride: Int, pad: Int, dilation: Int) -> Int {
        let numerator = input + 2 * pad - dilation * (kernel - 1) - 1
        return numerator < 0 ? 0 : numerator / stride + 1
    }

    /// `conv2d`: `O[n,m,p,q] += I[n,c,U*p+D*r,U*q+D*s] * W[m,c,r,s]`; with `groups > 1` a group
    /// dim `g` is shared by all three tensors; depthwise (groups = channels = out) drops `m`.
    public static func conv2d(name: String, input: [Int], batch: Int, _ c: Conv2D) throws(ShapeError) -> Layer {
        guard input.count == 3 else {
            throw ShapeError("conv2d needs a [C, H, W] input, got \(input)",
                             hint: "give 'in: [C, H, W]' or put the conv after a layer with an image output")
        }
        let (channels, h, w) = (input[0], input[1], input[2])
        guard c.groups >= 1, channels % c.groups == 0, c.outChannels % c.groups == 0 else {
            throw ShapeError("groups = \(c.groups) must divide both the input channels (\(channels)) and 'out' (\(c.outChannels))")
        }
        let p = outputSize(h, kernel: c.kernel.0, stride: c.stride.0, pad: c.pad.0, dilation: c.dilation.0)
        let q = outputSize(w, kernel: c.kernel.1, stride: c.stride.1, pad: c.pad.1, dilation: c.dilation.1)
        guard p > 0, q > 0 else {
            throw ShapeError("the \(c.kernel.0)x\(c.kernel.1) kernel (dilation \(c.dilation.0)) does not fit the \(h)x\(w) input with pad \(c.pad.0)")
        }
        let perGroupIn = channels / c.groups, perGroupOut = c.outChannels / c.groups
        let depthwise = c.groups > 1 && perGroupIn == 1 && perGroupOut == 1
        var dims: [Dim] = [Dim(name: "n", bound: batch)]
        if c.groups > 1 && !depthwise { dims.append(Dim(name: "g", bound: c.groups)) }
        if depthwise {
            dims.append(Dim(name: "c", bound: channels))
        } else {
            dims += [Dim(name: "m", bound: perGroupOut), Dim(name: "c", bound: perGroupIn)]
        }
        dims += [Dim(name: "p", bound: p), Dim(name: "q", bound: q),
                 Dim(name: "r", bound: c.kernel.0), Dim(name: "s", bound: c.kernel.1)]
        func d(_ n: String) -> Int { dims.firstIndex { $0.name == n }! } // invariant: names added above
        func e(_ n: String) -> AffineExpression { .dim(d(n)) }
        let rows = AffineExpression(terms: [.init(dim: d("p"), coefficient: c.stride.0),
                                            .init(dim: d("r"), coefficient: c.dilation.0)], constant: -c.pad.0)
        let cols = AffineExpression(terms: [.init(dim: d("q"), coefficient: c.stride.1),
                                            .init(dim: d("s"), coefficient: c.dilation.1)], constant: -c.pad.1)
        let out, inp, wgt: TensorAccess
        if depthwise {
            out = TensorAccess(name: "O", role: .outputs, indices: [e("n"), e("c"), e("p"), e("q")])
            inp = TensorAccess(name: "I", role: .inputs, indices: [e("n"), e("c"), rows, cols])
            wgt = TensorAccess(name: "W", role: .weights, indices: [e("c"), e("r"), e("s")])
        } else if c.groups > 1 {
            out = TensorAccess(name: "O", role: .outputs, indices: [e("n"), e("g"), e("m"), e("p"), e("q")])
            inp = TensorAccess(name: "I", role: .inputs, indices: [e("n"), e("g"), e("c"), rows, cols])
            wgt = TensorAccess(name: "W", role: .weights, indices: [e("g"), e("m"), e("c"), e("r"), e("s")])
        } else {
            out = TensorAccess(name: "O", role: .outputs, indices: [e("n"), e("m"), e("p"), e("q")])
            inp = TensorAccess(name: "I", role: .inputs, indices: [e("n"), e("c"), rows, cols])
            wgt = TensorAccess(name: "W", role: .weights, indices: [e("m"), e("c"), e("r"), e("s")])
        }
        let einsum = Einsum(dims: dims, tensors: [out, inp, wgt])
        return Layer(name: name, kind: "conv2d", operation: .einsum(einsum), inputShape: input,
                     outputShape: [c.outChannels, p, q],
                     parameters: c.outChannels * perGroupIn * c.kernel.0 * c.kernel.1, batch: batch)
    }

    /// `linear`: `O[n,m] += I[n,c] * W[m,c]`, flattening the input.
    public static func linear(name: String, input: [Int], batch: Int, out: Int) throws(ShapeError) -> Layer {
        let features = input.reduce(1, *)
        guard features > 0 else { throw ShapeError("linear has no input features") }
        let einsum = Einsum(
            dims: [Dim(name: "n", bound: batch), Dim(name: "m", bound: out), Dim(name: "c", bound: features)],
            tensors: [TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(1)]),
                      TensorAccess(name: "I", role: .inputs, indices: [.dim(0), .dim(2)]),
                      TensorAccess(name: "W", role: .weights, indices: [.dim(1), .dim(2)])])
        return Layer(name: name, kind: "linear", operation: .einsum(einsum), inputShape: input, outputShape: [out],
                     parameters: out * features, batch: batch)
    }

    /// `matmul` (`O[m,n] += A[m,k] * B[k,n]`) or, with `b > 1`... `bmm` (`O[b,m,n] += A[b,m,k] * B[b,k,n]`).
    /// `weightsAreParameters` says whether B is a learned matrix (a projection) or an activation.
    public static func matmul(name: String, b: Int?, m: Int, k: Int, n: Int, batch: Int,
                              weightsAreParameters: Bool) throws(ShapeError) -> Layer {
        var dims: [Dim] = []
        var lead: [AffineExpression] = []
        if batch > 1 { dims.append(Dim(name: "x", bound: batch)); lead.append(.dim(dims.count - 1)) }
        if let b { dims.append(Dim(name: "b", bound: b)); lead.append(.dim(dims.count - 1)) }
        let mi = dims.count, ki = mi + 1, ni = mi + 2
        dims += [Dim(name: "m", bound: m), Dim(name: "k", bound: k), Dim(name: "n", bound: n)]
        let bLead = b == nil ? [] : [lead.last!] // invariant: lead has b when b != nil
        let einsum = Einsum(dims: dims, tensors: [
            TensorAccess(name: "O", role: .outputs, indices: lead + [.dim(mi), .dim(ni)]),
            TensorAccess(name: "A", role: .inputs, indices: lead + [.dim(mi), .dim(ki)]),
            TensorAccess(name: "B", role: .weights,
                         indices: (weightsAreParameters ? bLead : lead) + [.dim(ki), .dim(ni)]),
        ])
        let outShape = (b.map { [$0] } ?? []) + [m, n]
        let inShape = (b.map { [$0] } ?? []) + [m, k]
        let params = weightsAreParameters ? (b ?? 1) * k * n : 0
        return Layer(name: name, kind: b == nil ? "matmul" : "bmm", operation: .einsum(einsum), inputShape: inShape, outputShape: outShape,
                     parameters: params, batch: batch)
    }

    /// `maxpool` / `avgpool`: no MACs; shapes only.
    public static func pool(name: String, kind: String, input: [Int], batch: Int, kernel: Int,
                            stride: Int, pad: Int) throws(ShapeError) -> Layer {
        guard input.count == 3 else { throw ShapeError("\(kind) needs a [C, H, W] input, got \(input)") }
        let p = outputSize(input[1], kernel: kernel, stride: stride, pad: pad, dilation: 1)
        let q = outputSize(input[2], kernel: kernel, stride: stride, pad: pad, dilation: 1)
        guard p > 0, q > 0 else { throw ShapeError("the \(kernel)x\(kernel) \(kind) window does not fit the \(input[1])x\(input[2]) input") }
        return Layer(name: name, kind: kind, operation: .pool(kind: kind), inputShape: input,
                     outputShape: [input[0], p, q], parameters: 0, batch: batch)
    }
}
