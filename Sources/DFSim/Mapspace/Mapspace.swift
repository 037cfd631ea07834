/// The space of mappings of one einsum on one architecture under its constraints: every perfect
/// factorization of every dim over the temporal slots (one per level) and spatial slots (x and y of
/// every fan-out), every loop order per level, and the keep/bypass choices `keep: auto` leaves open.
///
/// It knows its size before enumerating (``size``), Timeloop-style, as index factorizations ×
/// loop permutations × spatial orderings × bypass choices.
public struct Mapspace: Sendable {
    /// One axis of one fan-out: the spatial loops written on `level` tagged `axis`.
    public struct SpatialSlot: Hashable, Sendable {
        public var level: Int
        public var axis: SpatialAxis
        public var size: Int
        /// `allowed[d]`: whether dim `d` may be spread on this axis.
        public var allowed: [Bool]
    }

    /// The mapspace's size, factor by factor (Doubles: the product overflows Int for real layers).
    public struct Size: Hashable, Sendable {
        public var indexFactorizations: Double
        public var loopPermutations: Double
        public var spatialOrderings: Double
        public var bypassChoices: Double
        public var total: Double { indexFactorizations * loopPermutations * spatialOrderings * bypassChoices }
        /// No mapspace (the start of partial statistics that are added up).
        public static let zero = Size(indexFactorizations: 0, loopPermutations: 0, spatialOrderings: 0, bypassChoices: 0)
    }

    public let einsum: Einsum
    public let architecture: Architecture
    public let constraints: [LevelConstraint]
    public internal(set) var minUtilization: Double
    /// `temporalAllowed[level][d]`.
    public let temporalAllowed: [[Bool]]
    /// `temporalPin[level][d]`: a pinned factor, or 0 when free.
    public let temporalPin: [[Int]]
    /// `spatialPin[level][d]`: the pinned product of dim `d` over both axes below `level` (0: free).
    public let spatialPin: [[Int]]
    public let spatialSlots: [SpatialSlot]
    /// Per level: the keep choices to try (`[nil]` for a level with a fixed `keep`).
    public let keepChoices: [[[TensorRole]?]]
    /// Per level: dim indices of the `order` constraint (outermost first).
    public let orderPrefix: [[Int]]

    /// Builds the mapspace from the architecture's constraints (and an optional preset override).
    public init(einsum: Einsum, architecture: Architecture, dataflow: DataflowPreset? = nil) {
        var constraintsSpec = architecture.constraints
        if let dataflow { constraintsSpec.dataflow = dataflow }
        let resolved = constraintsSpec.resolved(for: einsum, on: architecture)
        let names = einsum.dimNames
        self.einsum = einsum
        self.architecture = architecture
        self.constraints = resolved
        self.minUtilization = constraintsSpec.minUtilization
        var allowed: [[Bool]] = [], pins: [[Int]] = [], spins: [[Int]] = [], orders: [[Int]] = []
        var slots: [SpatialSlot] = []
        var keeps: [[[TensorRole]?]] = []
        for (index, level) in architecture.levels.enumerated() {
            let c = resolved[index]
            allowed.append(names.map { c.only?.contains($0) ?? true })
            pins.append(names.map { c.factors[$0] ?? 0 })
            spins.append(names.map { c.spatialFactors[$0] ?? 0 })
            orders.append((c.order ?? []).compactMap { names.firstIndex(of: $0) })
            if index + 1 < architecture.levels.count, let fanout = architecture.levels[index + 1].fanout {
                if fanout.y > 1 {
                    slots.append(SpatialSlot(level: index, axis: .y, size: fanout.y,
                                             allowed: names.map { c.spatialY?.contains($0) ?? true }))
                }
                if fanout.x > 1 {
                    slots.append(SpatialSlot(level: index, axis: .x, size: fanout.x,
                                             allowed: names.map { c.spatialX?.contains($0) ?? true }))
                }
            }
            if case .auto = level.keep, index > 0 {
                var choices: [[TensorRole]?] = []
                let roles = einsum.tensors.map(\.role)
                for mask in stride(from: (1 << roles.count) - 1, through: 0, by: -1) {
                    choices.append(roles.indices.filter { mask & (1 << $0) != 0 }.map { roles[$0] })
                }
                keeps.append(choices)
            } else {
                keeps.append([nil])
            }
        }
        temporalAllowed = allowed
        temporalPin = pins
        spatialPin = spins
        spatialSlots = slots
        keepChoices = keeps
        orderPrefix = orders
    }

    /// Whether dim `d` may take factor `f` at temporal level `level`.
    @inline(__always) func temporalFits(_ level: Int, _ d: Int, _ f: Int) -> Bool {
        let pin = temporalPin[level][d]
        if pin > 0 { return f == pin }
        return f == 1 || temporalAllowed[level][d]
    }

    /// The size of the mapspace before capacity and fan-out pruning.
    public var size: Size {
        var factorizations = 1.0
        for (d, dim) in einsum.dims.enumerated() {
            // Slots dim d may use: temporal levels (pins respected) and spatial slots.
            var slotOptions: [(Int) -> Bool] = []
            for level in architecture.levels.indices {
                slotOptions.append { f in self.temporalFits(level, d, f) }
            }
            for slot in spatialSlots {
                let allowedHere = slot.allowed[d] && spatialPin[slot.level][d] != 1
                slotOptions.append { f in f == 1 || (allowedHere && f <= slot.size) }
            }
            factorizations *= Double(Mapspace.orderedFactorizations(dim.bound, slots: slotOptions[...]))
        }
        var permutations = 1.0
        var spatial = 1.0
        for level in architecture.levels.indices {
            let k = einsum.dims.indices.filter { temporalAllowed[level][$0] && temporalPin[level][$0] != 1 }.count
            permutations *= Mapspace.factorial(k)
        }
        for slot in spatialSlots {
            spatial *= Mapspace.factorial(einsum.dims.indices.filter { slot.allowed[$0] }.count)
        }
        let bypass = keepChoices.reduce(1.0) { $0 * Double($1.count) }
        return Size(indexFactorizations: factorizations, loopPermutations: permutations,
                    spatialOrderings: spatial, bypassChoices: bypass)
    }

    static func factorial(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }

    /// Number of ways to write `n` as an ordered product over the slots, each factor accepted by its slot.
    static func orderedFactorizations(_ n: Int, slots: ArraySlice<(Int) -> Bool>) -> Int {
        guard let first = slots.first else { return n == 1 ? 1 : 0 }
        var total = 0
        for f in divisors(n) where first(f) {
            total += orderedFactorizations(n / f, slots: slots.dropFirst())
        }
        return total
    }

    /// Divisors of `n`, ascending.
    static func divisors(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        // From the prime factorization: trial division stops at the square root of what is left,
        // so powers of two (2^47) factor at once, where testing every i ≤ √n took 10⁷ steps.
        var primes: [(prime: Int, exponent: Int)] = []
        var left = n, p = 2
        while p <= left / p {
            if left % p == 0 {
                var e = 0
                while left % p == 0 { left /= p; e += 1 }
                primes.append((p, e))
            }
            p += p == 2 ? 1 : 2
        }
        if left > 1 { primes.append((left, 1)) }
        var result = [1]
        for (prime, exponent) in primes {
            let count = result.count
            var power = 1
            for _ in 0..<exponent {
                power *= prime
                for i in 0..<count { result.append(result[i] * power) }
            }
        }
        return result.sorted()
    }
}
