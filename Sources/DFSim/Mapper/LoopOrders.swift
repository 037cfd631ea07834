/// Loop orders of one level that can differ in cost, one representative per equivalence class.
///
/// Under the cost model, a level's loop order matters only through, for each tensor, which of its
/// loops sit inside the innermost loop relevant to that tensor (those steps reuse the tile; all
/// others refetch it), and through which loop is innermost (a sliding window overlaps only across
/// the innermost loop). Orders with the same such signature cost the same for every tensor, so the
/// mapper evaluates one of each class (the first in lexicographic order).
enum LoopOrders {
    /// Canonical orders of `dims` (outermost first) honouring `prefix` (dims that must come first,
    /// in that order), and the number of raw permutations they stand for.
    ///
    /// Classes dominated by another are dropped too: if an order keeps, for every tensor, a superset
    /// of another's reusing loops (and the same innermost loop wherever that loop slides a window of
    /// the tensor), every access count is at most the other's, so it costs no more energy and no
    /// more cycles. `slidingMasks[t]` marks dims that share an index expression of tensor `t` with
    /// another dim (only those give partial, sliding-window reuse).
    static func canonical(dims: [Int], prefix: [Int], relevantMasks: [UInt64],
                          slidingMasks: [UInt64]) -> (orders: [[Int]], permutations: Int) {
        let head = prefix.filter { dims.contains($0) }
        let tail = dims.filter { !head.contains($0) }
        var seen = Set<[UInt64]>()
        var orders: [[Int]] = []
        var count = 0
        permute(tail) { perm in
            count += 1
            let order = head + perm
            var signature: [UInt64] = []
            for mask in relevantMasks {
                var trailing: UInt64 = 0
                for d in order.reversed() {
                    if mask & (1 << UInt64(d)) != 0 { break }
                    trailing |= 1 << UInt64(d)
                }
                signature.append(trailing)
            }
            signature.append(UInt64(order.last ?? 64))
            if seen.insert(signature).inserted { orders.append(order) }
        }
        // Drop dominated classes.
        let signatures = orders.map { order in
            relevantMasks.map { mask -> UInt64 in
                var trailing: UInt64 = 0
                for d in order.reversed() {
                    if mask & (1 << UInt64(d)) != 0 { break }
                    trailing |= 1 << UInt64(d)
                }
                return trailing
            }
        }
        func dominates(_ a: Int, _ b: Int) -> Bool {
            let innermostA = orders[a].last ?? -1, innermostB = orders[b].last ?? -1
            for t in relevantMasks.indices {
                let ta = signatures[a][t], tb = signatures[b][t]
                if ta & tb != tb { return false }
                if tb == 0 && innermostB >= 0 && slidingMasks[t] & (1 << UInt64(innermostB)) != 0 {
                    if ta != 0 || innermostA != innermostB { return false }
                }
            }
            return true
        }
        var kept: [[Int]] = []
        for b in orders.indices {
            let dominated = orders.indices.contains { a in
                a != b && dominates(a, b) && (!dominates(b, a) || a < b)
            }
            if !dominated { kept.append(orders[b]) }
        }
        return (kept, count)
    }

    /// Calls `body` with every permutation of `items` in lexicographic order of positions.
    static func permute(_ items: [Int], _ body: ([Int]) -> Void) {
        var used = [Bool](repeating: false, count: items.count)
        var current: [Int] = []
        func recurse() {
            if current.count == items.count { body(current); return }
            for i in items.indices where !used[i] {
                used[i] = true
                current.append(items[i])
                recurse()
                current.removeLast()
                used[i] = false
            }
        }
        recurse()
    }
}
