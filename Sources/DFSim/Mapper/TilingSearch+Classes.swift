/// The order classes of each level (``LoopOrders``), per set of dims with a factor > 1 there.
extension TilingSearch {
    /// Sets `levelClasses[level]` to the order classes of `level` for its current factors.
    mutating func setClasses(_ level: Int) {
        var mask = 0
        for d in 0..<dimCount where temporal[level * dimCount + d] > 1 { mask |= 1 << d }
        guard mask != classesMask[level] else { return }
        classesMask[level] = mask
        levelClasses[level] = candidates(level, mask: mask)
        classCount[level] = levelClasses[level].orders.count
        signatureBase[level] = levelClasses[level].signatureBase
    }

    /// The order classes of `level` when the dims in `mask` have a factor > 1 there.
    private mutating func candidates(_ level: Int, mask: Int) -> OrderClasses {
        let key = level << 32 | mask
        if let cached = orderCache[key] { return cached }
        let dims = (0..<dimCount).filter { mask & (1 << $0) != 0 }
        let result = LoopOrders.canonical(dims: dims, prefix: mapspace.orderPrefix[level], relevantMasks: relevantMasks, slidingMasks: slidingMasks)
        let classes = OrderClasses(orders: result.orders, signatureBase: signatureTable.count, permutations: result.permutations)
        for order in result.orders {
            let signature = evaluator.signature(order)
            signatureTable += signature.trailing
            signatureTable.append(UInt64(bitPattern: Int64(signature.innermost)))
        }
        orderCache[key] = classes
        return classes
    }
}

/// The loop orders of one level worth evaluating (one per reuse class, see ``LoopOrders``), with
/// where their signatures for the ``OrderCostEvaluator`` start in the search's signature table.
struct OrderClasses: Sendable {
    var orders: [[Int]]
    var signatureBase: Int
    /// Raw permutations the classes stand for.
    var permutations: Int
}
