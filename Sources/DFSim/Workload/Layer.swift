/// One layer of a network: an einsum to map, or a pooling step that only shapes activations.
public struct Layer: Hashable, Sendable {
    /// What the layer computes.
    public enum Operation: Hashable, Sendable {
        /// A layer with MACs, mapped onto the architecture.
        case einsum(Einsum)
        /// Max or average pooling: no MACs, counted for shapes and activations only.
        case pool(kind: String)
    }

    public var name: String
    /// The shorthand the layer was written with (`conv2d`, `linear`, `matmul`, `bmm`, `einsum`, `maxpool`, `avgpool`).
    public var kind: String
    public var operation: Operation
    /// Shape of the layer's input activations, batch excluded (e.g. `[C, H, W]`).
    public var inputShape: [Int]
    /// Shape of the layer's output activations, batch excluded.
    public var outputShape: [Int]
    /// Learned parameters (weights; biases are not counted).
    public var parameters: Int
    /// Batch size the activation counts include.
    public var batch: Int

    public init(name: String, kind: String = "einsum", operation: Operation, inputShape: [Int], outputShape: [Int],
                parameters: Int, batch: Int = 1) {
        self.name = name
        self.kind = kind
        self.operation = operation
        self.inputShape = inputShape
        self.outputShape = outputShape
        self.parameters = parameters
        self.batch = batch
    }

    /// The einsum to map, or `nil` for a layer without MACs.
    public var einsum: Einsum? {
        if case .einsum(let e) = operation { return e }
        return nil
    }

    /// Multiply-accumulates (0 for pooling).
    public var macs: Int { einsum?.macs ?? 0 }

    /// Input activations (unpadded, as the course's tables count them), batch included.
    public var inputActivations: Int { inputShape.reduce(batch, *) }

    /// Output activations, batch included.
    public var outputActivations: Int { outputShape.reduce(batch, *) }
}
