import DFSim
import Testing

/// On tiny problems the mapper's optimum (with all its pruning) must equal the optimum of a plain
/// enumeration of the whole unpruned mapspace, for every objective.
@Suite struct MapperOptimalityTests {
    static func tinyCase(seed: Int) -> (Einsum, Architecture) {
        var g = SeededGenerator(seed: UInt64(seed) &* 7919)
        func b(_ hi: Int) -> Int { Int.random(in: 1...hi, using: &g) }
        let einsum: Einsum
        if Bool.random(using: &g) {
            // 1-D conv with channels: O[m,p] += I[c, U*p + r] * W[m,c,r]
            let u = b(2)
            einsum = Einsum(dims: [Dim(name: "m", bound: b(6)), Dim(name: "c", bound: b(3)),
                                   Dim(name: "p", bound: b(6)), Dim(name: "r", bound: b(3))], tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
                TensorAccess(name: "I", role: .inputs, indices: [.dim(1), AffineExpression(terms: [.init(dim: 2, coefficient: u), .init(dim: 3, coefficient: 1)])]),
                TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1), .dim(3)]),
            ])
        } else {
            einsum = Einsum(dims: [Dim(name: "m", bound: b(8)), Dim(name: "k", bound: b(6)), Dim(name: "n", bound: b(6))], tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
                TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
                TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
            ])
        }
        let glbKeep: KeepPolicy = [KeepPolicy.all, .auto, .only(["inputs", "outputs"])][b(3) - 1]
        let bw = Bool.random(using: &g) ? Bandwidth(shared: Double(b(3))) : .unlimited
        let arch = Architecture(name: "tiny", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 120, bandwidth: bw),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 4 + b(16), keep: glbKeep, readEnergy: 6, writeEnergy: 7,
                         bandwidth: Bool.random(using: &g) ? Bandwidth(shared: 2) : .unlimited),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 1 + b(4), keep: .all,
                         fanout: Fanout(x: b(2), y: b(2)), readEnergy: 1, writeEnergy: 1.2),
        ], compute: ComputeUnit(energyPerMAC: 1))
        var constrained = arch
        // Sometimes constrain the GLB (possibly to no loops at all) and pin a factor at the RF.
        if Bool.random(using: &g) {
            let allowed = einsum.dims.map(\.name).filter { _ in Bool.random(using: &g) }
            constrained.constraints = Constraints(levels: ["GLB": LevelConstraint(only: allowed)])
        }
        // Every third case prices network transfers (fills across the fan-out, operands to the MACs).
        constrained.networkTransferEnergy = seed % 3 == 1 ? 1.5 : 0
        return (einsum, constrained)
    }

    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(40, exhaustive: 160))
    func mapperFindsTheOptimumOfTheWholeMapspace(seed: Int) throws {
        let (einsum, arch) = Self.tinyCase(seed: seed)
        try Self.expectOptimal(einsum, arch, label: "seed \(seed)")
    }

    /// For every objective: the mapper's optimum equals the plain enumeration's (both find nothing
    /// or both find the same objective value), and its mapping is valid.
    static func expectOptimal(_ einsum: Einsum, _ arch: Architecture, label: String) throws {
        let space = Mapspace(einsum: einsum, architecture: arch)
        for objective in Objective.allCases {
            let reference = BruteForceMapper(mapspace: space, objective: objective).best()
            let found = try? Mapper(mapspace: space, objective: objective, threads: 2).search()
            guard let reference else {
                #expect(found == nil, "\(label) \(objective): brute force found nothing, the mapper did")
                continue
            }
            let result = try #require(found, "\(label) \(objective): mapper found nothing, brute force \(reference.valid) mappings")
            #expect(result.mapping.validate(for: einsum, on: arch).isEmpty, "\(label): the mapper returned an invalid mapping")
            #expect(result.evaluation.isApproximatelyOptimal(objective, reference),
                    "\(label) \(objective): mapper \(objective.value(result.evaluation)) (E \(result.evaluation.energyPJ), C \(result.evaluation.cycles)), optimum \(reference.objective) (E \(reference.energy), C \(reference.cycles)) over \(reference.valid) mappings\n\(result.mapping.loopNest(for: einsum, on: arch))")
        }
    }

    @Test func resultDoesNotDependOnThreads() throws {
        var compared = 0
        for seed in 0..<10 {
            let (einsum, arch) = Self.tinyCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            guard let one = try? Mapper(mapspace: space, threads: 1).search() else { continue }
            compared += 1
            let three = try Mapper(mapspace: space, threads: 3).search()
            #expect(one.mapping == three.mapping, "seed \(seed)")
            #expect(one.statistics == three.statistics, "seed \(seed)")
        }
        #expect(compared >= 5)
    }
}

extension Evaluation {
    func isApproximatelyOptimal(_ objective: Objective, _ r: (objective: Double, energy: Double, cycles: Int, valid: Int)) -> Bool {
        let v = objective.value(self)
        return abs(v - r.objective) <= 1e-9 * max(1, abs(r.objective))
    }
}

/// Regression: a level that may run no loops still holds the tiles of the levels inside it, so
/// their loops must fit its capacity (AlexNet on eyeriss_like's 24-word ifmap_spad).
@Test func levelWithoutLoopsStillBoundsInnerTiles() throws {
    let einsum = Einsum(dims: [Dim(name: "m", bound: 4), Dim(name: "k", bound: 4), Dim(name: "n", bound: 4)], tensors: [
        TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
        TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
        TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
    ])
    var arch = Architecture(name: "nested", levels: [
        StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 100),
        StorageLevel(name: "Small", kind: .regfile, sizeWords: 2, keep: .only(["inputs"]), readEnergy: 1, writeEnergy: 1),
        StorageLevel(name: "Big", kind: .regfile, sizeWords: 64, keep: .only(["inputs", "weights", "outputs"]), readEnergy: 1, writeEnergy: 1),
    ], compute: ComputeUnit(energyPerMAC: 1))
    arch.constraints = Constraints(levels: ["Small": LevelConstraint(only: [])])
    let result = try Mapper(mapspace: Mapspace(einsum: einsum, architecture: arch), objective: .energy).search()
    #expect(result.mapping.validate(for: einsum, on: arch).isEmpty, "\(result.mapping.loopNest(for: einsum, on: arch))")
    let reference = try #require(BruteForceMapper(mapspace: Mapspace(einsum: einsum, architecture: arch), objective: .energy).best())
    #expect(result.evaluation.energyPJ == reference.energy)
}
