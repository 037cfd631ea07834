/// The efficiency metrics of the course's network tables (docs/format.md §1.9, `dfsim stats`).
public struct WorkloadStatistics: Hashable, Sendable {
    /// One row per layer.
    public struct LayerRow: Hashable, Sendable {
        public var name: String
        public var kind: String
        public var outputShape: [Int]
        public var parameters: Int
        public var macs: Int
        /// Output activations of the layer (batch included).
        public var activations: Int
        /// Input plus output activations: what must be live while the layer runs (with a second
        /// activation operand, e.g. the K or V of an attention einsum, counted too).
        public var liveActivations: Int
    }

    public var rows: [LayerRow]
    public var totalMACs: Int
    public var totalParameters: Int
    /// The network input plus every layer's output.
    public var totalActivations: Int
    /// The largest live activations (inputs, a second activation operand, outputs) of one layer.
    public var peakActivations: Int
    /// Bit width used for ``modelSizeBytes``.
    public var bits: Int

    /// Parameters × bits / 8.
    public var modelSizeBytes: Double { Double(totalParameters) * Double(bits) / 8 }

    /// Activations (total) × bits / 8.
    public var activationBytes: Double { Double(totalActivations) * Double(bits) / 8 }
}

extension Workload {
    /// Computes the per-layer and total metrics; activations are counted unpadded, parameters
    /// without biases, batch normalisation or residual adds (they carry no MACs in an einsum).
    ///
    /// - Complexity: O(layers).
    public func statistics(bits: Int = 16) -> WorkloadStatistics {
        var rows: [WorkloadStatistics.LayerRow] = []
        var totalActivations = layers.first?.inputActivations ?? 0
        var peak = 0
        for layer in layers {
            let kind = layer.kind
            let live = layer.inputActivations + layer.outputActivations + layer.activationOperandSize
            peak = max(peak, live)
            totalActivations += layer.outputActivations
            rows.append(.init(name: layer.name, kind: kind, outputShape: layer.outputShape,
                              parameters: layer.parameters, macs: layer.macs,
                              activations: layer.outputActivations, liveActivations: live))
        }
        return WorkloadStatistics(
            rows: rows,
            totalMACs: layers.reduce(0) { $0 + $1.macs },
            totalParameters: layers.reduce(0) { $0 + $1.parameters },
            totalActivations: totalActivations,
            peakActivations: peak,
            bits: bits)
    }
}

extension Layer {
    /// Words of an einsum's weights-role operand when it holds no learned parameters (an
    /// activation, such as K in `S[h,i,j] += Q[h,i,d] * K[h,j,d]`); 0 otherwise.
    public var activationOperandSize: Int {
        guard parameters == 0, let einsum, let operand = einsum.tensor(.weights) else { return 0 }
        return einsum.footprint(of: operand)
    }
}
