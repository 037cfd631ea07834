@testable import DFSim
import Testing

/// Multicast and spatial reduction across both axes of a 2-D fan-out (``FanoutSharing/joint``):
/// the closed form against hand-computed counts and the brute-force simulator, the search's closed
/// form and bounds against the full model, and the pruned search against plain enumeration.
@Suite struct JointSharingTests {
    // MARK: - Hand-computed cases

    /// `O[q] += I[2q + s] · W[s]`, Q = 4, S = 3. DRAM → GLB → PE (x 2 × y 3, one word per tensor)
    /// → MAC; the GLB runs `q: 2` in time and spreads `q: 2` on x, `s: 3` on y.
    static func windowCase(_ sharing: FanoutSharing) -> (Einsum, Architecture, Mapping) {
        let einsum = Einsum(dims: [Dim(name: "q", bound: 4), Dim(name: "s", bound: 3)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
            TensorAccess(name: "I", role: .inputs, indices: [AffineExpression(terms: [.init(dim: 0, coefficient: 2), .init(dim: 1, coefficient: 1)])]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(1)]),
        ])
        let arch = Architecture(name: "window", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 100),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 64, readEnergy: 6, writeEnergy: 7),
            StorageLevel(name: "PE", kind: .regfile, sizeWords: 3, fanout: Fanout(x: 2, y: 3, sharing: sharing),
                         readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1))
        let mapping = Mapping(levels: [
            LevelMapping(),
            LevelMapping(temporal: [Loop(dim: 0, factor: 2)],
                         spatial: [SpatialLoop(dim: 0, factor: 2, axis: .x), SpatialLoop(dim: 1, factor: 3, axis: .y)]),
            LevelMapping(),
        ])
        return (einsum, arch, mapping)
    }

    static func counts(_ e: Evaluation, _ level: String, _ tensor: String) -> [Int]? {
        guard let t = e.levels.first(where: { $0.name == level })?.tensors.first(where: { $0.tensor == tensor }) else { return nil }
        return [t.reads, t.fills, t.updates]
    }

    /// Per GLB step (2 steps) the six PEs need I at 2q + s for q < 2, s < 3: 0 1 2 | 2 3 4. Each
    /// PE's one-word tile moves by 4 (≥ its span) at the step, so it is refetched whole: 2 × 6 = 12
    /// PE fills either way. Per axis, (q, s) = (0, 2) and (1, 0) differ in row and column and do not
    /// share: 6 GLB reads per step, 12. Jointly, position 2 is read once: 5 per step, 10.
    /// The GLB's tile is 2·(4 − 1) + (3 − 1) + 1 = 9 words, filled once from DRAM. W[s]: 3 GLB reads
    /// (x is irrelevant), 6 PE fills; O[q]: 2 GLB updates per step, 4 (s is reduced), no PE fills.
    @Test(arguments: [FanoutSharing.perAxis, .joint])
    func slidingWindowAcrossAxes(sharing: FanoutSharing) {
        let (einsum, arch, mapping) = Self.windowCase(sharing)
        #expect(mapping.validate(for: einsum, on: arch).isEmpty)
        let e = CostModel.evaluate(einsum, on: arch, mapping: mapping)
        #expect(Self.counts(e, "GLB", "I") == [sharing == .joint ? 10 : 12, 9, 0])
        #expect(Self.counts(e, "PE", "I") == [12, 12, 0])
        #expect(Self.counts(e, "DRAM", "I") == [9, 0, 0])
        #expect(Self.counts(e, "GLB", "W")?[0] == 3)
        #expect(Self.counts(e, "PE", "W")?[1] == 6)
        #expect(Self.counts(e, "GLB", "O")?[2] == 4)
        #expect(Self.counts(e, "PE", "O")?[1] == 0)
        let reference = ReferenceSimulator(einsum: einsum, architecture: arch, mapping: mapping).run()
        #expect(reference[1][1]?.reads == (sharing == .joint ? 10 : 12))
    }

    /// Spatial reduction across both axes: `O[a + b] += I[a] · W[b]`, A = B = 2, a on x, b on y.
    /// The four PEs update O at 0, 1, 1, 2: per axis 4 GLB updates (1 read back), jointly 3
    /// (the two partial sums of O[1] meet in the network; no read back).
    @Test(arguments: [FanoutSharing.perAxis, .joint])
    func reductionAcrossAxes(sharing: FanoutSharing) {
        let einsum = Einsum(dims: [Dim(name: "a", bound: 2), Dim(name: "b", bound: 2)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [AffineExpression(terms: [.init(dim: 0, coefficient: 1), .init(dim: 1, coefficient: 1)])]),
            TensorAccess(name: "I", role: .inputs, indices: [.dim(0)]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(1)]),
        ])
        let arch = Architecture(name: "poly", levels: [
            StorageLevel(name: "GLB", kind: .dram, readEnergy: 6, writeEnergy: 7),
            StorageLevel(name: "PE", kind: .regfile, sizeWords: 3, fanout: Fanout(x: 2, y: 2, sharing: sharing), readEnergy: 1, writeEnergy: 1),
        ], compute: ComputeUnit(energyPerMAC: 1))
        let mapping = Mapping(levels: [
            LevelMapping(spatial: [SpatialLoop(dim: 0, factor: 2, axis: .x), SpatialLoop(dim: 1, factor: 2, axis: .y)]),
            LevelMapping(),
        ])
        let e = CostModel.evaluate(einsum, on: arch, mapping: mapping)
        #expect(Self.counts(e, "GLB", "O") == (sharing == .joint ? [0, 0, 3] : [1, 0, 4]))
        #expect(Self.counts(e, "GLB", "I")?[0] == 2)
        #expect(Self.counts(e, "GLB", "W")?[0] == 2)
        let reference = ReferenceSimulator(einsum: einsum, architecture: arch, mapping: mapping).run()
        #expect(reference[0][0]?.updates == (sharing == .joint ? 3 : 4))
    }

    // MARK: - Random cases with diagonal sharing

    /// Whether some fan-out of `mapping` has loops on both axes that feed one index of a tensor
    /// (the case where joint and per-axis sharing may differ).
    static func hasDiagonal(_ einsum: Einsum, _ mapping: Mapping) -> Bool {
        mapping.levels.contains { level in
            let x = level.spatial.filter { $0.axis == .x && $0.factor > 1 }.map(\.dim)
            let y = level.spatial.filter { $0.axis == .y && $0.factor > 1 }.map(\.dim)
            return einsum.tensors.contains { t in
                t.indices.contains { expr in
                    expr.terms.contains { a in x.contains(a.dim) } && expr.terms.contains { b in y.contains(b.dim) }
                }
            }
        }
    }

    /// `arch` with every fan-out's sharing set to `sharing`.
    static func with(_ sharing: FanoutSharing, _ arch: Architecture) -> Architecture {
        var a = arch
        for i in a.levels.indices { a.levels[i].fanout?.sharing = sharing }
        return a
    }

    /// A random case (``RandomCases``) whose mapping shares along a diagonal of a 2-D fan-out,
    /// found by drawing until one does (or the last draw).
    static func diagonalCase(seed: Int) -> (Einsum, Architecture, Mapping) {
        var g = SeededGenerator(seed: UInt64(seed) &* 2_654_435_761 &+ 97)
        var last: (Einsum, Architecture, Mapping)?
        for _ in 0..<400 {
            let einsum = RandomCases.einsum(&g)
            var arch = RandomCases.architecture(&g)
            // Both axes at least 2 wide, so diagonals exist.
            for i in arch.levels.indices where arch.levels[i].fanout != nil {
                arch.levels[i].fanout!.x = max(2, arch.levels[i].fanout!.x) // invariant: checked non-nil
                arch.levels[i].fanout!.y = max(2, arch.levels[i].fanout!.y) // invariant: checked non-nil
            }
            let mapping = RandomCases.mapping(for: einsum, on: arch, &g)
            last = (einsum, arch, mapping)
            if hasDiagonal(einsum, mapping) { break }
        }
        return last! // invariant: the loop runs at least once
    }

    /// The closed form equals the brute-force simulator under both settings on random cases with
    /// diagonal sharing (2–4 levels, one or two fan-outs, bypass, multicast/reduction off at
    /// random); and the settings differ on enough of them that the test exercises joint counting.
    @Test(.tags(.exhaustive)) func closedFormEqualsTheSimulator() {
        var differing = 0, diagonal = 0
        let seeds = Exhaustive.seeds(150, exhaustive: 600)
        for seed in seeds {
            let (einsum, base, mapping) = Self.diagonalCase(seed: seed)
            if Self.hasDiagonal(einsum, mapping) { diagonal += 1 }
            var totals: [FanoutSharing: Int] = [:]
            for sharing in [FanoutSharing.perAxis, .joint] {
                let arch = Self.with(sharing, base)
                #expect(mapping.validate(for: einsum, on: arch).isEmpty, "seed \(seed): generated mapping is invalid")
                let model = CostModel.evaluate(einsum, on: arch, mapping: mapping)
                let reference = ReferenceSimulator(einsum: einsum, architecture: arch, mapping: mapping).run()
                var total = 0
                for (l, level) in model.levels.enumerated() {
                    for (t, tensor) in einsum.tensors.enumerated() {
                        let got = level.tensors.first { $0.role == tensor.role }
                        let actual = got.map {
                            ReferenceSimulator.Counts(capacity: $0.utilizedCapacity, instances: $0.instances,
                                                      reads: $0.reads, fills: $0.fills, updates: $0.updates)
                        }
                        total += (got?.reads ?? 0) + (got?.updates ?? 0)
                        #expect(actual == reference[l][t], """
                            seed \(seed) \(sharing): \(level.name)/\(tensor.name): model \(actual.map(\.description) ?? "nil"), \
                            simulator \(reference[l][t].map(\.description) ?? "nil")
                            \(einsum.description) \(einsum.dims.map { "\($0.name)=\($0.bound)" }.joined(separator: " "))
                            \(mapping.loopNest(for: einsum, on: arch))
                            """)
                    }
                }
                totals[sharing] = total
            }
            #expect(totals[.joint]! <= totals[.perAxis]!, "seed \(seed): joint sharing moved more words") // invariant: both set
            if totals[.joint] != totals[.perAxis] { differing += 1 }
        }
        #expect(diagonal * 10 >= seeds.count * 9, "only \(diagonal) of \(seeds.count) cases share along a diagonal")
        // Many diagonals are injective (2p + r with r < 2): the counts differ on about 15 % of cases.
        #expect(differing * 10 >= seeds.count, "joint and per-axis counts differ on only \(differing) of \(seeds.count) cases")
    }

    /// The search's order-independent facts and costs (``TilingSearch`` with `verifying`) equal the
    /// full model's for every tiling of small joint cases with diagonal sharing.
    @Test func searchFactsEqualTheFullModel() {
        for seed in 0..<12 {
            let (einsum, arch) = Self.tinyDiagonalCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            for objective in [Objective.energy, .edp] {
                var search = TilingSearch(mapspace: space, context: context, objective: objective)
                search.verifying = true
                for assignment in Mapper(mapspace: space).spatialAssignments().list { search.run(spatial: assignment) }
                #expect(search.mismatches.isEmpty, "seed \(seed) \(objective): \(search.mismatches.prefix(3))")
            }
        }
    }

    // MARK: - The search under joint sharing

    /// A tiny 1-D or 2-D convolution on DRAM → GLB → 2-D fan-out of RFs, every fan-out joint. Half
    /// the cases pin a sliding-window pair on the two axes (`p` on x, `r` on y), so diagonal
    /// sharing is in every assignment.
    static func tinyDiagonalCase(seed: Int) -> (Einsum, Architecture) {
        var g = SeededGenerator(seed: UInt64(seed) &* 15_485_863 &+ 1)
        func b(_ hi: Int) -> Int { Int.random(in: 1...hi, using: &g) }
        let u = b(2)
        // O[m,p] += I[c, U*p + r] * W[m,c,r]
        let einsum = Einsum(dims: [Dim(name: "m", bound: b(2)), Dim(name: "c", bound: b(2)),
                                   Dim(name: "p", bound: 1 + b(3)), Dim(name: "r", bound: 1 + b(2))], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0), .dim(2)]),
            TensorAccess(name: "I", role: .inputs, indices: [.dim(1), AffineExpression(terms: [.init(dim: 2, coefficient: u), .init(dim: 3, coefficient: 1)])]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1), .dim(3)]),
        ])
        let bw = Bool.random(using: &g) ? Bandwidth(shared: Double(b(3))) : .unlimited
        var arch = Architecture(name: "tiny_joint", levels: [
            StorageLevel(name: "DRAM", kind: .dram, readEnergy: 100, writeEnergy: 120, bandwidth: bw),
            StorageLevel(name: "GLB", kind: .sram, sizeWords: 8 + b(24), keep: [KeepPolicy.all, .auto, .only(["inputs", "outputs"])][b(3) - 1],
                         readEnergy: 6, writeEnergy: 7, bandwidth: Bool.random(using: &g) ? Bandwidth(shared: 2) : .unlimited),
            StorageLevel(name: "RF", kind: .regfile, sizeWords: 2 + b(4), keep: .all,
                         fanout: Fanout(x: 1 + b(2), y: 1 + b(2), multicast: b(6) > 1, reduction: b(6) > 1, sharing: .joint),
                         readEnergy: 1, writeEnergy: 1.2),
        ], compute: ComputeUnit(energyPerMAC: 1))
        if seed % 2 == 0 {
            arch.constraints = Constraints(levels: ["GLB": LevelConstraint(spatialX: ["p", "m"], spatialY: ["r", "c"])])
        }
        arch.networkTransferEnergy = seed % 3 == 1 ? 1.5 : 0
        return (einsum, arch)
    }

    /// The pruned search's optimum equals the plain enumeration's for every objective, on tiny
    /// joint cases with sliding windows across the axes and on the optimality suites' own cases
    /// with their fan-outs made joint.
    @Test(.tags(.exhaustive), arguments: Exhaustive.seeds(24, exhaustive: 96))
    func searchFindsTheOptimumUnderJointSharing(seed: Int) throws {
        let (einsum, arch) = Self.tinyDiagonalCase(seed: seed)
        try MapperOptimalityTests.expectOptimal(einsum, arch, label: "joint seed \(seed)")
        let (e2, a2) = seed % 2 == 0 ? MapperOptimalityTests.tinyCase(seed: seed) : MapperOptimalityRichTests.richCase(seed: seed)
        try MapperOptimalityTests.expectOptimal(e2, Self.with(.joint, a2), label: "joint-made seed \(seed)")
    }

    /// Both bounds on a spatial assignment (``SpatialBound`` and the search's
    /// ``TilingSearch/assignmentBound(_:)``) stay below the least energy and cycles of the
    /// assignment's mappings under joint sharing, where per-axis products over-count.
    @Test func assignmentBoundsStayBelowTheOptimum() {
        var checked = 0, diagonal = 0
        for seed in 0..<16 {
            let (einsum, arch) = Self.tinyDiagonalCase(seed: seed)
            let space = Mapspace(einsum: einsum, architecture: arch)
            let slots = space.spatialSlots
            var least: [[[Int]]: (energy: Double, cycles: Int)] = [:]
            _ = BruteForceMapper(mapspace: space, objective: .energy).best { mapping, evaluation in
                let assignment = slots.map { slot in
                    einsum.dims.indices.map { d in
                        mapping.levels[slot.level].spatial.filter { $0.axis == slot.axis && $0.dim == d }.reduce(1) { $0 * $1.factor }
                    }
                }
                if Self.hasDiagonal(einsum, mapping) { diagonal += 1 }
                let old = least[assignment] ?? (.infinity, Int.max)
                least[assignment] = (min(old.energy, evaluation.energyPJ), min(old.cycles, evaluation.cycles))
            }
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            var search = TilingSearch(mapspace: space, context: context, objective: .edp)
            let spatialBound = SpatialBound(mapspace: space)
            for (assignment, optimum) in least {
                for bound in [spatialBound.bounds(assignment), search.assignmentBound(assignment)] {
                    guard let bound else { continue }
                    checked += 1
                    #expect(bound.energyPJ <= optimum.energy * (1 + 1e-12), "seed \(seed) \(assignment): energy bound \(bound.energyPJ) > least \(optimum.energy)")
                    #expect(bound.cycles <= optimum.cycles, "seed \(seed) \(assignment): cycle bound \(bound.cycles) > least \(optimum.cycles)")
                }
            }
        }
        #expect(checked >= 50)
        #expect(diagonal >= 100, "only \(diagonal) mappings share along a diagonal")
    }

    /// The search's bound on partial tilings (``TilingSearch/partialBound(from:)``) never exceeds
    /// the cost of a random joint mapping with diagonal sharing, for every suffix of fixed levels
    /// (the strided groups of a fan-out whose tile below is not fixed yet are bounded by its widest
    /// relevant factor over both axes).
    @Test func partialBoundNeverExceedsAJointCompletion() {
        for seed in 0..<200 {
            let (einsum, base, mapping) = Self.diagonalCase(seed: seed &+ 50_000)
            var g = SeededGenerator(seed: UInt64(seed))
            var arch = Self.with(.joint, base)
            for i in arch.levels.indices where Bool.random(using: &g) {
                arch.levels[i].bandwidth = Bandwidth(shared: Double(Int.random(in: 1...6, using: &g)) / 2)
            }
            let context = EvaluationContext(einsum: einsum, architecture: arch)
            let exact = context.evaluate(mapping)
            var search = TilingSearch(mapspace: Mapspace(einsum: einsum, architecture: arch), context: context, objective: .edp)
            for from in 0...arch.levels.count {
                guard let bound = search.partialBound(of: mapping, from: from) else { continue }
                #expect(bound.energyPJ <= exact.energyPJ * (1 + 1e-12),
                        "seed \(seed) from \(from): energy bound \(bound.energyPJ) > \(exact.energyPJ)\n\(mapping.loopNest(for: einsum, on: arch))")
                #expect(bound.cycles <= exact.cycles, "seed \(seed) from \(from): cycle bound \(bound.cycles) > \(exact.cycles)")
            }
        }
    }
}

/// The bit-set count of distinct offsets (``TileAnalysis/distinctOffsets(loops:projection:bits:)``)
/// equals a plain enumeration of offset vectors on random loops over random affine indices
/// (coefficients −2…3, strides up to 130 so shifts cross 64-bit words), and on dims split over
/// nested loops, with one bit set reused.
@Test func distinctOffsetsEqualAnEnumeration() {
    var bits: [UInt64] = []
    var overlapping = 0
    for seed in 0..<600 {
        var g = SeededGenerator(seed: UInt64(seed) &+ 777)
        let dims = Int.random(in: 2...4, using: &g)
        var indices: [AffineExpression] = []
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            let terms = (0..<dims).filter { _ in Bool.random(using: &g) }
                .map { AffineExpression.Term(dim: $0, coefficient: [-2, -1, 1, 2, 3][Int.random(in: 0..<5, using: &g)]) }
            indices.append(AffineExpression(terms: terms))
        }
        let tensor = TensorAccess(name: "T", role: .inputs, indices: indices)
        let projection = TensorProjection(tensor, dimCount: dims)
        var loops = (0..<Int.random(in: 1...4, using: &g)).map { _ in
            LoopNest.Entry(dim: Int.random(in: 0..<dims, using: &g), factor: Int.random(in: 1...5, using: &g),
                           kind: .spatialX, fanoutLevel: 1, stride: [1, 1, 2, 3, 5, 64, 65, 130][Int.random(in: 0..<8, using: &g)])
        }
        if seed >= 400 {
            // A dim split over both axes of a fan-out: loops whose strides nest (each the one inside
            // it times that one's factor, sometimes more), the case counted without enumerating.
            let d = Int.random(in: 0..<dims, using: &g)
            var stride = Int.random(in: 1...3, using: &g)
            loops = (0..<Int.random(in: 2...3, using: &g)).map { _ in
                let factor = Int.random(in: 2...5, using: &g)
                defer { stride *= factor * Int.random(in: 1...2, using: &g) }
                return LoopNest.Entry(dim: d, factor: factor, kind: .spatialY, fanoutLevel: 1, stride: stride)
            }
            if Bool.random(using: &g) {
                loops.append(LoopNest.Entry(dim: (d + 1) % dims, factor: Int.random(in: 2...4, using: &g), kind: .spatialX,
                                            fanoutLevel: 1, stride: [1, 2, 3][Int.random(in: 0..<3, using: &g)]))
            }
            loops.shuffle(using: &g)
        }
        var offsets: Set<[Int]> = [Array(repeating: 0, count: indices.count)]
        for loop in loops {
            offsets = Set(offsets.flatMap { base in
                (0..<loop.factor).map { i in
                    base.indices.map { k in base[k] + projection.coefficient(k, loop.dim) * loop.stride * i }
                }
            })
        }
        let got = TileAnalysis.distinctOffsets(loops: loops[...], projection: projection, bits: &bits)
        if offsets.count < loops.reduce(1) { $0 * (projection.relevant[$1.dim] ? $1.factor : 1) } { overlapping += 1 }
        #expect(got == offsets.count, "seed \(seed): \(got) offsets counted, \(offsets.count) distinct; \(indices) \(loops.map { ($0.dim, $0.factor, $0.stride) })")
    }
    #expect(overlapping >= 40, "only \(overlapping) cases with overlapping offsets")
}
