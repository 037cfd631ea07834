/// The part a tensor plays in an einsum, which is how architectures speak of tensors.
///
/// The left-hand tensor of an einsum is always ``outputs``; by default the first operand is
/// ``inputs`` and the second ``weights`` (docs/format.md §1.4).
public enum TensorRole: String, CaseIterable, Sendable, Hashable, Codable {
    case inputs
    case weights
    case outputs

    /// The order Timeloop lists data spaces in its statistics: weights, inputs, outputs.
    public static let timeloopOrder: [TensorRole] = [.weights, .inputs, .outputs]
}
