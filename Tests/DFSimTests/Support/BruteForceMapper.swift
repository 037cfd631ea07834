import DFSim
import Foundation

/// The whole unpruned mapspace, enumerated: every ordered factorization of every dim over every
/// temporal and spatial slot, every permutation of every level's loops and of every axis's spatial
/// loops, every keep choice; invalid mappings (capacity, fan-out, min utilization) are dropped.
/// Only for tiny problems: it is the yardstick for the mapper's pruning.
struct BruteForceMapper {
    let mapspace: Mapspace
    let objective: Objective

    typealias Optimum = (objective: Double, energy: Double, cycles: Int, valid: Int)

    /// The best objective value over the mapspace, or nil if it is empty; also the number of valid mappings.
    /// `visit` is called with every valid mapping and its evaluation.
    ///
    /// Without `visit` the answer is remembered for the test run (``Memo``): several suites walk
    /// the same tiny mapspaces, and the walk is a pure function of what the key holds.
    func best(visit: ((Mapping, Evaluation) -> Void)? = nil) -> Optimum? {
        guard visit == nil else { return walk(visit: visit) }
        let key = Memo.Key(self)
        if let known = Memo.shared.value(for: key) { return known.optimum }
        let optimum = walk(visit: nil)
        Memo.shared.store(Memo.Entry(optimum: optimum), for: key)
        return optimum
    }

    /// Optima already walked, keyed by everything the walk reads.
    final class Memo: @unchecked Sendable { // invariant: `entries` is only touched under `lock`
        struct Key: Hashable {
            var einsum: Einsum, architecture: Architecture, objective: Objective
            var temporalAllowed: [[Bool]], temporalPin: [[Int]], spatialPin: [[Int]]
            var spatialSlots: [Mapspace.SpatialSlot], keepChoices: [[[TensorRole]?]], orderPrefix: [[Int]]
            var minUtilization: Double

            init(_ mapper: BruteForceMapper) {
                let m = mapper.mapspace
                (einsum, architecture, objective) = (m.einsum, m.architecture, mapper.objective)
                (temporalAllowed, temporalPin, spatialPin) = (m.temporalAllowed, m.temporalPin, m.spatialPin)
                (spatialSlots, keepChoices, orderPrefix, minUtilization) = (m.spatialSlots, m.keepChoices, m.orderPrefix, m.minUtilization)
            }
        }

        struct Entry { var optimum: Optimum? }

        static let shared = Memo()
        private let lock = NSLock()
        private var entries: [Key: Entry] = [:]

        func value(for key: Key) -> Entry? { lock.withLock { entries[key] } }
        func store(_ entry: Entry, for key: Key) { lock.withLock { entries[key] = entry } }
    }

    private func walk(visit: ((Mapping, Evaluation) -> Void)?) -> Optimum? {
        let einsum = mapspace.einsum, arch = mapspace.architecture
        let levelCount = arch.levels.count
        let slots = mapspace.spatialSlots
        // Slot list: temporal levels, then spatial slots.
        let slotCount = levelCount + slots.count
        var perDim: [[[Int]]] = [] // per dim: list of factor vectors over slots
        for (d, dim) in einsum.dims.enumerated() {
            var vectors: [[Int]] = []
            func rec(_ s: Int, _ rem: Int, _ acc: [Int]) {
                if s == slotCount { if rem == 1 { vectors.append(acc) }; return }
                for f in 1...rem where rem % f == 0 {
                    if s < levelCount {
                        let pin = mapspace.temporalPin[s][d]
                        if pin > 0 ? f != pin : (f > 1 && !mapspace.temporalAllowed[s][d]) { continue }
                    } else {
                        let slot = slots[s - levelCount]
                        let pin = mapspace.spatialPin[slot.level][d]
                        if f > 1 && (!slot.allowed[d] || pin == 1 || f > slot.size) { continue }
                    }
                    rec(s + 1, rem / f, acc + [f])
                }
            }
            rec(0, dim.bound, [])
            perDim.append(vectors)
        }
        var bestValue: (Double, Double, Int)?
        var valid = 0
        let context = EvaluationContext(einsum: einsum, architecture: arch)
        func permutations(_ items: [Int]) -> [[Int]] {
            if items.count <= 1 { return [items] }
            return items.indices.flatMap { i in
                permutations(Array(items[..<i] + items[(i + 1)...])).map { [items[i]] + $0 }
            }
        }
        func forEachTiling(_ d: Int, _ chosen: [[Int]]) {
            if d == einsum.dims.count { forEachMapping(chosen); return }
            for v in perDim[d] { forEachTiling(d + 1, chosen + [v]) }
        }
        func forEachMapping(_ factors: [[Int]]) {
            // Spatial pins: product per level must match.
            for (level, pins) in mapspace.spatialPin.enumerated() {
                for (d, pin) in pins.enumerated() where pin > 1 {
                    let p = slots.indices.filter { slots[$0].level == level }.reduce(1) { $0 * factors[d][levelCount + $1] }
                    if p != pin { return }
                }
            }
            let used = slots.indices.reduce(1) { acc, s in acc * einsum.dims.indices.reduce(1) { $0 * factors[$1][levelCount + s] } }
            for s in slots.indices where einsum.dims.indices.reduce(1, { $0 * factors[$1][levelCount + s] }) > slots[s].size { return }
            if Double(used) < mapspace.minUtilization * Double(arch.totalPEs) - 1e-9 { return }
            let levelOrders: [[[Int]]] = (0..<levelCount).map { l in
                let dims = einsum.dims.indices.filter { factors[$0][l] > 1 }
                let prefix = mapspace.orderPrefix[l].filter { dims.contains($0) }
                return permutations(dims.filter { !prefix.contains($0) }).map { prefix + $0 }
            }
            let slotOrders: [[[Int]]] = slots.indices.map { s in permutations(einsum.dims.indices.filter { factors[$0][levelCount + s] > 1 }) }
            var combos: [[[Int]]] = [[]]
            for options in levelOrders + slotOrders { combos = combos.flatMap { c in options.map { c + [$0] } } }
            var keepCombos: [[[TensorRole]?]] = [[]]
            for options in mapspace.keepChoices { keepCombos = keepCombos.flatMap { c in options.map { c + [$0] } } }
            for combo in combos {
                for keeps in keepCombos {
                    var levels: [LevelMapping] = []
                    for l in 0..<levelCount {
                        var spatialLoops: [SpatialLoop] = []
                        for (s, slot) in slots.enumerated() where slot.level == l {
                            spatialLoops += combo[levelCount + s].map { SpatialLoop(dim: $0, factor: factors[$0][levelCount + s], axis: slot.axis) }
                        }
                        levels.append(LevelMapping(temporal: combo[l].map { Loop(dim: $0, factor: factors[$0][l]) },
                                                   spatial: spatialLoops, keep: keeps[l]))
                    }
                    let m = Mapping(levels: levels)
                    guard m.validate(for: einsum, on: arch).isEmpty else { continue }
                    valid += 1
                    let e = context.evaluate(m)
                    visit?(m, e)
                    let key = (objective.value(e), e.energyPJ, e.cycles)
                    if bestValue == nil || key < bestValue! { bestValue = key } // invariant: nil checked first
                }
            }
        }
        forEachTiling(0, [])
        return bestValue.map { ($0.0, $0.1, $0.2, valid) }
    }
}
