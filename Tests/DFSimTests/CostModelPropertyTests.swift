import DFSim
import Testing

/// The analytical model must equal the brute-force simulator exactly on random small problems
/// (conv with stride/dilation, depthwise, matmul), random 2–4-level architectures with one or two
/// fan-outs and random bypass, and random valid mappings.
@Suite struct CostModelPropertyTests {
    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(240, exhaustive: 960))
    func analyticalCountsEqualTheSimulator(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed))
        let einsum = RandomCases.einsum(&g)
        let arch = RandomCases.architecture(&g)
        let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
        #expect(mapping.validate(for: einsum, on: arch).isEmpty, "seed \(seed): generated mapping is invalid")
        let model = CostModel.evaluate(einsum, on: arch, mapping: mapping)
        let reference = ReferenceSimulator(einsum: einsum, architecture: arch, mapping: mapping).run()
        for (l, level) in model.levels.enumerated() {
            for (t, tensor) in einsum.tensors.enumerated() {
                let expected = reference[l][t]
                let got = level.tensors.first { $0.role == tensor.role }
                guard let expected else {
                    #expect(got == nil, "seed \(seed): \(level.name) should not keep \(tensor.name)")
                    continue
                }
                guard let got else {
                    Issue.record("seed \(seed): \(level.name) lost tensor \(tensor.name)")
                    continue
                }
                let actual = ReferenceSimulator.Counts(capacity: got.utilizedCapacity, instances: got.instances,
                                                       reads: got.reads, fills: got.fills, updates: got.updates)
                #expect(actual == expected, """
                    seed \(seed): \(level.name)/\(tensor.name): model \(actual), simulator \(expected)
                    \(einsum.description) \(einsum.dims.map { "\($0.name)=\($0.bound)" }.joined(separator: " "))
                    \(mapping.loopNest(for: einsum, on: arch))
                    """)
            }
        }
    }
}

/// The mapper reuses the order-independent part of an evaluation across loop orders: it must give
/// exactly what a fresh evaluation gives.
@Test(arguments: 0..<60)
func reusedFactsGiveTheSameCost(seed: Int) {
    var g = SeededGenerator(seed: UInt64(seed) &+ 10_000)
    let einsum = RandomCases.einsum(&g)
    let arch = RandomCases.architecture(&g)
    let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
    let context = EvaluationContext(einsum: einsum, architecture: arch)
    let facts = context.facts(mapping)
    for _ in 0..<4 {
        var reordered = mapping
        for l in reordered.levels.indices { reordered.levels[l].temporal.shuffle(using: &g) }
        let fresh = context.cost(reordered), reused = context.cost(reordered, facts: facts)
        #expect(fresh.energyPJ == reused.energyPJ && fresh.cycles == reused.cycles, "seed \(seed)")
        let full = context.evaluate(reordered)
        #expect(full.energyPJ == fresh.energyPJ && full.cycles == fresh.cycles, "seed \(seed)")
    }
}
