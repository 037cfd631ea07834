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
