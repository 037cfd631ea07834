/// A network: a named list of layers, in execution order.
public struct Workload: Hashable, Sendable {
    public var name: String
    public var batch: Int
    public var layers: [Layer]

    public init(name: String, batch: Int = 1, layers: [Layer]) {
        self.name = name
        self.batch = batch
        self.layers = layers
    }

    /// The layers that have MACs, i.e. the ones a mapper maps.
    public var mappedLayers: [Layer] { layers.filter { $0.einsum != nil } }

    /// The layer named `name`.
    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }
}
