import DFSim
import Testing

/// Random search: reproducible from its seed, every sample a valid mapping, never better than the
/// proven optimum, and it reaches the optimum when the budget covers a tiny mapspace.
@Suite struct RandomSearchTests {
    @Test(arguments: 0..<12)
    func samplesAreValidReproducibleAndBoundedByTheOptimum(seed: Int) throws {
        let (einsum, arch) = MapperOptimalityTests.tinyCase(seed: seed)
        let space = Mapspace(einsum: einsum, architecture: arch)
        guard let exact = try? Mapper(mapspace: space, objective: .energy).search() else {
            #expect((try? RandomSearch(mapspace: space, objective: .energy, budget: 50, seed: 1).search()) == nil)
            return
        }
        let first = try RandomSearch(mapspace: space, objective: .energy, budget: 300, seed: UInt64(seed)).search()
        let again = try RandomSearch(mapspace: space, objective: .energy, budget: 300, seed: UInt64(seed)).search()
        #expect(first.mapping == again.mapping)
        #expect(!first.provenOptimal)
        #expect(first.mapping.validate(for: einsum, on: arch).isEmpty)
        #expect(first.evaluation.energyPJ >= exact.evaluation.energyPJ * (1 - 1e-12))
        #expect(first.statistics.evaluated == 300)
    }

    /// A design where most blind draws overflow a buffer: the sampler shrinks factors until they fit.
    @Test func tightBuffersStillYieldValidSamples() throws {
        let einsum = Einsum(dims: [Dim(name: "m", bound: 64), Dim(name: "k", bound: 64), Dim(name: "n", bound: 64)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
            TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
            TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
        ])
        let arch = Architecture(name: "tight", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 100),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 96, readEnergy: 6, writeEnergy: 6),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 3, fanout: Fanout(x: 4, y: 4), readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1))
        let result = try RandomSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), budget: 500, seed: 7).search()
        #expect(result.statistics.evaluated == 500)
        #expect(result.statistics.prunedCapacity == 0)
    }
}
