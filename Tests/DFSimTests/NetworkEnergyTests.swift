import DFSim
import Testing

/// Network transfers (docs/format.md §4.3): fills across a fan-out per receiving instance, operands delivered
/// to the MACs across it, and partial sums sent back, each at the transfer energy per fan-out.
@Suite struct NetworkEnergyTests {
    // O[m,n] += A[m,k] * B[k,n], 2 × 2 × 2 = 8 MACs on DRAM → RF (2 PEs along x).
    let einsum = Einsum(dims: [Dim(name: "m", bound: 2), Dim(name: "k", bound: 2), Dim(name: "n", bound: 2)], tensors: [
        TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
        TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
        TensorAccess(name: "B", role: .weights, indices: [.dim(1), .dim(2)]),
    ])

    func architecture(rfKeeps: [String], transfer: Double) -> Architecture {
        Architecture(name: "net", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 10, writeEnergy: 10),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 64, keep: .only(rfKeeps), fanout: Fanout(x: 2, y: 1),
                         readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1), networkTransferEnergy: transfer)
    }

    let mapping = Mapping(levels: [
        LevelMapping(temporal: [], spatial: [SpatialLoop(dim: 0, factor: 2, axis: .x)]),
        LevelMapping(temporal: [Loop(dim: 1, factor: 2), Loop(dim: 2, factor: 2)]),
    ])

    @Test func weightsHeldInThePEsOperandsAndPartialSumsStreamed() {
        let priced = EvaluationContext(einsum: einsum, architecture: architecture(rfKeeps: ["weights"], transfer: 2)).evaluate(mapping)
        let free = EvaluationContext(einsum: einsum, architecture: architecture(rfKeeps: ["weights"], transfer: 0)).evaluate(mapping)
        // Each PE (one m) fills all 4 words of B: 8 fills; each of the 8 MACs receives an A word
        // and sends an O partial sum up to DRAM (m is spatial and relevant to O: no reduction).
        #expect(priced.levels[1].tensors.first { $0.role == .weights }?.fills == 8)
        #expect(priced.networkEnergyPJ == 2 * (8 + 8 + 8))
        #expect(free.networkEnergyPJ == 0)
        #expect(priced.energyPJ == free.energyPJ + 48)
        // The levels' own energies do not include the network.
        #expect(priced.levels.map(\.energyPJ) == free.levels.map(\.energyPJ))
    }

    @Test func everythingHeldInThePEs() {
        let e = EvaluationContext(einsum: einsum, architecture: architecture(rfKeeps: ["weights", "inputs", "outputs"], transfer: 1)).evaluate(mapping)
        let fills = e.levels[1].tensors.reduce(0) { $0 + $1.fills }
        let updates = e.levels[0].tensors.first { $0.role == .outputs }?.updates ?? -1
        // A: 2 words per PE; B: 4 per PE; O: no fills (first partial sums read nothing); O drained: 4.
        #expect(fills == 4 + 8)
        #expect(updates == 4)
        #expect(e.networkEnergyPJ == Double(fills + updates))
    }
}
