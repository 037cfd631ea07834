@testable import DFSim
import Testing

/// The search's lower bound on the completions of a partial tiling (`TilingSearch.partialBound`)
/// never exceeds the energy or the cycles of any mapping it covers: for random mappings (strided
/// and dilated convs, depthwise convs, matmuls; 2–4 levels, one or two fan-outs, bypass, bandwidth
/// limits, network transfers), the bound of every suffix of levels is checked against the
/// mapping's own cost, which is one of its completions.
@Suite struct PartialBoundTests {
    @Test(arguments: 0..<300)
    func boundNeverExceedsACompletion(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed) &* 104_729 &+ 17)
        let einsum = RandomCases.einsum(&g)
        var arch = RandomCases.architecture(&g)
        for i in arch.levels.indices where Bool.random(using: &g) {
            arch.levels[i].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...6, using: &g)) / 2)
        }
        let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        let exact = context.evaluate(mapping)
        var search = TilingSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), context: context, objective: .edp)
        for from in 0..<arch.levels.count {
            guard let bound = search.partialBound(of: mapping, from: from) else {
                Issue.record("seed \(seed): no bound from level \(from) with fixed keep policies")
                continue
            }
            #expect(bound.energyPJ <= exact.energyPJ * (1 + 1e-12),
                    "seed \(seed) from \(from): energy bound \(bound.energyPJ) > \(exact.energyPJ)\n\(mapping.loopNest(for: einsum, on: arch))")
            #expect(bound.cycles <= exact.cycles,
                    "seed \(seed) from \(from): cycle bound \(bound.cycles) > \(exact.cycles)\n\(mapping.loopNest(for: einsum, on: arch))")
        }
    }

    /// With capacities that the mapping just fits (so whole partitions rarely fit and the
    /// refetch, innermost-loop and joint-order terms of ``TilingSearch/sharpened(_:from:)`` come
    /// into play), the sharpened bound still never exceeds the mapping's cost; and it is strictly
    /// sharper than the per-cell bound often enough that this test exercises it.
    @Test func sharpenedBoundNeverExceedsACompletion() {
        var sharper = 0, checked = 0
        for seed in 0..<400 {
            var g = SeededGenerator(seed: UInt64(seed) &* 7_919 &+ 3)
            let einsum = RandomCases.einsum(&g)
            var arch = RandomCases.architecture(&g)
            for i in arch.levels.indices where Bool.random(using: &g) {
                arch.levels[i].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...6, using: &g)) / 2)
            }
            let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
            let facts = EvaluationContext(einsum: einsum, architecture: arch).facts(mapping)
            let tensors = einsum.tensors.count
            for level in 1..<arch.levels.count {
                let used = (0..<tensors).filter { facts.keep[level * tensors + $0] }.reduce(0) { $0 + facts.capacity[level * tensors + $1] }
                arch.levels[level].sizeWords = max(1, used + Int.random(in: 0...max(0, used / 3), using: &g))
            }
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            let exact = context.evaluate(mapping)
            var search = TilingSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), context: context, objective: .edp)
            for from in 0..<arch.levels.count {
                guard let plain = search.partialBound(of: mapping, from: from, sharpen: false),
                      let bound = search.partialBound(of: mapping, from: from) else {
                    Issue.record("seed \(seed): no bound from level \(from)")
                    continue
                }
                checked += 1
                if bound.energyPJ > plain.energyPJ * (1 + 1e-9) || bound.cycles > plain.cycles { sharper += 1 }
                #expect(bound.energyPJ <= exact.energyPJ * (1 + 1e-12),
                        "seed \(seed) from \(from): energy bound \(bound.energyPJ) > \(exact.energyPJ)\n\(mapping.loopNest(for: einsum, on: arch))")
                #expect(bound.cycles <= exact.cycles,
                        "seed \(seed) from \(from): cycle bound \(bound.cycles) > \(exact.cycles)\n\(mapping.loopNest(for: einsum, on: arch))")
            }
        }
        #expect(sharper * 5 >= checked, "only \(sharper) of \(checked) bounds were sharpened: the test no longer exercises the sharpening")
    }

    /// The bound of a whole spatial assignment (``TilingSearch/assignmentBound(_:)``, no level
    /// fixed: refetches of levels too small for their partition, the nest's innermost loop) never
    /// exceeds the cost of a mapping with that assignment, on capacity-tight random cases; and it
    /// is often sharper than the per-cell bound.
    @Test func assignmentBoundNeverExceedsAMapping() {
        var sharper = 0, checked = 0
        for seed in 0..<400 {
            var g = SeededGenerator(seed: UInt64(seed) &* 4_241 &+ 11)
            let einsum = RandomCases.einsum(&g)
            var arch = RandomCases.architecture(&g)
            for i in arch.levels.indices where Bool.random(using: &g) {
                arch.levels[i].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...6, using: &g)) / 2)
            }
            let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
            let facts = EvaluationContext(einsum: einsum, architecture: arch).facts(mapping)
            let tensors = einsum.tensors.count
            for level in 1..<arch.levels.count {
                let used = (0..<tensors).filter { facts.keep[level * tensors + $0] }.reduce(0) { $0 + facts.capacity[level * tensors + $1] }
                arch.levels[level].sizeWords = max(1, used + Int.random(in: 0...max(0, used / 3), using: &g))
            }
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            let exact = context.evaluate(mapping)
            let space = Mapspace(einsum: einsum, architecture: arch)
            var search = TilingSearch(mapspace: space, context: context, objective: .edp)
            guard let plain = search.partialBound(of: mapping, from: arch.levels.count, sharpen: false) else { continue }
            let assignment = search.spatial
            guard let bound = search.assignmentBound(assignment) else { continue }
            checked += 1
            if bound.energyPJ > plain.energyPJ * (1 + 1e-9) || bound.cycles > plain.cycles { sharper += 1 }
            #expect(bound.energyPJ <= exact.energyPJ * (1 + 1e-12),
                    "seed \(seed): energy bound \(bound.energyPJ) > \(exact.energyPJ)\n\(mapping.loopNest(for: einsum, on: arch))")
            #expect(bound.cycles <= exact.cycles,
                    "seed \(seed): cycle bound \(bound.cycles) > \(exact.cycles)\n\(mapping.loopNest(for: einsum, on: arch))")
        }
        #expect(checked >= 300)
        #expect(sharper * 10 >= checked, "only \(sharper) of \(checked) assignment bounds were sharpened")
    }

    /// Against the true optimum: on tiny problems (those of the optimality tests) every valid
    /// mapping is enumerated, and each spatial assignment's bound may not exceed the least energy
    /// nor the least cycles of the mappings that use it.
    @Test func assignmentBoundNeverExceedsTheAssignmentsOptimum() {
        var checked = 0
        for seed in 0..<36 {
            let (einsum, arch) = [MapperOptimalityRichTests.richCase(seed:), MapperOptimalityTests.tinyCase(seed:), Self.registerCase(seed:)][seed % 3](seed / 3)
            let space = Mapspace(einsum: einsum, architecture: arch)
            var least: [[[Int]]: (energy: Double, cycles: Int)] = [:]
            let slots = space.spatialSlots
            _ = BruteForceMapper(mapspace: space, objective: .energy).best { mapping, evaluation in
                let assignment = slots.map { slot in
                    einsum.dims.indices.map { d in
                        mapping.levels[slot.level].spatial.filter { $0.axis == slot.axis && $0.dim == d }.reduce(1) { $0 * $1.factor }
                    }
                }
                let old = least[assignment] ?? (.infinity, Int.max)
                least[assignment] = (min(old.energy, evaluation.energyPJ), min(old.cycles, evaluation.cycles))
            }
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            var search = TilingSearch(mapspace: space, context: context, objective: .edp)
            for (assignment, optimum) in least {
                guard let bound = search.assignmentBound(assignment) else { continue }
                checked += 1
                #expect(bound.energyPJ <= optimum.energy * (1 + 1e-12), "seed \(seed) \(assignment): energy bound \(bound.energyPJ) > least \(optimum.energy)")
                #expect(bound.cycles <= optimum.cycles, "seed \(seed) \(assignment): cycle bound \(bound.cycles) > least \(optimum.cycles)")
            }
        }
        #expect(checked >= 50)
    }

    /// A tiny problem on per-tensor register levels (the cells of single-tensor levels, where the
    /// nest's innermost loop decides which are refetched at every step).
    static func registerCase(seed: Int) -> (Einsum, Architecture) {
        var g = SeededGenerator(seed: UInt64(seed) &* 104_723 &+ 1)
        func b(_ hi: Int) -> Int { Int.random(in: 1...hi, using: &g) }
        let einsum: Einsum
        if Bool.random(using: &g) {
            let u = b(2)
            einsum = Einsum(dims: [Dim(name: "m", bound: b(3)), Dim(name: "c", bound: b(2)),
                                   Dim(name: "p", bound: 1 + b(2)), Dim(name: "r", bound: b(3))], tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
                TensorAccess(name: "I", role: .inputs, indices: [.dim(1), AffineExpression(terms: [.init(dim: 2, coefficient: u), .init(dim: 3, coefficient: 1)])]),
                TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1), .dim(3)]),
            ])
        } else {
            einsum = Einsum(dims: [Dim(name: "m", bound: 1 + b(3)), Dim(name: "k", bound: 1 + b(2)), Dim(name: "n", bound: 1 + b(2))], tensors: [
                TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
                TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
                TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
            ])
        }
        let registers = ["weights", "inputs", "outputs"].shuffled(using: &g)
        var levels = [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 120,
                         bandwidth: Bool.random(using: &g) ? Bandwidth(shared: Double(b(3))) : .unlimited),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 6 + b(12), keep: .all, readEnergy: 6, writeEnergy: 7,
                         bandwidth: Bool.random(using: &g) ? Bandwidth(shared: 2) : .unlimited),
        ]
        for (i, role) in registers.enumerated() {
            levels.append(StorageLevel(name: "R\(i)", kind: .regfile, sizeWords: b(3), keep: .only([role]),
                                       fanout: i == 0 ? Fanout(x: b(2), y: 1) : nil, readEnergy: 1, writeEnergy: 1.2))
        }
        return (einsum, Architecture(name: "registers", levels: levels, compute: ComputeUnit(energyPerMAC: 1)))
    }

    /// Distinct words under strides and dilations: the bound never exceeds the true count.
    @Test(arguments: 0..<200)
    func usedWordsBoundIsBelowTheDistinctWords(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed) &+ 99)
        let einsum = RandomCases.einsum(&g)
        let extents = einsum.dims.map { Int.random(in: 1...$0.bound, using: &g) }
        for tensor in einsum.tensors {
            let projection = TensorProjection(tensor, dimCount: einsum.dims.count)
            var distinct = Set<[Int]>()
            var point = [Int](repeating: 0, count: extents.count)
            func walk(_ d: Int) {
                if d == extents.count {
                    distinct.insert(tensor.indices.map { e in e.terms.reduce(0) { $0 + $1.coefficient * point[$1.dim] } })
                    return
                }
                for x in 0..<extents[d] { point[d] = x; walk(d + 1) }
            }
            walk(0)
            let bound = projection.usedWordsLowerBound(extents: extents, row: 0)
            #expect(bound <= distinct.count, "seed \(seed) \(tensor.name): bound \(bound) > \(distinct.count) distinct for extents \(extents)")
            #expect(bound <= projection.tileSize(extents: extents, row: 0))
        }
    }
}
