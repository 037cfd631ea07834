@testable import DFSim
import Testing

/// Divisors from the prime factorization, and random search on huge dims and small mapspaces.
@Suite struct DivisorAndSamplingTests {
    @Test func divisorsMatchTrialDivision() {
        for n in 1...3000 {
            let expected = (1...n).filter { n % $0 == 0 }
            #expect(Mapspace.divisors(n) == expected, "\(n)")
        }
        #expect(Mapspace.divisors(0).isEmpty)
        #expect(Mapspace.divisors(1 << 47).count == 48)
        #expect(Mapspace.divisors(1 << 47).last == 1 << 47)
        #expect(Mapspace.divisors(999_983 * 2) == [1, 2, 999_983, 1_999_966])
    }

    /// A matrix-vector product `O[m] += A[m,k] * B[k]` on DRAM and a 64-word register file.
    static func matrixVector(m: Int, k: Int) -> (Einsum, Architecture) {
        let einsum = Einsum(dims: [Dim(name: "m", bound: m), Dim(name: "k", bound: k)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
            TensorAccess(name: "A", role: .inputs, indices: [.dim(0), .dim(1)]),
            TensorAccess(name: "B", role: .weights, indices: [.dim(1)]),
        ])
        let arch = Architecture(name: "two", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 10, writeEnergy: 10),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 64, readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1))
        return (einsum, arch)
    }

    /// A budget beyond the mapspace's size is capped to it.
    @Test func budgetIsCappedByTheMapspaceSize() throws {
        let (einsum, arch) = Self.matrixVector(m: 2, k: 2)
        let space = Mapspace(einsum: einsum, architecture: arch)
        let search = RandomSearch(mapspace: space, budget: 1_000_000_000, seed: 3)
        #expect(Double(search.budget) <= space.size.total)
        let result = try search.search()
        #expect(Double(result.statistics.evaluated) <= space.size.total)
    }

    /// Dims of 2^47 no longer cost a square-root scan per draw: a handful of samples finish.
    @Test func hugeDimsSampleQuickly() throws {
        let (einsum, arch) = Self.matrixVector(m: 1 << 47, k: 2)
        let result = try RandomSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), budget: 20, seed: 1).search()
        #expect(result.statistics.evaluated == 20)
        #expect(result.mapping.validate(for: einsum, on: arch).isEmpty)
    }
}
