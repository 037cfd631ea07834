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
