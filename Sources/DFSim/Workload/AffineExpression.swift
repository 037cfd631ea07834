/// One index expression of a tensor: an affine sum of dims with integer coefficients.
///
/// `2*p + r` (stride 2) is `AffineExpression(terms: [.init(dim: p, coefficient: 2), .init(dim: r, coefficient: 1)])`.
/// A constant offset (padding) shifts a tile but never changes its size, so it is kept only for display.
public struct AffineExpression: Hashable, Sendable {
    /// One `coefficient * dim` term.
    public struct Term: Hashable, Sendable {
        /// Index of the dim in ``Einsum/dims``.
        public var dim: Int
        /// Integer coefficient (never 0).
        public var coefficient: Int
        public init(dim: Int, coefficient: Int) {
            self.dim = dim
            self.coefficient = coefficient
        }
    }

    /// The terms, at most one per dim.
    public var terms: [Term]
    /// Constant offset.
    public var constant: Int

    public init(terms: [Term], constant: Int = 0) {
        var merged: [Term] = []
        for term in terms {
            if let i = merged.firstIndex(where: { $0.dim == term.dim }) {
                merged[i].coefficient += term.coefficient
            } else {
                merged.append(term)
            }
        }
        self.terms = merged.filter { $0.coefficient != 0 }
        self.constant = constant
    }

    /// The expression `dim` alone.
    public static func dim(_ index: Int) -> AffineExpression {
        AffineExpression(terms: [Term(dim: index, coefficient: 1)])
    }

    /// The coefficient of `dim` (0 when the expression does not use it).
    public func coefficient(of dim: Int) -> Int {
        terms.first(where: { $0.dim == dim })?.coefficient ?? 0
    }

    /// Number of distinct values the expression takes when each dim `d` ranges over `0 ..< extents[d]`,
    /// counted as Timeloop does: the bounding interval, `Σ |a_d| (extent_d − 1) + 1`.
    public func span(extents: [Int]) -> Int {
        var span = 1
        for term in terms { span += abs(term.coefficient) * (extents[term.dim] - 1) }
        return span
    }

    /// Renders the expression with the given dim names, e.g. `2*p+r`.
    public func render(dimNames: [String]) -> String {
        var text = ""
        func append(_ value: Int, _ body: String) {
            if text.isEmpty { text = value < 0 ? "-" + body : body }
            else { text += (value < 0 ? "-" : "+") + body }
        }
        for term in terms {
            let magnitude = abs(term.coefficient)
            append(term.coefficient, magnitude == 1 ? dimNames[term.dim] : "\(magnitude)*\(dimNames[term.dim])")
        }
        if constant != 0 || text.isEmpty { append(constant, String(abs(constant))) }
        return text
    }
}
