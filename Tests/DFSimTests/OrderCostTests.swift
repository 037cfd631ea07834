@testable import DFSim
import Testing

/// The mapper's fast path (``OrderCostEvaluator``: the order-dependent part of the model in closed
/// form, and the tiling facts the search computes from its factors) must give exactly what the full
/// evaluation of the same mapping gives.
@Suite struct OrderCostTests {
    /// Random problems, architectures (bypass, multicast/reduction, 1–2 fan-outs) and mappings; then
    /// random loop orders set level by level.
    @Test(arguments: 0..<200)
    func closedFormOrderCostEqualsTheFullEvaluation(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed) &+ 20_000)
        let einsum = RandomCases.einsum(&g)
        var arch = RandomCases.architecture(&g)
        if Bool.random(using: &g) {
            // Bandwidth limits so that cycles depend on the orders too.
            for l in arch.levels.indices where Bool.random(using: &g) {
                arch.levels[l].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...4, using: &g)) / 2)
            }
        }
        var mapping = RandomCases.mapping(for: einsum, on: arch, &g)
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        var evaluator = OrderCostEvaluator(context: context)
        evaluator.reset(tiling: mapping)
        for round in 0..<6 {
            let fast = evaluator.cost(), full = context.evaluate(mapping)
            #expect(fast.energyPJ == full.energyPJ && fast.cycles == full.cycles && fast.computeCycles == full.computeCycles,
                    "seed \(seed) round \(round): fast \(fast), full \(full.energyPJ) \(full.cycles)\n\(mapping.loopNest(for: einsum, on: arch))")
            let level = Int.random(in: 0..<arch.levels.count, using: &g)
            mapping.levels[level].temporal.shuffle(using: &g)
            evaluator.setOrder(level: level, evaluator.signature(mapping.levels[level].temporal.map(\.dim)))
        }
    }

    /// The search's own tiling facts and every evaluation it counts, checked against the full model
    /// on the mapper's tiny mapspaces (bandwidth limits, bypass, `keep: auto`).
    @Test(arguments: 0..<40)
    func searchEvaluationsEqualTheFullModel(seed: Int) {
        let (einsum, arch) = MapperOptimalityTests.tinyCase(seed: seed)
        checkSearch(einsum, arch, label: "seed \(seed)")
    }

    /// Overlapping spatial loops (`p` and `r` on one axis feed `p + r`: multicast groups depend on
    /// the strides, which depend on the temporal factors inside), with and without multicast.
    @Test(arguments: [true, false])
    func stridedMulticastGroupsEqualTheFullModel(multicast: Bool) {
        let einsum = Einsum(dims: [Dim(name: "m", bound: 2), Dim(name: "c", bound: 2), Dim(name: "p", bound: 4),
                                   Dim(name: "r", bound: 3)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
            TensorAccess(name: "I", role: .inputs, indices: [.dim(1), AffineExpression(terms: [.init(dim: 2, coefficient: 1), .init(dim: 3, coefficient: 1)])]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1), .dim(3)]),
        ])
        let arch = Architecture(name: "strided", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 120, bandwidth: Bandwidth(shared: 1)),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 64, readEnergy: 6, writeEnergy: 7),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 12, fanout: Fanout(x: 6, y: 2, multicast: multicast, reduction: multicast),
                         readEnergy: 1, writeEnergy: 1.2),
        ], compute: ComputeUnit(energyPerMAC: 1))
        checkSearch(einsum, arch, label: "multicast \(multicast)")
    }

    func checkSearch(_ einsum: Einsum, _ arch: Architecture, label: String) {
        let space = Mapspace(einsum: einsum, architecture: arch)
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        for objective in Objective.allCases {
            var search = TilingSearch(mapspace: space, context: context, objective: objective)
            search.verifying = true
            for assignment in Mapper(mapspace: space).spatialAssignments().list { search.run(spatial: assignment) }
            #expect(search.mismatches.isEmpty, "\(label) \(objective): \(search.mismatches.prefix(3))")
        }
    }

    /// The Pareto fronts of order classes (``TilingSearch/prepareOrderFronts()``) keep the best
    /// combination of every bandwidth-bound tiling: on random tilings with tight bandwidths, the
    /// least EDP and latency over the fronts equal those over every combination, and the fronts
    /// often skip combinations (so the test exercises them).
    @Test func orderFrontsKeepTheBestCombination() {
        var fewer = 0, compared = 0
        for seed in 0..<300 {
            var g = SeededGenerator(seed: UInt64(seed) &* 31_337 &+ 5)
            let einsum = RandomCases.einsum(&g)
            var arch = RandomCases.architecture(&g)
            for i in arch.levels.indices { arch.levels[i].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...4, using: &g)) / 4) }
            let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            for objective in [Objective.edp, .latency] {
                var search = TilingSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), context: context, objective: objective)
                guard let all = search.bestOrderCombination(of: mapping, frontsOnly: false),
                      let fronts = search.bestOrderCombination(of: mapping, frontsOnly: true) else { continue }
                compared += 1
                if fronts.combinations < all.combinations { fewer += 1 }
                #expect(fronts.objective == all.objective, "seed \(seed) \(objective): fronts \(fronts.objective), all \(all.objective)")
            }
        }
        #expect(compared >= 400)
        #expect(fewer * 4 >= compared, "fronts skipped combinations in only \(fewer) of \(compared) tilings")
    }
}
