import DFSim

/// The library's seeded generator: every property-test case reproduces from its seed.
typealias SeededGenerator = SplitMix64

/// Random small problems, architectures and valid mappings for property tests.
enum RandomCases {
    /// A random conv (stride, dilation), depthwise conv or matmul with at most `maxMACs` MACs.
    static func einsum(_ g: inout SeededGenerator, maxMACs: Int = 600) -> Einsum {
        while true {
            let kind = Int.random(in: 0..<3, using: &g)
            let e: Einsum
            func b(_ hi: Int) -> Int { Int.random(in: 1...hi, using: &g) }
            func idx(_ d: Int) -> AffineExpression { .dim(d) }
            switch kind {
            case 0:
                let (u, dl) = (b(2), b(2))
                let names = ["n", "m", "c", "p", "q", "r", "s"]
                let bounds = [b(2), b(4), b(3), b(5), b(4), b(3), b(2)]
                let dims = zip(names, bounds).map { Dim(name: $0, bound: $1) }
                e = Einsum(dims: dims, tensors: [
                    TensorAccess(name: "O", role: .outputs, indices: [idx(0), idx(1), idx(3), idx(4)]),
                    TensorAccess(name: "I", role: .inputs, indices: [
                        idx(0), idx(2),
                        AffineExpression(terms: [.init(dim: 3, coefficient: u), .init(dim: 5, coefficient: dl)]),
                        AffineExpression(terms: [.init(dim: 4, coefficient: 1), .init(dim: 6, coefficient: dl)])]),
                    TensorAccess(name: "W", role: .weights, indices: [idx(1), idx(2), idx(5), idx(6)]),
                ])
            case 1:
                let u = b(2)
                let dims = zip(["n", "c", "p", "q", "r", "s"], [b(2), b(4), b(5), b(4), b(3), b(3)]).map { Dim(name: $0, bound: $1) }
                e = Einsum(dims: dims, tensors: [
                    TensorAccess(name: "O", role: .outputs, indices: [idx(0), idx(1), idx(2), idx(3)]),
                    TensorAccess(name: "I", role: .inputs, indices: [
                        idx(0), idx(1),
                        AffineExpression(terms: [.init(dim: 2, coefficient: u), .init(dim: 4, coefficient: 1)]),
                        AffineExpression(terms: [.init(dim: 3, coefficient: u), .init(dim: 5, coefficient: 1)])]),
                    TensorAccess(name: "W", role: .weights, indices: [idx(1), idx(4), idx(5)]),
                ])
            default:
                let dims = zip(["m", "k", "n"], [b(8), b(8), b(8)]).map { Dim(name: $0, bound: $1) }
                e = Einsum(dims: dims, tensors: [
                    TensorAccess(name: "O", role: .outputs, indices: [idx(0), idx(2)]),
                    TensorAccess(name: "A", role: .inputs, indices: [idx(0), idx(1)]),
                    TensorAccess(name: "B", role: .weights, indices: [idx(1), idx(2)]),
                ])
            }
            if e.macs <= maxMACs { return e }
        }
    }

    /// A random 2–4-level architecture with one or two fan-outs and random bypass; sizes unbounded.
    static func architecture(_ g: inout SeededGenerator) -> Architecture {
        let count = Int.random(in: 2...4, using: &g)
        var levels: [StorageLevel] = []
        let fanoutCount = count == 2 ? 1 : Int.random(in: 1...2, using: &g)
        let fanoutLevels = Set((1..<count).shuffled(using: &g).prefix(fanoutCount))
        for i in 0..<count {
            var keep = KeepPolicy.all
            if i > 0 {
                let roles = TensorRole.allCases.filter { _ in Double.random(in: 0..<1, using: &g) < 0.65 }.map(\.rawValue)
                keep = .only(roles)
            }
            var fanout: Fanout?
            if fanoutLevels.contains(i) {
                fanout = Fanout(x: Int.random(in: 1...4, using: &g), y: Int.random(in: 1...3, using: &g),
                                multicast: Double.random(in: 0..<1, using: &g) < 0.85,
                                reduction: Double.random(in: 0..<1, using: &g) < 0.85)
            }
            levels.append(StorageLevel(name: "L\(i)", kind: i == 0 ? .dram : .sram, sizeWords: nil, keep: keep,
                                       fanout: fanout, readEnergy: Double(10 - i), writeEnergy: Double(11 - i)))
        }
        return Architecture(name: "random", levels: levels, compute: ComputeUnit(energyPerMAC: 1), networkTransferEnergy: 0.5)
    }

    /// A random perfectly factorized mapping: every prime factor of every dim goes to a random
    /// temporal or spatial slot (spatial only while the axis has room); random loop orders.
    static func mapping(for einsum: Einsum, on arch: Architecture, _ g: inout SeededGenerator) -> Mapping {
        let levelCount = arch.levels.count
        // Slot factors: temporal[level][dim], spatial[level][axis][dim].
        var temporal = [[Int]](repeating: [Int](repeating: 1, count: einsum.dims.count), count: levelCount)
        var spatial = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 1, count: einsum.dims.count), count: 2), count: levelCount)
        var used = [[Int]](repeating: [1, 1], count: levelCount)
        for (d, dim) in einsum.dims.enumerated() {
            for p in primeFactors(dim.bound) {
                let level = Int.random(in: 0..<levelCount, using: &g)
                if level + 1 < levelCount, let f = arch.levels[level + 1].fanout, Bool.random(using: &g) {
                    let axis = Int.random(in: 0..<2, using: &g)
                    let size = axis == 0 ? f.x : f.y
                    if used[level][axis] * p <= size {
                        used[level][axis] *= p
                        spatial[level][axis][d] *= p
                        continue
                    }
                }
                temporal[level][d] *= p
            }
        }
        var levels: [LevelMapping] = []
        for l in 0..<levelCount {
            let loops = (0..<einsum.dims.count).filter { temporal[l][$0] > 1 }.shuffled(using: &g)
                .map { Loop(dim: $0, factor: temporal[l][$0]) }
            var sp: [SpatialLoop] = []
            for (a, axis) in [SpatialAxis.x, .y].enumerated() {
                sp += (0..<einsum.dims.count).filter { spatial[l][a][$0] > 1 }.shuffled(using: &g)
                    .map { SpatialLoop(dim: $0, factor: spatial[l][a][$0], axis: axis) }
            }
            levels.append(LevelMapping(temporal: loops, spatial: sp))
        }
        return Mapping(levels: levels)
    }

    static func primeFactors(_ n: Int) -> [Int] {
        var n = n, f = 2, out: [Int] = []
        while n > 1 {
            while n % f == 0 { out.append(f); n /= f }
            f += 1
        }
        return out
    }
}
