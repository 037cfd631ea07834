/// A tensor of an einsum: its name, role and one affine index expression per tensor dimension.
public struct TensorAccess: Hashable, Sendable {
    public var name: String
    public var role: TensorRole
    public var indices: [AffineExpression]

    public init(name: String, role: TensorRole, indices: [AffineExpression]) {
        self.name = name
        self.role = role
        self.indices = indices
    }

    /// Whether the tensor's indices depend on `dim`: a loop over an irrelevant dim reuses the tile.
    public func isRelevant(dim: Int) -> Bool {
        indices.contains { $0.coefficient(of: dim) != 0 }
    }

    /// Words in the tile (bounding box, halos included) spanned when dim `d` covers `extents[d]` values.
    public func tileSize(extents: [Int]) -> Int {
        var size = 1
        for index in indices { size *= index.span(extents: extents) }
        return size
    }
}

/// A dim of the iteration space with its bound.
public struct Dim: Hashable, Sendable {
    public var name: String
    public var bound: Int
    public init(name: String, bound: Int) {
        self.name = name
        self.bound = bound
    }
}

/// One layer as an einsum: `OUT[...] += A[...] * B[...]`, summing over every dim not on the left.
///
/// Dims are the loop nest's iteration space; each tensor projects it through affine index
/// expressions. Exactly one tensor has role ``TensorRole/outputs`` (the left-hand side), and
/// every role appears at most once: the architecture binds levels to tensors by role.
public struct Einsum: Hashable, Sendable {
    public var dims: [Dim]
    /// The output tensor first, then the operands in the order written.
    public var tensors: [TensorAccess]

    public init(dims: [Dim], tensors: [TensorAccess]) {
        self.dims = dims
        self.tensors = tensors
    }

    /// Product of all dim bounds: multiply-accumulates of one evaluation.
    public var macs: Int { dims.reduce(1) { $0 * $1.bound } }

    public var dimNames: [String] { dims.map(\.name) }

    /// Index of the dim named `name`.
    public func dimIndex(named name: String) -> Int? { dims.firstIndex { $0.name == name } }

    /// The tensor with the given role, if the einsum has one.
    public func tensor(_ role: TensorRole) -> TensorAccess? { tensors.first { $0.role == role } }

    /// The tensor whose role or name is `key`.
    public func tensor(matching key: String) -> TensorAccess? {
        tensors.first { $0.name == key || $0.role.rawValue == key }
    }

    /// Full size (words) of every tensor: its footprint over the whole iteration space.
    public func footprint(of tensor: TensorAccess) -> Int {
        tensor.tileSize(extents: dims.map(\.bound))
    }

    /// The einsum as text, e.g. `O[n,m,p,q] += I[n,c,2*p+r,2*q+s] * W[m,c,r,s]`.
    public var description: String {
        func render(_ t: TensorAccess) -> String {
            "\(t.name)[\(t.indices.map { $0.render(dimNames: dimNames) }.joined(separator: ","))]"
        }
        guard let out = tensors.first else { return "" }
        return render(out) + " += " + tensors.dropFirst().map(render).joined(separator: " * ")
    }
}
