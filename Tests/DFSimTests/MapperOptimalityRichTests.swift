@testable import DFSim
import Testing

/// The pruned search against a plain enumeration of the whole unpruned mapspace on richer tiny
/// problems than `MapperOptimalityTests`: 2-D convs with stride and dilation, depthwise convs and
/// matmuls on 4–5 levels with two fan-outs (one 2-D), `order` constraints, pinned factors, spatial
/// x/y lists, dataflow presets, `keep: auto` and bandwidth limits, for every objective.
@Suite struct MapperOptimalityRichTests {
    /// A tiny problem: three or four dims larger than 1 (four only of size 2 and on four levels),
    /// so the plain enumeration stays within a few thousand tilings.
    static func richCase(seed: Int) -> (Einsum, Architecture) {
        var g = SeededGenerator(seed: UInt64(seed) &* 6_700_417 &+ 3)
        func b(_ hi: Int) -> Int { Int.random(in: 1...hi, using: &g) }
        let fiveLevels = Bool.random(using: &g)
        let einsum: Einsum
        switch seed % 3 {
        case 0:
            // 2-D conv: O[m,p,q] += I[c, U*p + D*r, q + D*s] * W[m,c,r,s], four of its dims > 1.
            let (u, dl) = (b(2), b(2))
            var bounds = [1, 1, 1, 1, 1, 1]
            let four = !fiveLevels && Bool.random(using: &g)
            for d in (0..<6).shuffled(using: &g).prefix(four ? 4 : 3) { bounds[d] = four ? 2 : 1 + b(2) }
            let names = ["m", "c", "p", "q", "r", "s"]
            einsum = Einsum(dims: zip(names, bounds).map { Dim(name: $0, bound: $1) }, tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2), .dim(3)]),
                TensorAccess(name: "I", role: .inputs, indices: [
                    .dim(1),
                    AffineExpression(terms: [.init(dim: 2, coefficient: u), .init(dim: 4, coefficient: dl)]),
                    AffineExpression(terms: [.init(dim: 3, coefficient: 1), .init(dim: 5, coefficient: dl)])]),
                TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1), .dim(4), .dim(5)]),
            ])
        case 1:
            // Depthwise: O[c,p,q] += I[c, U*p + r, q + s] * W[c,r,s].
            let u = b(2)
            var bounds = [1, 1, 1, 1, 1]
            let four = !fiveLevels && Bool.random(using: &g)
            for d in (0..<5).shuffled(using: &g).prefix(four ? 4 : 3) { bounds[d] = four ? 2 : 1 + b(2) }
            einsum = Einsum(dims: zip(["c", "p", "q", "r", "s"], bounds).map { Dim(name: $0, bound: $1) }, tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(1), .dim(2)]),
                TensorAccess(name: "I", role: .inputs, indices: [
                    .dim(0),
                    AffineExpression(terms: [.init(dim: 1, coefficient: u), .init(dim: 3, coefficient: 1)]),
                    AffineExpression(terms: [.init(dim: 2, coefficient: 1), .init(dim: 4, coefficient: 1)])]),
                TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(3), .dim(4)]),
            ])
        default:
            einsum = Einsum(dims: [Dim(name: "m", bound: 1 + b(2)), Dim(name: "k", bound: 1 + b(2)), Dim(name: "n", bound: 1 + b(3))], tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
                TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
                TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
            ])
        }
        func bandwidth() -> Bandwidth { Bool.random(using: &g) ? Bandwidth(shared: Double(b(4)) / 2) : .unlimited }
        var levels = [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 120, bandwidth: bandwidth()),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 12 + b(40), keep: [KeepPolicy.all, .auto, .only(["inputs", "outputs"])][b(3) - 1],
                         readEnergy: 6, writeEnergy: 7, bandwidth: bandwidth()),
            StorageLevel(name: "PEbuf", kind: .sram, sizeWords: 4 + b(12), keep: [KeepPolicy.all, .only(["weights", "inputs"]), .auto][b(3) - 1],
                         fanout: Fanout(x: 2, y: 1 + b(2), multicast: b(6) > 1, reduction: b(4) > 1),
                         readEnergy: 2, writeEnergy: 2.5, bandwidth: bandwidth()),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 2 + b(4), keep: .only(["weights", "outputs"]),
                         fanout: Fanout(x: 1 + b(2), y: 1), readEnergy: 1, writeEnergy: 1.2),
        ]
        if fiveLevels {
            levels.append(StorageLevel(name: "Reg", kind: .regfile, sizeWords: 1 + b(2), keep: .only(["inputs"]), readEnergy: 0.5, writeEnergy: 0.6))
        }
        var arch = Architecture(name: "rich", levels: levels, compute: ComputeUnit(energyPerMAC: 1))
        arch.networkTransferEnergy = seed % 4 == 1 ? 1.5 : 0
        let names = einsum.dims.map(\.name)
        var constraints: [String: LevelConstraint] = [:]
        switch b(5) {
        case 1: constraints["GLB"] = LevelConstraint(order: Array(names.shuffled(using: &g).prefix(2)))
        case 2:
            if let d = einsum.dims.first(where: { $0.bound > 1 }) { constraints["RF"] = LevelConstraint(factors: [d.name: d.bound]) }
        case 3:
            constraints["GLB"] = LevelConstraint(spatialX: Array(names.shuffled(using: &g).prefix(2)),
                                                 spatialY: Array(names.shuffled(using: &g).prefix(2)))
        case 4:
            arch.constraints.dataflow = DataflowPreset.allCases[b(DataflowPreset.allCases.count) - 1]
        default: break
        }
        arch.constraints.levels = constraints
        return (einsum, arch)
    }

    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(24, exhaustive: 72))
    func prunedSearchEqualsPlainEnumeration(seed: Int) throws {
        let (einsum, arch) = Self.richCase(seed: seed)
        try MapperOptimalityTests.expectOptimal(einsum, arch, label: "rich seed \(seed)")
    }

    /// Bounding prunes without changing the result: the same mapping with and without it, and
    /// fewer tilings searched with it on most cases.
    @Test func boundingChangesNothingButTheWork() throws {
        var fewer = 0, compared = 0
        for seed in 0..<24 {
            let (einsum, arch) = Self.richCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            for objective in Objective.allCases {
                guard let pruned = try? Mapper(mapspace: space, objective: objective).search() else { continue }
                var plain = Mapper(mapspace: space, objective: objective)
                plain.bounding = false
                let unpruned = try plain.search()
                #expect(pruned.mapping == unpruned.mapping, "seed \(seed) \(objective)")
                compared += 1
                if pruned.statistics.tilings < unpruned.statistics.tilings { fewer += 1 }
            }
        }
        #expect(compared >= 40)
        #expect(fewer * 2 >= compared, "bounding pruned on only \(fewer) of \(compared) searches")
    }
}
