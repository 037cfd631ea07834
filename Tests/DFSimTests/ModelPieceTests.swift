import DFSim
import Numerics
import Testing

/// Small cost-model pieces checked against counts derived by hand (Timeloop's nest analysis as
/// docs/format.md §4 and the README state it), plus mapping validation/printing and the energy tables.
@Suite struct ModelPieceTests {
    // MARK: - Builders

    /// The 1-D sliding window `O[p] += I[p+r] * W[r]`.
    static func window(p: Int, r: Int) -> Einsum {
        Einsum(dims: [Dim(name: "p", bound: p), Dim(name: "r", bound: r)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
            TensorAccess(name: "I", role: .inputs, indices: [AffineExpression(terms: [.init(dim: 0, coefficient: 1),
                                                                                    .init(dim: 1, coefficient: 1)])]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(1)]),
        ])
    }

    /// `O[m] += I[c] * W[m,c]` (a tiny matrix-vector product).
    static func matvec(m: Int, c: Int) -> Einsum {
        Einsum(dims: [Dim(name: "m", bound: m), Dim(name: "c", bound: c)], tensors: [
            TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
            TensorAccess(name: "I", role: .inputs, indices: [.dim(1)]),
            TensorAccess(name: "W", role: .weights, indices: [.dim(0), .dim(1)]),
        ])
    }

    static func level(_ name: String, kind: MemoryKind = .sram, size: Int? = nil, keep: KeepPolicy = .all,
                      fanout: Fanout? = nil, read: Double = 1, write: Double = 1, update: Double? = nil,
                      bandwidth: Bandwidth = .unlimited) -> StorageLevel {
        StorageLevel(name: name, kind: kind, sizeWords: size, keep: keep, fanout: fanout, readEnergy: read,
                     writeEnergy: write, updateEnergy: update, bandwidth: bandwidth)
    }

    static func arch(_ levels: [StorageLevel], mac: Double = 1) -> Architecture {
        Architecture(name: "test", levels: levels, compute: ComputeUnit(energyPerMAC: mac))
    }

    /// DRAM → Buffer (everything kept, large).
    static func twoLevels(dram: Bandwidth = .unlimited, bufferFanout: Fanout? = nil) -> Architecture {
        arch([level("DRAM", kind: .dram, read: 100, write: 50, bandwidth: dram),
              level("Buffer", size: 1000, fanout: bufferFanout, read: 2, write: 3, update: 4)])
    }

    /// DRAM → GLB → PE (fan-out `fanout` at the PE) → compute.
    static func withFanout(_ fanout: Fanout) -> Architecture {
        arch([level("DRAM", kind: .dram), level("GLB", size: 1000), level("PE", kind: .regfile, size: 100, fanout: fanout)])
    }

    static func t(_ dim: Int, _ factor: Int) -> Loop { Loop(dim: dim, factor: factor) }
    static func x(_ dim: Int, _ factor: Int) -> SpatialLoop { SpatialLoop(dim: dim, factor: factor, axis: .x) }
    static func y(_ dim: Int, _ factor: Int) -> SpatialLoop { SpatialLoop(dim: dim, factor: factor, axis: .y) }

    /// `[utilized capacity, reads, fills, updates]` of one tensor at one level (nil: not kept there).
    func counts(_ e: Evaluation, _ level: String, _ role: TensorRole) -> [Int]? {
        guard let t = e.levels.first(where: { $0.name == level })?.tensors.first(where: { $0.role == role }) else { return nil }
        return [t.utilizedCapacity, t.reads, t.fills, t.updates]
    }

    func evaluate(_ einsum: Einsum, _ arch: Architecture, _ levels: [LevelMapping],
                  sourceLocation: SourceLocation = #_sourceLocation) -> Evaluation {
        let mapping = Mapping(levels: levels)
        #expect(mapping.validate(for: einsum, on: arch).isEmpty, "test mapping is invalid", sourceLocation: sourceLocation)
        return CostModel.evaluate(einsum, on: arch, mapping: mapping)
    }

    // MARK: - Temporal reuse

    /// P = 8, R = 3; DRAM `p: 4` above Buffer `p: 2, r: 3`.
    ///
    /// Buffer tiles: O 2, W 3, I = span(p+r) = 1 + 1 + 2 = 4.
    /// - I: the DRAM `p` loop is the innermost above, one step moves the window by 2 (< 4):
    ///   2 new words per step, 3 steps → 4 + 3·2 = 10 fills (= footprint 8 + 3 − 1).
    /// - W: `p` is irrelevant → fetched once, 3 fills.
    /// - O: each step moves by 2 ≥ span 2 → 2 + 3·2 = 8 words go up as DRAM updates; partition 8,
    ///   so no fills back and DRAM reads = 8 − 8 = 0.
    /// - Compute: 4·2·3 = 24 MACs → Buffer reads 24 of W and I, 24 O updates, O reads 24 − 8 = 16.
    @Test func slidingWindowPartialReuse() {
        let e = evaluate(Self.window(p: 8, r: 3), Self.twoLevels(),
                         [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 3)])])
        #expect(e.macs == 24)
        #expect(e.computeCycles == 24)
        #expect(counts(e, "Buffer", .inputs) == [4, 24, 10, 0])
        #expect(counts(e, "Buffer", .weights) == [3, 24, 3, 0])
        #expect(counts(e, "Buffer", .outputs) == [2, 16, 0, 24])
        #expect(counts(e, "DRAM", .inputs) == [10, 10, 0, 0])
        #expect(counts(e, "DRAM", .weights) == [3, 3, 0, 0])
        #expect(counts(e, "DRAM", .outputs) == [8, 0, 0, 8])
        // Tensors listed in Timeloop's order: weights, inputs, outputs.
        #expect(e.levels[1].tensors.map(\.role) == [.weights, .inputs, .outputs])

        // Energy: DRAM 3·100 + 10·100 + 8·50 (update = write) = 1700;
        // Buffer W 24·2 + 3·3 = 57, I 24·2 + 10·3 = 78, O 16·2 + 24·4 (update_energy) = 128 → 263;
        // compute 24 · 1. Total 1987 pJ.
        #expect(e.levels[0].energyPJ == 1700)
        #expect(e.levels[1].energyPJ == 263)
        #expect(e.computeEnergyPJ == 24)
        #expect(e.energyPJ == 1987)
        // Reuse at Buffer: W 24 reads / 3 fills = 8; I 24 / 10; O (16 + 24) / (0 + partition 8) = 5.
        #expect(e.levels[1].tensors.map(\.reuseFactor) == [8, 2.4, 5])
        // DRAM: 21 words per 24 MACs; at 16-bit words 42 bytes → 24/42 MACs per byte.
        #expect(e.dramAccessesPerMAC == 21.0 / 24.0)
        #expect(e.dramArithmeticIntensity == 24.0 / 42.0)
    }

    /// P = 8, R = 3; DRAM `p: 2, r: 3` (r innermost) above Buffer `p: 4`.
    ///
    /// I tile = span(p+r) with p extent 4, r extent 1 = 4. The innermost loop `r` slides the
    /// window by 1: 1 new word per step, 2 steps per p → 4. When `p` advances (an outer loop),
    /// `r` wraps from 2 to 0: the tile goes from I[2..5] to I[4..7], overlapping in 2 words, but
    /// only the innermost loop keeps partial reuse: refetched whole, 4. Fills = 4 + 4 + 4 = 12,
    /// not the 10-word footprint.
    @Test func outerLoopWrapRefetchesWholeTile() {
        let e = evaluate(Self.window(p: 8, r: 3), Self.twoLevels(),
                         [LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 3)]), LevelMapping(temporal: [Self.t(0, 4)])])
        #expect(counts(e, "Buffer", .inputs)?[2] == 12)
        #expect(counts(e, "DRAM", .inputs)?[1] == 12)
        // W tile = 1: r moves it by 1 ≥ span 1 → 1 per step (2 per p), and p is irrelevant to W
        // but resets r (relevant), so the tile is refetched: 1 + 2·2 + 1·1 = 6 fills, 2 × footprint.
        #expect(counts(e, "Buffer", .weights)?[2] == 6)
        // O tile = 4: r is irrelevant (0 new words), p moves it by 4 ≥ 4 → 4 + 4 = 8 = partition;
        // no partial sums come back.
        #expect(counts(e, "Buffer", .outputs) == [4, 24 - 8, 0, 24])
    }

    /// P = 2, R = 2; DRAM `p: 2, r: 2` (r innermost), Buffer holds one word of each tensor.
    ///
    /// I[p+r] visits I0, I1, then (p, r) = (1, 0) needs I1 again, exactly the previous tile; but
    /// p is an outer loop and relevant, so it is fetched whole anyway: 4 fills, not 3.
    @Test func identicalTileAfterWrapIsStillRefetched() {
        let e = evaluate(Self.window(p: 2, r: 2), Self.twoLevels(),
                         [LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 2)]), LevelMapping()])
        #expect(counts(e, "Buffer", .inputs) == [1, 4, 4, 0])
        // O: r irrelevant (0), p step brings 1 → 2 = partition → no fills; 4 updates, 4 − 2 reads.
        #expect(counts(e, "Buffer", .outputs) == [1, 2, 0, 4])
        #expect(counts(e, "DRAM", .outputs) == [2, 0, 0, 2])
    }

    /// An irrelevant loop above a level costs nothing; an irrelevant outer loop costs nothing only
    /// when no loop inside it (that it resets) is relevant.
    @Test func irrelevantLoopsGiveZeroRefetch() {
        let e = Self.window(p: 8, r: 3)
        // DRAM `r: 3, p: 4` above Buffer `p: 2`: W tile 1; innermost p irrelevant (0), r relevant:
        // 2 steps × 1 → 1 + 0 + 2 = 3 = W's footprint.
        let rOuter = evaluate(e, Self.twoLevels(),
                              [LevelMapping(temporal: [Self.t(1, 3), Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2)])])
        #expect(counts(rOuter, "Buffer", .weights)?[2] == 3)
        // DRAM `p: 4, r: 3`: r innermost (1 per step, 2·4 steps = 8), then each p step resets r:
        // the W tile is refetched although p is irrelevant → 1 + 8 + 3 = 12.
        let rInner = evaluate(e, Self.twoLevels(),
                              [LevelMapping(temporal: [Self.t(0, 4), Self.t(1, 3)]), LevelMapping(temporal: [Self.t(0, 2)])])
        #expect(counts(rInner, "Buffer", .weights)?[2] == 12)
        // Outputs under DRAM `p: 4, r: 3` (r innermost, irrelevant): 2 + 0 + 3·2 = 8, no refetch.
        #expect(counts(rInner, "Buffer", .outputs)?[2] == 0)
        #expect(counts(rInner, "DRAM", .outputs)?[3] == 8)
    }

    /// P = 8, R = 3; DRAM `r: 3, p: 2` (p innermost) above Buffer `p: 4`.
    ///
    /// O tile 4: p moves by 4 ≥ 4 → 4 per step (3 steps = 12); r steps (irrelevant, but reset p)
    /// refetch the whole tile (2 × 4 = 8) → 4 + 12 + 8 = 24 words go up; partition 8. Per
    /// instance, Buffer fills = 24 − 8 = 16 partial sums come back; DRAM updates 24, DRAM reads
    /// = 24 − 8 = 16 (first-read elision); Buffer updates 24 (MACs), reads 24 − 8 = 16.
    @Test func firstReadElisionAndPartialSumRefills() {
        let e = evaluate(Self.window(p: 8, r: 3), Self.twoLevels(),
                         [LevelMapping(temporal: [Self.t(1, 3), Self.t(0, 2)]), LevelMapping(temporal: [Self.t(0, 4)])])
        #expect(counts(e, "Buffer", .outputs) == [4, 16, 16, 24])
        #expect(counts(e, "DRAM", .outputs) == [8, 16, 0, 24])
        let dram = e.levels[0].tensors.first { $0.role == .outputs }
        #expect(dram?.partitionSize == 8)
    }

    // MARK: - Spatial reuse

    /// P = 8, R = 3; GLB `r: 3` temporal and `p: 4` spatial (x) to 4 PEs, PE `p: 2`.
    ///
    /// PE tiles: W 1 (r is above), I span(p+r) = 2, O 2.
    /// - W: r steps bring 1 → 1 + 2 = 3 per PE, 12 fills; p is irrelevant to W, so the 4 PEs
    ///   share each GLB read: 3 reads (multicast). Without multicast: 12.
    /// - I: r slides the window by 1 → 2 + 2·1 = 4 per PE, 16 fills; every PE needs different
    ///   words → 16 GLB reads either way.
    /// - O: r irrelevant → 2 per PE, = partition → no fills; PE updates 6 MACs × 4 = 24, reads
    ///   24 − 2·4 = 16; GLB updates 2 · 4 = 8 (distinct outputs), reads 8 − 8 = 0.
    @Test(arguments: [true, false])
    func weightsMulticastAcrossAnIrrelevantSpatialLoop(multicast: Bool) {
        let arch = Self.withFanout(Fanout(x: 4, y: 1, multicast: multicast))
        let e = evaluate(Self.window(p: 8, r: 3), arch, [
            LevelMapping(), LevelMapping(temporal: [Self.t(1, 3)], spatial: [Self.x(0, 4)]), LevelMapping(temporal: [Self.t(0, 2)]),
        ])
        #expect(e.levels[2].instances == 4)
        #expect(e.utilizedPEs == 4)
        #expect(counts(e, "PE", .weights) == [1, 24, 12, 0])
        #expect(counts(e, "GLB", .weights) == [3, multicast ? 3 : 12, 3, 0])
        #expect(counts(e, "PE", .inputs) == [2, 24, 16, 0])
        #expect(counts(e, "GLB", .inputs) == [10, 16, 10, 0])
        #expect(counts(e, "PE", .outputs) == [2, 16, 0, 24])
        #expect(counts(e, "GLB", .outputs) == [8, 0, 0, 8])
    }

    /// M = 2, C = 4: `O[m] += I[c] * W[m,c]`; GLB spreads c over 4 PEs (x), each PE runs `m: 2`.
    ///
    /// PE: O tile 2 = partition, 2 MACs × 4 PEs = 8 updates, reads 8 − 2·4 = 0.
    /// All PEs update the same 2 outputs: with reduction the GLB sees 2 updates (reads 2 − 2 = 0);
    /// without, 2 × 4 = 8 updates and 8 − 2 = 6 reads.
    /// I: 1 word per PE, distinct → GLB reads 4; W: 2 per PE, distinct → 8.
    @Test(arguments: [true, false])
    func outputsSpatiallyReducedOverC(reduction: Bool) {
        let arch = Self.withFanout(Fanout(x: 4, y: 1, reduction: reduction))
        let e = evaluate(Self.matvec(m: 2, c: 4), arch, [
            LevelMapping(), LevelMapping(spatial: [Self.x(1, 4)]), LevelMapping(temporal: [Self.t(0, 2)]),
        ])
        #expect(counts(e, "PE", .outputs) == [2, 0, 0, 8])
        #expect(counts(e, "GLB", .outputs) == (reduction ? [2, 0, 0, 2] : [2, 6, 0, 8]))
        #expect(counts(e, "GLB", .inputs) == [4, 4, 4, 0])
        #expect(counts(e, "GLB", .weights) == [8, 8, 8, 0])
        #expect(counts(e, "DRAM", .outputs) == [2, 0, 0, 2])
    }

    /// P = 2, R = 2, both spatial below the GLB, PEs hold one word of I[p+r].
    ///
    /// On one axis (x: p 2, r 2) the four PEs need I0, I1, I1, I2: 3 distinct → 3 GLB reads.
    /// Split across axes (y: p, x: r) with `sharing: per_axis` the fan-out is grouped axis by axis
    /// and the diagonal equality is not shared: 2 × 2 = 4 reads; `joint` shares it: 3. Fills are 4
    /// either way.
    @Test func diagonalMulticastPerAxisAndJoint() {
        let e = Self.window(p: 2, r: 2)
        let oneAxis = evaluate(e, Self.withFanout(Fanout(x: 4, y: 1)),
                               [LevelMapping(), LevelMapping(spatial: [Self.x(0, 2), Self.x(1, 2)]), LevelMapping()])
        #expect(counts(oneAxis, "GLB", .inputs)?[1] == 3)
        #expect(counts(oneAxis, "PE", .inputs)?[2] == 4)
        let twoAxes = evaluate(e, Self.withFanout(Fanout(x: 2, y: 2, sharing: .perAxis)),
                               [LevelMapping(), LevelMapping(spatial: [Self.y(0, 2), Self.x(1, 2)]), LevelMapping()])
        #expect(counts(twoAxes, "GLB", .inputs)?[1] == 4)
        #expect(counts(twoAxes, "PE", .inputs)?[2] == 4)
        let joint = evaluate(e, Self.withFanout(Fanout(x: 2, y: 2, sharing: .joint)),
                             [LevelMapping(), LevelMapping(spatial: [Self.y(0, 2), Self.x(1, 2)]), LevelMapping()])
        #expect(counts(joint, "GLB", .inputs)?[1] == 3)
        #expect(counts(joint, "PE", .inputs)?[2] == 4)
    }

    // MARK: - Bypass and keep: auto

    /// DRAM → Buffer (keeps only weights) → RF (keeps all); P = 8, R = 3;
    /// DRAM `p: 2`, Buffer `p: 2`, RF `p: 2, r: 3`.
    ///
    /// RF I tile span(p+r) = 2 + 3 − 1 = 4. Innermost loop above is Buffer `p` (moves 2 < 4):
    /// 2 per step, 2 steps → 4; DRAM `p` step refetches 4 → 4 + 4 + 4 = 12, all read from DRAM
    /// (Buffer bypassed). RF O tile 2: Buffer p (2 ≥ 2 → 2 × 2 steps = 4), DRAM p 2 → 8 = partition:
    /// DRAM updates 8. W: Buffer and RF hold all 3, fetched once.
    @Test func bypassedLevelParentServesTheNextKeepingLevel() {
        let arch = Self.arch([Self.level("DRAM", kind: .dram), Self.level("Buffer", size: 100, keep: .only(["weights"])),
                              Self.level("RF", kind: .regfile, size: 100)])
        let e = evaluate(Self.window(p: 8, r: 3), arch, [
            LevelMapping(temporal: [Self.t(0, 2)]), LevelMapping(temporal: [Self.t(0, 2)]),
            LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 3)]),
        ])
        #expect(e.levels[1].tensors.map(\.role) == [.weights])
        #expect(counts(e, "RF", .inputs) == [4, 24, 12, 0])
        #expect(counts(e, "DRAM", .inputs) == [10, 12, 0, 0])
        #expect(counts(e, "Buffer", .weights) == [3, 3, 3, 0])
        #expect(counts(e, "DRAM", .weights) == [3, 3, 0, 0])
        #expect(counts(e, "RF", .outputs) == [2, 16, 0, 24])
        #expect(counts(e, "DRAM", .outputs) == [8, 0, 0, 8])
    }

    /// The same hierarchy with `keep: auto` at Buffer: a mapping `keep: [weights]` gives exactly the
    /// bypass above; no choice keeps everything there. Then Buffer holds I with p extent 4:
    /// span 6, DRAM `p` moves it by 4 → 6 + 4 = 10 fills (= footprint), and it serves the RF's 12.
    @Test func keepAutoFollowsTheMappingsChoice() {
        let auto = Self.arch([Self.level("DRAM", kind: .dram), Self.level("Buffer", size: 100, keep: .auto),
                              Self.level("RF", kind: .regfile, size: 100)])
        let loops: [[Loop]] = [[Self.t(0, 2)], [Self.t(0, 2)], [Self.t(0, 2), Self.t(1, 3)]]
        let chosen = Mapping(levels: [LevelMapping(temporal: loops[0]), LevelMapping(temporal: loops[1], keep: [.weights]),
                                      LevelMapping(temporal: loops[2])])
        let e = CostModel.evaluate(Self.window(p: 8, r: 3), on: auto, mapping: chosen)
        #expect(e.levels[1].tensors.map(\.role) == [.weights])
        #expect(counts(e, "DRAM", .inputs)?[1] == 12)
        let einsum = Self.window(p: 8, r: 3)
        #expect(!chosen.keeps(level: 1, tensor: einsum.tensors[1], in: auto))
        #expect(chosen.keeps(level: 1, tensor: einsum.tensors[2], in: auto))

        let all = EvaluationContext(einsum: einsum, architecture: auto).evaluate(
            Mapping(levels: loops.map { LevelMapping(temporal: $0) }))
        #expect(all.levels[1].tensors.map(\.role) == [.weights, .inputs, .outputs])
        #expect(counts(all, "Buffer", .inputs) == [6, 12, 10, 0])
        #expect(counts(all, "DRAM", .inputs)?[1] == 10)
    }

    // MARK: - Bandwidth

    /// P = 8, R = 2; DRAM `p: 4` above Buffer `p: 2, r: 2`: 16 compute cycles.
    /// DRAM per instance: reads W 2 + I (3 + 3·2 = 9) = 11, writes O 8 → 19 accesses.
    @Test func sharedBandwidthBoundsCycles() {
        // Shared 0.75 words/cycle: ceil(19 / 0.75) = ceil(25.33) = 26 cycles > 16.
        // Buffer opens an (unused) 2×2 fan-out: 4 PEs in total, 1 utilized.
        let arch = Self.twoLevels(dram: Bandwidth(shared: 0.75), bufferFanout: Fanout(x: 2, y: 2))
        let e = evaluate(Self.window(p: 8, r: 2), arch,
                         [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 2)])])
        #expect(counts(e, "DRAM", .weights)?[1] == 2)
        #expect(counts(e, "DRAM", .inputs)?[1] == 9)
        #expect(counts(e, "DRAM", .outputs)?[3] == 8)
        #expect(e.computeCycles == 16)
        #expect(e.levels[0].cycles == 26)
        #expect(e.levels[1].cycles == 16)
        #expect(e.cycles == 26)
        #expect(e.levels[0].bandwidthThrottling.isApproximatelyEqual(to: 0.75 / (19.0 / 16.0), relativeTolerance: 1e-12))
        #expect(e.levels[1].bandwidthThrottling == 1)
        #expect(e.totalPEs == 4)
        #expect(e.utilizedPEs == 1)
        #expect(e.spatialUtilization == 0.25)
        // utilization = MACs / (total PEs × cycles) = 16 / (4 · 26).
        #expect(e.utilization.isApproximatelyEqual(to: 16.0 / 104.0, relativeTolerance: 1e-12))
    }

    @Test func readAndWriteBandwidthAreSeparateLimits() {
        // Reads 11 at 0.4 → ceil(27.5) = 28; writes 8 at 0.3 → ceil(26.67) = 27; cycles = 28.
        let e = evaluate(Self.window(p: 8, r: 2), Self.twoLevels(dram: Bandwidth(read: 0.4, write: 0.3)),
                         [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 2)])])
        #expect(e.cycles == 28)
        // Writes alone (read unlimited) bind at 27.
        let writes = evaluate(Self.window(p: 8, r: 2), Self.twoLevels(dram: Bandwidth(write: 0.3)),
                              [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 2)])])
        #expect(writes.cycles == 27)
        // A bandwidth above the demand (19 / 16 per cycle < 2) leaves the compute cycles.
        let ample = evaluate(Self.window(p: 8, r: 2), Self.twoLevels(dram: Bandwidth(shared: 2)),
                             [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 2)])])
        #expect(ample.cycles == 16)
        #expect(ample.utilization == 1)
    }

    // MARK: - Mapping validation and printing

    @Test func validateReportsFactorProducts() {
        let e = Self.window(p: 8, r: 3)
        let arch = Self.twoLevels()
        let over = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 3), Self.t(1, 3)])])
        #expect(over.validate(for: e, on: arch) == [
            MappingIssue(level: nil, message: "factors of 'p' multiply to 12, expected 8 (4 at DRAM, 3 at Buffer)"),
        ])
        let under = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping()])
        #expect(under.validate(for: e, on: arch) == [
            MappingIssue(level: nil, message: "factors of 'p' multiply to 4, expected 8 (4 at DRAM)",
                         hint: "add a loop 'p: 2' at some level"),
            MappingIssue(level: nil, message: "factors of 'r' multiply to 1, expected 3",
                         hint: "add a loop 'r: 3' at some level"),
        ])
        let short = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 8), Self.t(1, 3)])])
        #expect(short.validate(for: e, on: arch).map(\.message) == ["the mapping has 1 levels, the architecture 2"])
    }

    @Test func validateReportsSpatialFit() {
        let e = Self.window(p: 8, r: 3)
        let arch = Self.withFanout(Fanout(x: 4, y: 1))
        let wide = Mapping(levels: [LevelMapping(), LevelMapping(temporal: [Self.t(1, 3)], spatial: [Self.x(0, 8)]), LevelMapping()])
        #expect(wide.validate(for: e, on: arch) == [MappingIssue(
            level: "GLB", message: "spatial x loops below GLB use 8 instances (p 8), but PE's fan-out has x = 4")])
        let tall = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 4)]),
                                    LevelMapping(spatial: [Self.y(0, 2), Self.y(1, 3)]), LevelMapping()])
        #expect(tall.validate(for: e, on: arch).map(\.message) == [
            "spatial y loops below GLB use 6 instances (p 2 × r 3), but PE's fan-out has y = 1"])
        // Spatial loops at DRAM: the level below (GLB) opens no fan-out.
        let noFanout = Mapping(levels: [LevelMapping(spatial: [Self.x(0, 2)]), LevelMapping(temporal: [Self.t(0, 4), Self.t(1, 3)]),
                                        LevelMapping()])
        let issues = noFanout.validate(for: e, on: arch)
        #expect(issues.map(\.message) == ["DRAM has spatial loops, but no fan-out starts below it"])
        #expect(issues.first?.level == "DRAM")
    }

    @Test func validateReportsCapacity() {
        // Buffer tiles for DRAM `p: 4`, Buffer `p: 2, r: 3`: O 2, I 4, W 3 = 9 words > 8.
        let e = Self.window(p: 8, r: 3)
        let arch = Self.arch([Self.level("DRAM", kind: .dram), Self.level("Buffer", size: 8)])
        let m = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 3)])])
        #expect(m.validate(for: e, on: arch) == [MappingIssue(
            level: "Buffer", message: "tiles at Buffer need 9 words (O: 2, I: 4, W: 3), but it holds 8",
            hint: "move loops from Buffer (or the levels below it) to a level above")])
        // Bypassing W leaves 6 words: fits.
        let bypass = Self.arch([Self.level("DRAM", kind: .dram), Self.level("Buffer", size: 8, keep: .only(["O", "inputs"]))])
        #expect(m.validate(for: e, on: bypass).isEmpty)
        // A non-positive factor is named. (A factor of 0 is not tried here: see the report.)
        let negative = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 8), Self.t(1, 3)]), LevelMapping(temporal: [Self.t(0, -1)])])
        #expect(negative.validate(for: e, on: arch).map(\.message).contains("Buffer: factor of 'p' is -1; factors must be positive"))
    }

    @Test func loopNestAndOneLine() {
        let e = Self.window(p: 8, r: 3)
        let flat = Mapping(levels: [LevelMapping(temporal: [Self.t(0, 4)]), LevelMapping(temporal: [Self.t(0, 2), Self.t(1, 3)])])
        #expect(flat.loopNest(for: e, on: Self.twoLevels()) == """
            DRAM [ O:8 I:10 W:3 ]
            | for p in [0:4)
            Buffer [ O:2 I:4 W:3 ]
            |   for p in [0:2)
            |     for r in [0:3)
            """)
        #expect(flat.oneLine(for: e, on: Self.twoLevels()) == "DRAM[p4] Buffer[p2 r3]")

        // Spatial loops print y before x, whatever order they were given in; oneLine keeps the order.
        let arch = Self.withFanout(Fanout(x: 2, y: 2))
        let spatial = Mapping(levels: [LevelMapping(), LevelMapping(temporal: [Self.t(1, 3)], spatial: [Self.x(0, 2), Self.y(0, 2)]),
                                       LevelMapping(temporal: [Self.t(0, 2)])])
        #expect(spatial.validate(for: e, on: arch).isEmpty)
        #expect(spatial.loopNest(for: e, on: arch) == """
            DRAM [ O:8 I:10 W:3 ]
            GLB [ O:8 I:10 W:3 ]
            | for r in [0:3)
            |   for p in [0:2) (spatial y)
            |     for p in [0:2) (spatial x)
            PE ×4 [ O:2 I:2 W:1 ]
            |       for p in [0:2)
            """)
        #expect(spatial.oneLine(for: e, on: arch) == "GLB[r3 | p2x p2y] PE[p2]")
    }

    // MARK: - Energy tables

    @Test func horowitzSRAMScalesWithTheSquareRootOfSize() {
        let h = EnergyTable.horowitz45
        // 8 KiB of 32-bit words = 2048 words: the reference array, 5 pJ.
        #expect(h.accessEnergy(kind: .sram, wordBits: 32, sizeWords: 2048).pj == 5)
        // 32 KiB (8192 words): 5 × sqrt(4) = 10 pJ.
        #expect(h.accessEnergy(kind: .sram, wordBits: 32, sizeWords: 8192).pj == 10)
        // 1 MiB (262,144 words): 5 × sqrt(128) ≈ 56.57 pJ.
        #expect(h.accessEnergy(kind: .sram, wordBits: 32, sizeWords: 262_144).pj
            .isApproximatelyEqual(to: 5 * 128.0.squareRoot(), relativeTolerance: 1e-12))
        // 16-bit words: 8 KiB = 4096 words → 5 × 16/32 = 2.5; 32 KiB = 16384 words → 5 × 2 × 0.5 = 5.
        #expect(h.accessEnergy(kind: .sram, wordBits: 16, sizeWords: 4096).pj == 2.5)
        #expect(h.accessEnergy(kind: .sram, wordBits: 16, sizeWords: 16384).pj == 5)
        // 108 KiB at 16 bits (55,296 words): 5 × 0.5 × sqrt(13.5) ≈ 9.1856.
        let glb = h.accessEnergy(kind: .sram, wordBits: 16, sizeWords: 55_296)
        #expect(glb.pj.isApproximatelyEqual(to: 2.5 * 13.5.squareRoot(), relativeTolerance: 1e-12))
        #expect(glb.derivation == "horowitz45: SRAM 5 pJ × 16/32 bits × sqrt(108 KiB / 8 KiB)")
        // No size: no size scaling.
        #expect(h.accessEnergy(kind: .sram, wordBits: 32, sizeWords: nil).pj == 5)
    }

    @Test func horowitzBitScaling() {
        let h = EnergyTable.horowitz45
        // Memories linear in bits.
        #expect(h.accessEnergy(kind: .dram, wordBits: 32, sizeWords: nil).pj == 640)
        #expect(h.accessEnergy(kind: .dram, wordBits: 16, sizeWords: nil).pj == 320)
        #expect(h.accessEnergy(kind: .dram, wordBits: 8, sizeWords: nil).pj == 160)
        #expect(h.accessEnergy(kind: .regfile, wordBits: 16, sizeWords: 64).pj == 0.5)
        #expect(h.accessEnergy(kind: .dram, wordBits: 32, sizeWords: nil).derivation == "horowitz45: DRAM 640 pJ")
        #expect(h.accessEnergy(kind: .dram, wordBits: 16, sizeWords: nil).derivation == "horowitz45: DRAM 640 pJ × 16/32 bits")
        // MAC = multiplier (quadratic) + adder (linear).
        // 32-bit int: 3.1 + 0.1 = 3.2; fp: 3.7 + 0.9 = 4.6.
        #expect(h.macEnergy(op: "int_mac", bits: 32).pj.isApproximatelyEqual(to: 3.2, relativeTolerance: 1e-12))
        #expect(h.macEnergy(op: "fp_mac", bits: 32).pj.isApproximatelyEqual(to: 4.6, relativeTolerance: 1e-12))
        // 16-bit int: 3.1/4 + 0.1/2 = 0.825; fp: 3.7/4 + 0.9/2 = 1.375.
        #expect(h.macEnergy(op: "int_mac", bits: 16).pj.isApproximatelyEqual(to: 0.825, relativeTolerance: 1e-12))
        #expect(h.macEnergy(op: "fp_mac", bits: 16).pj.isApproximatelyEqual(to: 1.375, relativeTolerance: 1e-12))
        // 8-bit int: 3.1/16 + 0.1/4 = 0.19375 + 0.025 = 0.21875.
        #expect(h.macEnergy(op: "int_mac", bits: 8).pj.isApproximatelyEqual(to: 0.21875, relativeTolerance: 1e-12))
        #expect(h.macEnergy(op: "int_mac", bits: 16).derivation.hasPrefix("horowitz45: int MULT 3.1 × (16/32)²"))
    }

    @Test func eyerissTableIsNormalizedAndUnscaled() {
        let e = EnergyTable.eyeriss65
        #expect(e.accessEnergy(kind: .dram, wordBits: 16, sizeWords: nil).pj == 200)
        #expect(e.accessEnergy(kind: .dram, wordBits: 8, sizeWords: nil).pj == 200)
        #expect(e.accessEnergy(kind: .sram, wordBits: 16, sizeWords: 55_296).pj == 6)
        #expect(e.accessEnergy(kind: .regfile, wordBits: 16, sizeWords: 12).pj == 1)
        #expect(e.macEnergy(op: "int_mac", bits: 16).pj == 1)
        #expect(e.macEnergy(op: "fp_mac", bits: 32).pj == 1)
        #expect(e.networkTransfer == 2)
        #expect(EnergyTable.horowitz45.networkTransfer == 0)
        #expect(EnergyTable.builtIn.keys.sorted() == ["eyeriss65", "horowitz45"])
    }
}

/// A zero factor (possible through the API, not YAML) is a validation issue, not a trap.
@Test func zeroFactorIsReportedNotTrapped() {
    let einsum = Einsum(dims: [Dim(name: "p", bound: 8)], tensors: [
        TensorAccess(name: "O", role: .outputs, indices: [.dim(0)]),
        TensorAccess(name: "I", role: .inputs, indices: [.dim(0)]),
    ])
    let arch = Architecture(name: "a", levels: [
        StorageLevel(name: "DRAM", kind: .dram, readEnergy: 1, writeEnergy: 1),
        StorageLevel(name: "B", kind: .sram, sizeWords: 64, readEnergy: 1, writeEnergy: 1),
    ], compute: ComputeUnit(energyPerMAC: 1))
    let mapping = Mapping(levels: [LevelMapping(temporal: [Loop(dim: 0, factor: 8)]),
                                   LevelMapping(temporal: [Loop(dim: 0, factor: 0)])])
    let issues = mapping.validate(for: einsum, on: arch).map(\.message)
    #expect(issues.contains("factors of 'p' multiply to 0, expected 8 (8 at DRAM, 0 at B)"))
}
