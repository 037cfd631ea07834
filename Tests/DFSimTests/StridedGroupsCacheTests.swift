@testable import DFSim
import Testing

/// The transfer groups of a fan-out whose tensor slides across it (``TilingSearch/stridedGroups(slot:tensor:)``)
/// depend on the tile below the fan-out; the search keeps the last value per (slot, tensor) while
/// that tile is unchanged. Going back and forth between tiles in one assignment must give what a
/// fresh search computes for each.
@Suite struct StridedGroupsCacheTests {
    @Test func groupsFollowTheTileBelowTheFanout() {
        // O[q] += I[2q + s] · W[s], q on x and s on y of one joint fan-out: the inputs' offsets
        // 2·stride·i_x + i_y are 5 or 6 distinct for a PE tile of q of 1 or 2.
        let (einsum, arch, _) = JointSharingTests.windowCase(.joint)
        let space = Mapspace(einsum: einsum, architecture: arch)
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        let assignment = space.spatialSlots.map { slot in slot.axis == .x ? [2, 1] : [1, 3] }
        let pe = 2, input = 1
        func groups(_ search: inout TilingSearch, peTile: Int) -> [Int] {
            for i in search.temporal.indices { search.temporal[i] = 1 }
            search.temporal[pe * 2 + 0] = peTile
            search.temporal[0 * 2 + 0] = 2 / peTile
            search.prepareTiling()
            return search.facts.groups
        }
        func fresh(_ peTile: Int) -> [Int] {
            var search = TilingSearch(mapspace: space, context: context, objective: .energy)
            _ = search.assignmentBound(assignment) // sets the assignment, as a search does
            return groups(&search, peTile: peTile)
        }
        var reused = TilingSearch(mapspace: space, context: context, objective: .energy)
        _ = reused.assignmentBound(assignment)
        var seen: Set<Int> = []
        for peTile in [1, 2, 1, 2, 2, 1] {
            let got = groups(&reused, peTile: peTile)
            #expect(got == fresh(peTile), "PE tile of q \(peTile)")
            seen.insert(got[pe * 3 + input])
        }
        #expect(seen == [5, 6], "the inputs' groups do not vary with the tile: \(seen)")
    }
}
