/// A reason a mapping cannot run, as a sentence naming the level, tensor or dim and the numbers.
public struct MappingIssue: Hashable, Sendable, CustomStringConvertible {
    /// The level the issue is about (`nil`: the mapping as a whole).
    public var level: String?
    public var message: String
    public var hint: String?
    public var description: String { message }
    public init(level: String?, message: String, hint: String? = nil) {
        self.level = level
        self.message = message
        self.hint = hint
    }
}

extension Mapping {
    /// Checks that the factors of each dim multiply to its bound, spatial loops fit the fan-outs'
    /// x and y, and every level's tiles fit its capacity. Returns every problem found.
    public func validate(for einsum: Einsum, on architecture: Architecture) -> [MappingIssue] {
        var issues: [MappingIssue] = []
        guard levels.count == architecture.levels.count else {
            return [MappingIssue(level: nil, message: "the mapping has \(levels.count) levels, the architecture \(architecture.levels.count)")]
        }
        let names = einsum.dimNames
        for (d, dim) in einsum.dims.enumerated() {
            let product = product(ofDim: d)
            if product != dim.bound {
                let parts = factorList(ofDim: d, architecture: architecture)
                issues.append(MappingIssue(
                    level: nil,
                    message: "factors of '\(dim.name)' multiply to \(product), expected \(dim.bound)" + (parts.isEmpty ? "" : " (\(parts))"),
                    hint: product > 0 && product < dim.bound && dim.bound % product == 0
                        ? "add a loop '\(dim.name): \(dim.bound / product)' at some level" : nil))
            }
        }
        for (index, level) in levels.enumerated() {
            let name = architecture.levels[index].name
            for loop in level.temporal + level.spatial.map({ Loop(dim: $0.dim, factor: $0.factor) }) where loop.factor < 1 {
                issues.append(MappingIssue(level: name, message: "\(name): factor of '\(names[loop.dim])' is \(loop.factor); factors must be positive"))
            }
            guard !level.spatial.isEmpty else { continue }
            guard index + 1 < architecture.levels.count, let fanout = architecture.levels[index + 1].fanout else {
                issues.append(MappingIssue(
                    level: name, message: "\(name) has spatial loops, but no fan-out starts below it",
                    hint: "spatial loops go on the level just above a level that declares 'spatial: {x: …, y: …}'"))
                continue
            }
            for axis in [SpatialAxis.x, .y] {
                let used = level.spatial.filter { $0.axis == axis }
                let product = used.reduce(1) { $0 * $1.factor }
                let size = axis == .x ? fanout.x : fanout.y
                if product > size {
                    let list = used.map { "\(names[$0.dim]) \($0.factor)" }.joined(separator: " × ")
                    issues.append(MappingIssue(
                        level: name,
                        message: "spatial \(axis.rawValue) loops below \(name) use \(product) instances (\(list)), but \(architecture.levels[index + 1].name)'s fan-out has \(axis.rawValue) = \(size)"))
                }
            }
        }
        guard issues.isEmpty else { return issues }
        let nest = LoopNest(mapping: self, architecture: architecture, dimCount: einsum.dims.count)
        for (index, spec) in architecture.levels.enumerated() {
            guard let size = spec.sizeWords else { continue }
            let extents = nest.extents(ofLevel: index)
            var used: [(String, Int)] = []
            for tensor in einsum.tensors where keeps(level: index, tensor: tensor, in: architecture) {
                used.append((tensor.name, tensor.tileSize(extents: extents)))
            }
            let total = used.reduce(0) { $0 + $1.1 }
            if total > size {
                let detail = used.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                issues.append(MappingIssue(
                    level: spec.name,
                    message: "tiles at \(spec.name) need \(total) words (\(detail)), but it holds \(size)",
                    hint: "move loops from \(spec.name) (or the levels below it) to a level above"))
            }
        }
        return issues
    }

    private func factorList(ofDim d: Int, architecture: Architecture) -> String {
        var parts: [String] = []
        for (index, level) in levels.enumerated() {
            for loop in level.temporal where loop.dim == d { parts.append("\(loop.factor) at \(architecture.levels[index].name)") }
            for loop in level.spatial where loop.dim == d { parts.append("\(loop.factor) spatial below \(architecture.levels[index].name)") }
        }
        return parts.joined(separator: ", ")
    }
}
