/// Network energy (docs/format.md §4.3, "network"): a word that crosses a fan-out's network costs
/// the architecture's ``Architecture/networkTransferEnergy`` once per fan-out crossed:
/// - a fill, per receiving instance, for each fan-out between the level and its parent keeper;
/// - a partial sum a level sends back up (every instance drains each output word it holds,
///   before any reduction in the network: fills + partition × instances), likewise;
/// - a word exchanged with a MAC (one operand per MAC for each input tensor, one result per MAC
///   for the outputs), for each fan-out between the tensor's innermost keeping level and the MACs.
/// Transfers between neighbours (Timeloop's link transfers) are not modelled. With a transfer
/// energy of 0 (every table but `eyeriss65`) the network costs nothing.
struct NetworkTransfers: Sendable {
    let energy: Double
    /// `fanoutsThrough[level]`: fan-outs opened at levels 0...level.
    let fanoutsThrough: [Int]

    init(architecture: Architecture) {
        energy = architecture.networkTransferEnergy
        var count = 0
        fanoutsThrough = architecture.levels.map { level in
            if level.fanout != nil { count += 1 }
            return count
        }
    }

    /// Energy of one word moving from `outer` down to `inner` (`inner` = the level count: the MACs).
    @inline(__always) func perWord(from outer: Int, to inner: Int) -> Double {
        energy * Double(fanoutsThrough[min(inner, fanoutsThrough.count - 1)] - fanoutsThrough[outer])
    }

    /// Per fill of `level`'s copy of tensor `t`: the fan-outs between it and its parent keeper.
    @inline(__always) func perFill(level: Int, t: Int, tensors: Int, keep: [Bool]) -> Double {
        guard energy != 0, level > 0 else { return 0 }
        var parent = level - 1
        while parent > 0 && !keep[parent * tensors + t] { parent -= 1 }
        return perWord(from: parent, to: level)
    }

    /// Per MAC: the words each MAC exchanges across fan-outs (an operand per input tensor, its
    /// result for the outputs), summed in `order`.
    func perMAC(order: [Int], roles: [TensorRole], keep: [Bool]) -> Double {
        guard energy != 0 else { return 0 }
        let levels = fanoutsThrough.count, tensors = roles.count
        var sum = 0.0
        for t in order {
            var innermost = levels - 1
            while innermost > 0 && !keep[innermost * tensors + t] { innermost -= 1 }
            sum += perWord(from: innermost, to: levels)
        }
        return sum
    }
}
