@testable import DFSim
import Testing

/// The transfer groups of a fan-out whose tensor slides across it (``TilingSearch/stridedGroups(slot:tensor:)``)
/// depend on the tile below the fan-out; the search keeps the last value per (slot, tensor) while
/// that tile is unchanged. Going back and forth between tiles in one assignment must give what a
/// fresh search computes for each.
@Suite struct StridedGroupsCacheTests {
    @Test func groupsFollowTheTileBelowTheFanout() {
        // O[p] += I[p + r] * W[r], p on x and r on y of one joint fan-out: the inputs' offsets
        // stride·i_x + i_y are distinct in number 4, 5 or 6 for an RF tile of p of 1, 2 or 4.
        let einsum = Einsum(dims: [Dim(name: "p", bound: 8), Dim(name: "r", bound: 3)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
            TensorAccess(name: "I", role: .inputs, indices: [AffineExpression(terms: [.init(dim: 0, coefficient: 1), .init(dim: 1, coefficient: 1)])]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(1)]),
        ])
        let arch = Architecture(name: "sliding", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 100),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 1024, readEnergy: 5, writeEnergy: 5),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 64, fanout: Fanout(x: 2, y: 3), readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1))
        let space = Mapspace(einsum: einsum, architecture: arch)
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        let assignment = space.spatialSlots.map { slot in slot.axis == .x ? [2, 1] : [1, 3] }
        let rf = 2, input = 1
        func groups(_ search: inout TilingSearch, rfTile: Int) -> [Int] {
            for i in search.temporal.indices { search.temporal[i] = 1 }
            search.temporal[rf * 2 + 0] = rfTile
            search.temporal[0 * 2 + 0] = 4 / rfTile
            search.prepareTiling()
            return search.facts.groups
        }
        func fresh(_ rfTile: Int) -> [Int] {
            var search = TilingSearch(mapspace: space, context: context, objective: .energy)
            search.setAssignmentForTest(assignment)
            return groups(&search, rfTile: rfTile)
        }
        var reused = TilingSearch(mapspace: space, context: context, objective: .energy)
        reused.setAssignmentForTest(assignment)
        var seen: Set<Int> = []
        for rfTile in [1, 2, 4, 1, 4, 2, 2, 1] {
            let got = groups(&reused, rfTile: rfTile)
            #expect(got == fresh(rfTile), "RF tile of p \(rfTile)")
            seen.insert(got[rf * 3 + input])
        }
        #expect(seen == [4, 5, 6], "the inputs' groups do not vary with the tile: \(seen)")
    }
}

extension TilingSearch {
    /// Sets `spatial` and the assignment's facts, as a search does before its tilings.
    mutating func setAssignmentForTest(_ assignment: [[Int]]) {
        spatial = assignment
        var left = mapspace.einsum.dims.map(\.bound)
        for slot in assignment { for d in left.indices { left[d] /= slot[d] } }
        remaining = left
        prepareAssignment(remaining: left)
    }
}
