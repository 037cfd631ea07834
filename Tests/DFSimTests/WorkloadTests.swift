import DFSim
import DFSimSpec
import Foundation
import Testing

/// Shorthand expansion (shapes and einsums), affine index expressions and the efficiency metrics
/// of the bundled networks. Every expected number is derived by hand in the comments.
@Suite struct WorkloadTests {
    /// The package root: `Tests/DFSimTests/WorkloadTests.swift` → up three levels.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundled(_ name: String) throws -> Workload {
        try WorkloadSpec.load(packageRoot.appendingPathComponent("workloads/\(name)").path)
    }

    func dims(_ pairs: KeyValuePairs<String, Int>) -> [Dim] { pairs.map { Dim(name: $0.key, bound: $0.value) } }

    // MARK: - conv2d

    @Test func conv2dWithStrideAndPad() throws {
        // AlexNet conv1: 3×224×224, 96 filters 11×11, stride 4, pad 2.
        // h_o = floor((224 + 2·2 − 1·10 − 1) / 4) + 1 = floor(217 / 4) + 1 = 55.
        let layer = try Shorthand.conv2d(name: "conv1", input: [3, 224, 224], batch: 1,
                                         .init(outChannels: 96, kernel: (11, 11), stride: (4, 4), pad: (2, 2)))
        let e = try #require(layer.einsum)
        #expect(layer.kind == "conv2d")
        #expect(layer.outputShape == [96, 55, 55])
        #expect(layer.inputShape == [3, 224, 224])
        #expect(e.dims == dims(["n": 1, "m": 96, "c": 3, "p": 55, "q": 55, "r": 11, "s": 11]))
        #expect(e.description == "O[n,m,p,q] += I[n,c,4*p+r-2,4*q+s-2] * W[m,c,r,s]")
        #expect(e.tensors.map(\.role) == [.outputs, .inputs, .weights])
        // 96 · 3 · 55 · 55 · 11 · 11 = 288 · 3025 · 121 = 105,415,200.
        #expect(layer.macs == 105_415_200)
        // 96 · 3 · 11 · 11 (no biases).
        #expect(layer.parameters == 34_848)
        // Cost model footprint is the padded one: (55−1)·4 + (11−1)·1 + 1 = 227 per side → 3 · 227².
        let input = try #require(e.tensor(.inputs))
        #expect(e.footprint(of: input) == 3 * 227 * 227)
        // Stats count unpadded activations: 3 · 224 · 224 in, 96 · 55 · 55 out.
        #expect(layer.inputActivations == 150_528)
        #expect(layer.outputActivations == 290_400)
    }

    @Test func outputSizeFloorsTheDivision() throws {
        // 8 wide, kernel 3, stride 2, no pad: floor((8 − 2 − 1) / 2) + 1 = floor(2.5) + 1 = 3.
        let even = try Shorthand.conv2d(name: "c", input: [1, 8, 8], batch: 1,
                                        .init(outChannels: 1, kernel: (3, 3), stride: (2, 2)))
        #expect(even.outputShape == [1, 3, 3])
        // 7 wide: floor((7 − 3) / 2) + 1 = 3 too; 9 wide: floor(6 / 2) + 1 = 4.
        let seven = try Shorthand.conv2d(name: "c", input: [1, 7, 9], batch: 1,
                                         .init(outChannels: 1, kernel: (3, 3), stride: (2, 2)))
        #expect(seven.outputShape == [1, 3, 4])
    }

    @Test func conv2dWithDilation() throws {
        // 10×10, kernel 3, dilation 2: floor((10 − 2·2 − 1) / 1) + 1 = 6.
        let plain = try Shorthand.conv2d(name: "d", input: [1, 10, 10], batch: 1,
                                         .init(outChannels: 2, kernel: (3, 3), dilation: (2, 2)))
        let e = try #require(plain.einsum)
        #expect(plain.outputShape == [2, 6, 6])
        #expect(e.description == "O[n,m,p,q] += I[n,c,p+2*r,q+2*s] * W[m,c,r,s]")
        // Input footprint: (6 − 1)·1 + (3 − 1)·2 + 1 = 10 per side: exactly the unpadded input.
        #expect(e.footprint(of: try #require(e.tensor(.inputs))) == 100)

        // Stride 2, dilation 2, pad 1: floor((10 + 2 − 4 − 1) / 2) + 1 = floor(3.5) + 1 = 4.
        let strided = try Shorthand.conv2d(name: "d", input: [1, 10, 10], batch: 1,
                                           .init(outChannels: 2, kernel: (3, 3), stride: (2, 2), pad: (1, 1), dilation: (2, 2)))
        #expect(strided.outputShape == [2, 4, 4])
        #expect(try #require(strided.einsum).description == "O[n,m,p,q] += I[n,c,2*p+2*r-1,2*q+2*s-1] * W[m,c,r,s]")
    }

    @Test func conv2dWithRectangularKernelStrideAndPad() throws {
        // 2×7×5, kernel 3×1, stride (2, 1), pad (1, 0):
        // p = floor((7 + 2 − 2 − 1) / 2) + 1 = 4, q = floor((5 − 0 − 1) / 1) + 1 = 5.
        let layer = try Shorthand.conv2d(name: "rect", input: [2, 7, 5], batch: 3,
                                         .init(outChannels: 4, kernel: (3, 1), stride: (2, 1), pad: (1, 0)))
        let e = try #require(layer.einsum)
        #expect(layer.outputShape == [4, 4, 5])
        #expect(e.dims == dims(["n": 3, "m": 4, "c": 2, "p": 4, "q": 5, "r": 3, "s": 1]))
        #expect(e.description == "O[n,m,p,q] += I[n,c,2*p+r-1,q+s] * W[m,c,r,s]")
        // Batch multiplies activations but not parameters: 3·2·7·5 in, 3·4·4·5 out, 4·2·3·1 weights.
        #expect(layer.inputActivations == 210)
        #expect(layer.outputActivations == 240)
        #expect(layer.parameters == 24)
        #expect(layer.macs == 3 * 4 * 2 * 4 * 5 * 3)
    }

    @Test func groupedConvSharesAGroupDim() throws {
        // 4 channels, 6 filters, 2 groups: 3 filters × 2 channels per group.
        let layer = try Shorthand.conv2d(name: "g", input: [4, 8, 8], batch: 1,
                                         .init(outChannels: 6, kernel: (3, 3), pad: (1, 1), groups: 2))
        let e = try #require(layer.einsum)
        #expect(e.dims == dims(["n": 1, "g": 2, "m": 3, "c": 2, "p": 8, "q": 8, "r": 3, "s": 3]))
        #expect(e.description == "O[n,g,m,p,q] += I[n,g,c,p+r-1,q+s-1] * W[g,m,c,r,s]")
        let g = try #require(e.dimIndex(named: "g"))
        #expect(e.tensors.allSatisfy { $0.isRelevant(dim: g) })
        #expect(layer.outputShape == [6, 8, 8])
        // Parameters 6 · (4/2) · 3 · 3 = 108; MACs 2 · 3 · 2 · 8 · 8 · 3 · 3 = 6912.
        #expect(layer.parameters == 108)
        #expect(layer.macs == 6912)
    }

    @Test func depthwiseConvDropsTheFilterDim() throws {
        // 8 channels, groups = 8 = out: O[n,c,p,q] += I[n,c,2p+r−1,2q+s−1] * W[c,r,s].
        // p = floor((6 + 2 − 2 − 1) / 2) + 1 = 3.
        let layer = try Shorthand.conv2d(name: "dw", input: [8, 6, 6], batch: 1,
                                         .init(outChannels: 8, kernel: (3, 3), stride: (2, 2), pad: (1, 1), groups: 8))
        let e = try #require(layer.einsum)
        #expect(e.dims == dims(["n": 1, "c": 8, "p": 3, "q": 3, "r": 3, "s": 3]))
        #expect(e.description == "O[n,c,p,q] += I[n,c,2*p+r-1,2*q+s-1] * W[c,r,s]")
        #expect(layer.outputShape == [8, 3, 3])
        #expect(layer.parameters == 72)      // 8 · 1 · 3 · 3
        #expect(layer.macs == 648)           // 8 · 3 · 3 · 3 · 3
    }

    @Test func groupsEqualToChannelsWithAMultiplierKeepAGroupDim() throws {
        // 4 channels, 8 outputs, 4 groups: 2 filters of 1 channel each per group (not depthwise).
        let layer = try Shorthand.conv2d(name: "gm", input: [4, 5, 5], batch: 1,
                                         .init(outChannels: 8, kernel: (1, 1), groups: 4))
        let e = try #require(layer.einsum)
        #expect(e.dims == dims(["n": 1, "g": 4, "m": 2, "c": 1, "p": 5, "q": 5, "r": 1, "s": 1]))
        #expect(layer.parameters == 8)
        #expect(layer.outputShape == [8, 5, 5])
    }

    @Test func conv2dShapeErrors() {
        // groups must divide the channels: 4 % 3 ≠ 0.
        let badGroups = #expect(throws: ShapeError.self) {
            try Shorthand.conv2d(name: "x", input: [4, 8, 8], batch: 1, .init(outChannels: 6, kernel: (3, 3), groups: 3))
        }
        #expect(badGroups?.message == "groups = 3 must divide both the input channels (4) and 'out' (6)")
        // A 5×5 kernel on a 3×3 input without pad: 3 − 4 − 1 < 0.
        let tooBig = #expect(throws: ShapeError.self) {
            try Shorthand.conv2d(name: "x", input: [1, 3, 3], batch: 1, .init(outChannels: 1, kernel: (5, 5)))
        }
        #expect(tooBig?.message.contains("does not fit the 3x3 input") == true)
        // A flat input is not an image.
        let flat = #expect(throws: ShapeError.self) {
            try Shorthand.conv2d(name: "x", input: [64], batch: 1, .init(outChannels: 1, kernel: (1, 1)))
        }
        #expect(flat?.message == "conv2d needs a [C, H, W] input, got [64]")
    }

    // MARK: - linear, matmul, pooling

    @Test func linearFlattensTheInput() throws {
        // AlexNet fc6: 256×6×6 = 9216 features → 4096.
        let layer = try Shorthand.linear(name: "fc6", input: [256, 6, 6], batch: 4, out: 4096)
        let e = try #require(layer.einsum)
        #expect(e.dims == dims(["n": 4, "m": 4096, "c": 9216]))
        #expect(e.description == "O[n,m] += I[n,c] * W[m,c]")
        #expect(layer.outputShape == [4096])
        #expect(layer.inputShape == [256, 6, 6])
        #expect(layer.parameters == 37_748_736)      // 4096 · 9216
        #expect(layer.macs == 4 * 37_748_736)
        #expect(layer.inputActivations == 36_864)     // 4 · 9216
        #expect(layer.outputActivations == 16_384)    // 4 · 4096
    }

    @Test func matmulAndBmm() throws {
        // A learned projection: O[m,n] += A[m,k] * B[k,n], B (k × n) are the parameters.
        let mm = try Shorthand.matmul(name: "q", b: nil, m: 512, k: 768, n: 768, batch: 1, weightsAreParameters: true)
        let e = try #require(mm.einsum)
        #expect(mm.kind == "matmul")
        #expect(e.description == "O[m,n] += A[m,k] * B[k,n]")
        #expect(e.dims == dims(["m": 512, "k": 768, "n": 768]))
        #expect(mm.macs == 301_989_888)            // 512 · 768 · 768
        #expect(mm.parameters == 589_824)          // 768 · 768
        #expect(mm.inputShape == [512, 768])
        #expect(mm.outputShape == [512, 768])

        // bmm of activations: no parameters, B carries the batch dim b.
        let bmm = try Shorthand.matmul(name: "att", b: 12, m: 4, k: 5, n: 6, batch: 1, weightsAreParameters: false)
        let be = try #require(bmm.einsum)
        #expect(bmm.kind == "bmm")
        #expect(be.description == "O[b,m,n] += A[b,m,k] * B[b,k,n]")
        #expect(bmm.parameters == 0)
        #expect(bmm.macs == 12 * 4 * 5 * 6)
        #expect(bmm.outputShape == [12, 4, 6])
        #expect(bmm.inputShape == [12, 4, 5])

        // A learned bmm: one k × n matrix per b → 12 · 5 · 6 = 360 parameters.
        let learned = try Shorthand.matmul(name: "w", b: 12, m: 4, k: 5, n: 6, batch: 1, weightsAreParameters: true)
        #expect(learned.parameters == 360)

        // Batch > 1 adds a leading dim x to A and O; learned weights are shared across it.
        let batched = try Shorthand.matmul(name: "bx", b: nil, m: 2, k: 3, n: 4, batch: 5, weightsAreParameters: true)
        #expect(try #require(batched.einsum).description == "O[x,m,n] += A[x,m,k] * B[k,n]")
        #expect(batched.parameters == 12)
        #expect(batched.macs == 5 * 2 * 3 * 4)
    }

    @Test func poolingShapesOnly() throws {
        // AlexNet pool1: 96×55×55, 3×3 stride 2 → floor((55 − 3) / 2) + 1 = 27.
        let pool = try Shorthand.pool(name: "pool1", kind: "maxpool", input: [96, 55, 55], batch: 1, kernel: 3, stride: 2, pad: 0)
        #expect(pool.einsum == nil)
        #expect(pool.macs == 0)
        #expect(pool.parameters == 0)
        #expect(pool.kind == "maxpool")
        #expect(pool.outputShape == [96, 27, 27])
        // avgpool with pad 1 on 8×8: floor((8 + 2 − 3) / 2) + 1 = 4.
        let avg = try Shorthand.pool(name: "avg", kind: "avgpool", input: [3, 8, 8], batch: 2, kernel: 3, stride: 2, pad: 1)
        #expect(avg.outputShape == [3, 4, 4])
        #expect(avg.outputActivations == 96)       // 2 · 3 · 4 · 4
        let flat = #expect(throws: ShapeError.self) {
            try Shorthand.pool(name: "p", kind: "maxpool", input: [10], batch: 1, kernel: 2, stride: 2, pad: 0)
        }
        #expect(flat?.message == "maxpool needs a [C, H, W] input, got [10]")
    }

    // MARK: - Statistics

    @Test func statisticsOfAHandBuiltNetwork() throws {
        // conv 1×4×4 → 2×4×4 (3×3, pad 1): 18 parameters, 2·1·4·4·9 = 288 MACs;
        // maxpool 2/2 → 2×2×2; linear 8 → 3: 24 parameters and MACs.
        let conv = try Shorthand.conv2d(name: "conv", input: [1, 4, 4], batch: 1,
                                        .init(outChannels: 2, kernel: (3, 3), pad: (1, 1)))
        let pool = try Shorthand.pool(name: "pool", kind: "maxpool", input: conv.outputShape, batch: 1, kernel: 2, stride: 2, pad: 0)
        let fc = try Shorthand.linear(name: "fc", input: pool.outputShape, batch: 1, out: 3)
        let stats = Workload(name: "tiny", layers: [conv, pool, fc]).statistics(bits: 8)
        #expect(stats.totalMACs == 312)
        #expect(stats.totalParameters == 42)
        // Input 16 + outputs 32 + 8 + 3 = 59; peak = conv's 16 + 32 = 48.
        #expect(stats.totalActivations == 59)
        #expect(stats.peakActivations == 48)
        #expect(stats.rows.map(\.name) == ["conv", "pool", "fc"])
        #expect(stats.rows.map(\.outputShape) == [[2, 4, 4], [2, 2, 2], [3]])
        #expect(stats.rows.map(\.liveActivations) == [48, 40, 11])
        #expect(stats.rows.map(\.macs) == [288, 0, 24])
        #expect(stats.modelSizeBytes == 42)        // 42 parameters × 8 bits / 8
        #expect(stats.activationBytes == 59)
        #expect(Workload(name: "tiny", layers: [conv, pool, fc]).statistics().modelSizeBytes == 84)
    }

    /// An attention einsum's second operand (K, V) is an activation: it is live with the inputs
    /// and outputs. `context`: S 12·512·512 + V 12·512·64 + Z 12·512·64 = 3,932,160.
    @Test func attentionOperandsAreLiveActivations() throws {
        let stats = try Self.bundled("bert_base_layer.yaml").statistics()
        #expect(stats.peakActivations == 3_932_160)
        let context = try #require(stats.rows.first { $0.name == "context" })
        #expect(context.liveActivations == 12 * 512 * 512 + 2 * 12 * 512 * 64)
        let projection = try #require(stats.rows.first { $0.name == "q_proj" })
        #expect(projection.liveActivations == 2 * 512 * 768) // the weights are parameters, not activations
    }

    @Test func alexNetStatistics() throws {
        let stats = try Self.bundled("alexnet.yaml").statistics()
        #expect(stats.totalMACs == 724_406_816)
        #expect(stats.totalParameters == 60_954_656)
        #expect(stats.totalActivations == 932_264)
        #expect(stats.peakActivations == 440_928)
        // Per layer (hand-computed): conv1 96·3·55²·121, conv2 256·48·27²·25 (groups 2),
        // conv3 384·256·13²·9, conv4 384·192·13²·9, conv5 256·192·13²·9, fc6..8.
        #expect(stats.rows.map(\.macs) == [105_415_200, 0, 223_948_800, 0, 149_520_384, 112_140_288,
                                           74_760_192, 0, 37_748_736, 16_777_216, 4_096_000])
        #expect(stats.rows.map(\.outputShape) == [[96, 55, 55], [96, 27, 27], [256, 27, 27], [256, 13, 13],
                                                  [384, 13, 13], [384, 13, 13], [256, 13, 13], [256, 6, 6],
                                                  [4096], [4096], [1000]])
    }

    @Test(arguments: [
        ("vgg16.yaml", 15_470_264_320, 138_344_128),
        ("resnet50.yaml", 4_089_184_256, 25_502_912),
        ("mobilenet_v2.yaml", 300_774_272, 3_469_760),
        ("bert_base_layer.yaml", 4_026_531_840, 7_077_888),
    ])
    func bundledNetworkTotals(file: String, macs: Int, parameters: Int) throws {
        let stats = try Self.bundled(file).statistics()
        #expect(stats.totalMACs == macs, "\(file) MACs")
        #expect(stats.totalParameters == parameters, "\(file) parameters")
    }

    @Test func bertAttentionEinsumsHaveNoParameters() throws {
        // scores and context: 12 · 512 · 512 · 64 = 201,326,592 MACs each, K / V are activations.
        let bert = try Self.bundled("bert_base_layer.yaml")
        let scores = try #require(bert.layer(named: "scores"))
        #expect(scores.macs == 201_326_592)
        #expect(scores.parameters == 0)
        #expect(scores.outputShape == [12, 512, 512])
        #expect(try #require(scores.einsum).description == "S[h,i,j] += Q[h,i,d] * K[h,j,d]")
        #expect(bert.layer(named: "ffn1")?.parameters == 2_359_296)     // 768 · 3072
    }

    // MARK: - AffineExpression and Einsum

    @Test func affineSpanIsTheBoundingInterval() {
        // 2*p + r with p ∈ [0, 4), r ∈ [0, 3): 1 + 2·3 + 1·2 = 9 values (0 … 8).
        let e = AffineExpression(terms: [.init(dim: 0, coefficient: 2), .init(dim: 1, coefficient: 1)], constant: -1)
        #expect(e.span(extents: [4, 3]) == 9)
        // The constant (padding) never changes the size.
        #expect(AffineExpression(terms: e.terms).span(extents: [4, 3]) == 9)
        // Negative coefficients count by magnitude: p − 3r over [0,2) × [0,2) spans −3 … 1, 5 values.
        let negative = AffineExpression(terms: [.init(dim: 0, coefficient: 1), .init(dim: 1, coefficient: -3)])
        #expect(negative.span(extents: [2, 2]) == 5)
        // Extent 1 of every dim: one value.
        #expect(e.span(extents: [1, 1]) == 1)
        #expect(e.coefficient(of: 0) == 2)
        #expect(e.coefficient(of: 2) == 0)
    }

    @Test func affineTermsMerge() {
        let merged = AffineExpression(terms: [.init(dim: 0, coefficient: 1), .init(dim: 1, coefficient: 1),
                                              .init(dim: 0, coefficient: 2)])
        #expect(merged.terms == [.init(dim: 0, coefficient: 3), .init(dim: 1, coefficient: 1)])
        let cancelled = AffineExpression(terms: [.init(dim: 0, coefficient: 1), .init(dim: 0, coefficient: -1)])
        #expect(cancelled.terms.isEmpty)
        #expect(cancelled.span(extents: [5]) == 1)
    }

    @Test func affineRender() {
        let names = ["p", "r"]
        func expr(_ terms: [(Int, Int)], _ constant: Int = 0) -> String {
            AffineExpression(terms: terms.map { .init(dim: $0.0, coefficient: $0.1) }, constant: constant).render(dimNames: names)
        }
        #expect(expr([(0, 1)]) == "p")
        #expect(expr([(0, 2), (1, 1)]) == "2*p+r")
        #expect(expr([(0, 1), (1, 2)]) == "p+2*r")
        #expect(expr([(0, 1)], -1) == "p-1")
        #expect(expr([(0, 1)], 3) == "p+3")
        #expect(expr([(0, -1)]) == "-p")
        #expect(expr([(0, 2), (1, -3)], 4) == "2*p-3*r+4")
        #expect(expr([], -3) == "-3")
        #expect(expr([]) == "0")
    }

    @Test func einsumDescriptionAndLookups() {
        // Q[i,d] * K[j,d] → S[i,j], with the roles swapped by hand.
        let e = Einsum(dims: [Dim(name: "i", bound: 4), Dim(name: "j", bound: 5), Dim(name: "d", bound: 3)], tensors: [
            TensorAccess(name: "S", role: .outputs, indices: [.dim(0), .dim(1)]),
            TensorAccess(name: "Q", role: .weights, indices: [.dim(0), .dim(2)]),
            TensorAccess(name: "K", role: .inputs, indices: [.dim(1), .dim(2)]),
        ])
        #expect(e.description == "S[i,j] += Q[i,d] * K[j,d]")
        #expect(e.macs == 60)
        #expect(e.dimNames == ["i", "j", "d"])
        #expect(e.dimIndex(named: "d") == 2)
        #expect(e.dimIndex(named: "x") == nil)
        #expect(e.tensor(.inputs)?.name == "K")
        #expect(e.tensor(matching: "weights")?.name == "Q")
        #expect(e.tensor(matching: "K")?.role == .inputs)
        let s = e.tensors[0]
        #expect(s.isRelevant(dim: 0) && s.isRelevant(dim: 1) && !s.isRelevant(dim: 2))
        #expect(e.footprint(of: e.tensors[2]) == 15)           // K: 5 × 3
        #expect(e.tensors[1].tileSize(extents: [2, 5, 3]) == 6) // Q tile: 2 × 3
    }
}
